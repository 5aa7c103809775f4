import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isUniqueViolation, toSafeNumber } from '../../platform/db/dialect.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, ProblemError, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { TerritoriesService } from '../territories/service.js';
import type { Grants, Territory } from '../territories/model.js';
import type { TransferInput } from './ledger-model.js';
import type { NewAccount } from './ledger-repository.js';
import { EURO, systemAccountId } from './model.js';
import type { CurrencyService } from './service.js';
import { settingsRepository } from './settings-repository.js';
import { peopleRepository } from '../../platform/auth/people.js';
import {
  convertedAmount,
  planPayroll,
  requireValidPeriod,
  validateShare,
  type ConvertedLine,
  type Employee,
  type NotConvertedReason,
  type PayrollLineInput,
  type PersonLabel,
  type StoredRunLines,
} from './salary-share-model.js';

export interface ConsentView {
  employerId: string;
  employerName: string;
  employeeId: string;
  employeeName: string;
  shareBp: number;
  consentedAt: string;
}

export interface PayrollReport {
  runId: string | null;
  status: 'preview' | 'committed';
  period: string;
  employerId: string;
  committedAt: string | null;
  /** Employees whose share was converted. */
  employees: number;
  /** Net salaries of the whole payroll, converted or not: the base of the share circulating locally. */
  totalNet: number;
  totalConverted: number;
  lines: (Omit<ConvertedLine, 'netSalary' | 'converted'> & { netSalary: number; converted: number })[];
  notConverted: { row: number; email: string; displayName: string; reason: NotConvertedReason }[];
}

/** A line left out, as the run knows it (with the person, for the stored report). */
interface NotConvertedLine {
  row: number;
  email: string;
  personId: string;
  displayName: string;
  reason: NotConvertedReason;
}

type RunRow = {
  id: string;
  committed_at: string;
  employees: bigint;
  total_net: bigint;
  total_converted: bigint;
  report: string;
  input_digest: string;
};

const canRunPayroll = (grants: Grants, employerId: string) => grants.organisationRoles.get(employerId) === 'representative';
const canReadPayroll = (grants: Grants, employerId: string) =>
  canRunPayroll(grants, employerId) || grants.territoryRoles.has('currency_operator') || grants.territoryRoles.has('auditor');

function digestOf(period: string, lines: readonly PayrollLineInput[]): string {
  // One text hashed once: the same digest as feeding the lines one by one, at a fraction of the calls.
  return createHash('sha256')
    .update(period + lines.map((l) => `\n${l.email}|${l.netSalary}`).join(''))
    .digest('hex');
}

/** Issuances posted per ledger write in a payroll conversion, with a progress report after each. */
export const PAYROLL_CHUNK = 10_000;

/**
 * Told how far a conversion is: (0, total) once planned, then after each chunk, ending at (total,
 * total). It may return a promise (to let a stream flush): the conversion waits for it.
 */
export type PayrollProgress = (done: number, total: number) => void | Promise<void>;

/** Consents to the salary share, and the employer's payroll conversions. */
export class SalaryShareService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly currency: CurrencyService,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The signed-in employee's active consents and the employers they may consent for. */
  async myConsents(actor: Actor, slug: string): Promise<{ capBp: number; consents: ConsentView[]; employers: { id: string; name: string }[] }> {
    if (actor.kind !== 'person') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    const settings = await settingsRepository.get(this.db, territory.id);
    const rows = await this.db
      .selectFrom('salary_share_consents')
      .selectAll()
      .where('territory_id', '=', territory.id)
      .where('employee_id', '=', actor.personId)
      .where('ended_at', 'is', null)
      .execute();
    const employers = await Promise.all([...grants.organisationRoles.keys()].map((id) => this.territories.getOrganisation(slug, id)));
    const names = new Map(employers.map((o) => [o.id, o.name]));
    const me = await this.territories.personOf(actor);
    return {
      capBp: settings.salaryShareCapBp,
      consents: rows.map((r) => ({
        employerId: r.employer_id,
        employerName: names.get(r.employer_id) ?? r.employer_id,
        employeeId: r.employee_id,
        employeeName: me.displayName,
        shareBp: toSafeNumber(r.share_bp),
        consentedAt: r.consented_at,
      })),
      employers: employers.map((o) => ({ id: o.id, name: o.name })),
    };
  }

  /** Opts in, or changes the share: the previous consent is closed, never overwritten. */
  async consent(actor: Actor, slug: string, employerId: string, shareBp: number): Promise<ConsentView> {
    if (actor.kind !== 'person') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!grants.organisationRoles.has(employerId)) throw forbidden('You can only consent for an organisation you work for.');
    const settings = await settingsRepository.get(this.db, territory.id);
    const errors = validateShare(shareBp, settings.salaryShareCapBp);
    if (errors.length > 0) throw invalidInput(errors);
    const employer = await this.territories.getOrganisation(slug, employerId);
    const me = await this.territories.personOf(actor);
    return inTransaction(this.db, async (trx) => {
      const now = this.clock().toISOString();
      const previous = await this.closeActiveConsent(trx, territory.id, actor.personId, employerId, now);
      await trx
        .insertInto('salary_share_consents')
        .values({ territory_id: territory.id, id: newId(), employee_id: actor.personId, employer_id: employerId, share_bp: BigInt(shareBp), consented_at: now, ended_at: null })
        .execute();
      await appendAuditEvent(trx, actor, {
        territoryId: territory.id,
        action: previous === null ? 'salary_share.consented' : 'salary_share.changed',
        targetType: 'organisation',
        targetId: employerId,
        change: { employeeId: actor.personId, shareBp, previousShareBp: previous },
      }, this.clock);
      return { employerId, employerName: employer.name, employeeId: actor.personId, employeeName: me.displayName, shareBp, consentedAt: now };
    });
  }

  async revoke(actor: Actor, slug: string, employerId: string): Promise<void> {
    if (actor.kind !== 'person') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    await inTransaction(this.db, async (trx) => {
      const previous = await this.closeActiveConsent(trx, territory.id, actor.personId, employerId, this.clock().toISOString());
      if (previous === null) throw notFound('An active consent for this employer');
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'salary_share.revoked', targetType: 'organisation', targetId: employerId, change: { employeeId: actor.personId, previousShareBp: previous } }, this.clock);
    });
  }

  /** The employer's view: who opted in, with which share. */
  async employerConsents(actor: Actor, slug: string, employerId: string): Promise<ConsentView[]> {
    const { territory } = await this.requirePayrollReader(actor, slug, employerId);
    const employees = await this.employeesOf(territory, employerId);
    const employer = await this.territories.getOrganisation(slug, employerId);
    return [...employees.values()]
      .filter((e): e is Employee & { shareBp: number; consentedAt: string } => e.shareBp !== undefined)
      .map((e) => ({ employerId, employerName: employer.name, employeeId: e.personId, employeeName: e.displayName, shareBp: e.shareBp, consentedAt: e.consentedAt }));
  }

  async previewPayroll(actor: Actor, slug: string, employerId: string, period: string, lines: readonly PayrollLineInput[]): Promise<PayrollReport> {
    requireValidPeriod(period);
    const territory = await this.requirePayrollRunner(actor, slug, employerId);
    const plan = planPayroll(lines, await this.employeesOf(territory, employerId));
    return reportOf({ runId: null, status: 'preview', period, employerId, committedAt: null }, plan.totalNet, plan.lines, plan.skipped);
  }

  /**
   * Converts the payroll of one employer for one period, atomically: every conversion or none.
   * Idempotent per employer and period: the same payroll again answers the first report; a different
   * one is refused (409) — a correction is a matter for the next period, in euros.
   */
  async runPayroll(
    actor: Actor,
    slug: string,
    employerId: string,
    period: string,
    lines: readonly PayrollLineInput[],
    onProgress?: PayrollProgress,
    { chunkSize = PAYROLL_CHUNK }: { chunkSize?: number } = {},
  ): Promise<{ report: PayrollReport; replayed: boolean }> {
    requireValidPeriod(period);
    const territory = await this.requirePayrollRunner(actor, slug, employerId);
    const digest = digestOf(period, lines);
    // Read through other services before the transaction: on SQLite the transaction holds the only
    // connection, so a query outside it would wait for ever.
    const employees = await this.employeesOf(territory, employerId);
    try {
      return await inTransaction(this.db, async (trx) => {
        const previous = await this.findRun(trx, territory.id, employerId, period);
        if (previous) return this.replay(trx, { period, employerId }, previous, digest, employees);
        const plan = planPayroll(lines, employees);
        await onProgress?.(0, plan.lines.length);
        await this.currency.ensureSystemAccounts(trx, territory);
        const { byOwnerId: accounts, opening } = await this.currency.prepareMemberAccounts(trx, territory, 'person', plan.lines.map((l) => l.personId), territory.currencyCode);
        const converted: ConvertedLine[] = [];
        const frozen: NotConvertedLine[] = [];
        for (const line of plan.lines) {
          const account = accounts.get(line.personId)!;
          if (account.status !== 'open') frozen.push({ row: line.row, email: line.email, personId: line.personId, displayName: line.displayName, reason: 'account_frozen' });
          else converted.push(line);
        }
        const total = converted.reduce((sum, l) => sum + l.converted, 0n);
        const key = `salary:${employerId}:${period}`;
        const issuance = systemAccountId('issuance', territory.currencyCode);
        // Posted chunk by chunk in this one transaction, so that progress can be told; each chunk opens
        // the accounts its issuances credit. The employer's euros for the whole share enter the reserve
        // once, with the first chunk; each employee is issued their part. Lines left out for a frozen
        // account count as done from the start.
        const openingById = new Map(opening.map((a) => [a.id, a]));
        const chunks: { transfers: TransferInput[]; opening: NewAccount[]; done: number }[] = [];
        for (let start = 0; start < converted.length; start += chunkSize) {
          const transfers: TransferInput[] = [];
          const chunkOpening: NewAccount[] = [];
          if (start === 0) {
            transfers.push({ id: `${key}:euro`, debitAccountId: systemAccountId('euro_world', EURO), creditAccountId: systemAccountId('euro_reserve', EURO), amount: total, unit: EURO, kind: 'salary_share', memo: `${period} ${employerId}` });
          }
          const end = Math.min(start + chunkSize, converted.length);
          for (const l of converted.slice(start, end)) {
            const account = accounts.get(l.personId)!;
            transfers.push({ id: `${key}:${l.personId}`, debitAccountId: issuance, creditAccountId: account.id, amount: l.converted, unit: territory.currencyCode, kind: 'salary_share', memo: period });
            const opened = openingById.get(account.id);
            if (opened) {
              chunkOpening.push(opened);
              openingById.delete(account.id);
            }
          }
          chunks.push({ transfers, opening: chunkOpening, done: frozen.length + end });
        }
        for (const chunk of chunks) {
          const outcome = await this.currency.postTransfers(trx, territory.id, chunk.transfers, chunk.opening);
          const failed = outcome.results.find((r) => r.status === 'error');
          if (failed && failed.status === 'error') throw new ProblemError(422, failed.code, `The ledger refused the conversion (${failed.code}); nothing was converted.`);
          await onProgress?.(chunk.done, plan.lines.length);
        }
        // Nothing to post (no one opted in, or every account frozen): done all the same.
        if (chunks.length === 0) await onProgress?.(plan.lines.length, plan.lines.length);
        const now = this.clock().toISOString();
        const notConverted = [...plan.skipped, ...frozen].sort((a, b) => a.row - b.row);
        const report = reportOf({ runId: newId(), status: 'committed', period, employerId, committedAt: now }, plan.totalNet, converted, notConverted);
        await trx
          .insertInto('payroll_runs')
          .values({
            territory_id: territory.id,
            id: report.runId!,
            employer_id: employerId,
            period,
            committed_at: now,
            committed_by: actorId(actor),
            employees: BigInt(report.employees),
            total_net: BigInt(report.totalNet),
            total_converted: BigInt(report.totalConverted),
            report: JSON.stringify(storedLinesOf(converted, notConverted)),
            input_digest: digest,
          })
          .execute();
        await appendAuditEvent(trx, actor, {
          territoryId: territory.id,
          action: 'salary_share.payroll_converted',
          targetType: 'organisation',
          targetId: employerId,
          change: { period, employees: report.employees, totalNet: report.totalNet, totalConverted: report.totalConverted, inputDigest: digest },
        }, this.clock);
        return { report, replayed: false };
      });
    } catch (error) {
      // Two submissions of the same period at once: the loser reads the winner's outcome.
      if (!isUniqueViolation(error)) throw error;
      const previous = await this.findRun(this.db, territory.id, employerId, period);
      if (!previous) throw error;
      return this.replay(this.db, { period, employerId }, previous, digest, employees);
    }
  }

  async listRuns(actor: Actor, slug: string, employerId: string): Promise<Omit<PayrollReport, 'lines' | 'notConverted'>[]> {
    const { territory } = await this.requirePayrollReader(actor, slug, employerId);
    // The summary is in the run's own columns: the stored lines are not read for a list.
    const rows = await this.db
      .selectFrom('payroll_runs')
      .select(['id', 'period', 'committed_at', 'employees', 'total_net', 'total_converted'])
      .where('territory_id', '=', territory.id)
      .where('employer_id', '=', employerId)
      .orderBy('period', 'desc')
      .execute();
    return rows.map((r) => summaryOf({ period: r.period, employerId }, r));
  }

  async getRun(actor: Actor, slug: string, employerId: string, period: string): Promise<PayrollReport> {
    const { territory } = await this.requirePayrollReader(actor, slug, employerId);
    const run = await this.findRun(this.db, territory.id, employerId, period);
    if (!run) throw notFound(`A payroll conversion for ${period}`);
    return this.storedReport(this.db, { period, employerId }, run, new Map());
  }

  /** Share of salaries converted to local currency, per employer: feeds the CUT criterion later. */
  async convertedTotals(territoryId: string, employerId: string): Promise<{ totalNet: bigint; totalConverted: bigint }> {
    const rows = await this.db
      .selectFrom('payroll_runs')
      .select(['total_net', 'total_converted'])
      .where('territory_id', '=', territoryId)
      .where('employer_id', '=', employerId)
      .execute();
    return rows.reduce((acc, r) => ({ totalNet: acc.totalNet + BigInt(r.total_net), totalConverted: acc.totalConverted + BigInt(r.total_converted) }), { totalNet: 0n, totalConverted: 0n });
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  private async replay(
    db: Executor,
    head: { period: string; employerId: string },
    previous: RunRow,
    digest: string,
    employees: ReadonlyMap<string, Employee>,
  ): Promise<{ report: PayrollReport; replayed: boolean }> {
    if (previous.input_digest !== digest) {
      throw conflict('payroll_period_already_run', 'A different payroll was already converted for this period; nothing was changed.', 'period');
    }
    // The employees were read for this submission: their names and emails serve the replayed report.
    const labels = new Map<string, PersonLabel>();
    for (const [email, e] of employees) labels.set(e.personId, { email, displayName: e.displayName });
    return { report: await this.storedReport(db, head, previous, labels), replayed: true };
  }

  /** A committed run's report: its summary columns, and its stored lines named from the people table. */
  private async storedReport(db: Executor, head: { period: string; employerId: string }, run: RunRow, known: Map<string, PersonLabel>): Promise<PayrollReport> {
    const stored = JSON.parse(run.report) as StoredRunLines | PayrollReport;
    // Runs committed before format 2 kept their whole report.
    if (!('format' in stored)) return stored;
    const missing = new Set<string>();
    for (const [, personId] of stored.lines) if (!known.has(personId)) missing.add(personId);
    for (const [, personId] of stored.notConverted) if (!known.has(personId)) missing.add(personId);
    if (missing.size > 0) {
      for (const [id, p] of await peopleRepository.findByIds(db, [...missing])) known.set(id, { email: p.email, displayName: p.displayName });
    }
    const label = (personId: string): PersonLabel => known.get(personId) ?? { email: '', displayName: '' };
    return {
      ...summaryOf(head, run),
      lines: stored.lines.map(([row, personId, netSalary, shareBp]) => ({
        row,
        email: label(personId).email,
        personId,
        displayName: label(personId).displayName,
        netSalary,
        shareBp,
        converted: toSafeNumber(convertedAmount(BigInt(netSalary), shareBp)),
      })),
      notConverted: stored.notConverted.map(([row, personId, reason]) => ({ row, email: label(personId).email, displayName: label(personId).displayName, reason })),
    };
  }

  private findRun(db: Executor, territoryId: string, employerId: string, period: string): Promise<RunRow | undefined> {
    return db
      .selectFrom('payroll_runs')
      .select(['id', 'committed_at', 'employees', 'total_net', 'total_converted', 'report', 'input_digest'])
      .where('territory_id', '=', territoryId)
      .where('employer_id', '=', employerId)
      .where('period', '=', period)
      .executeTakeFirst();
  }

  private async closeActiveConsent(trx: Executor, territoryId: string, employeeId: string, employerId: string, now: string): Promise<number | null> {
    const active = await trx
      .selectFrom('salary_share_consents')
      .select(['id', 'share_bp'])
      .where('territory_id', '=', territoryId)
      .where('employee_id', '=', employeeId)
      .where('employer_id', '=', employerId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (!active) return null;
    await trx.updateTable('salary_share_consents').set({ ended_at: now }).where('territory_id', '=', territoryId).where('id', '=', active.id).execute();
    return toSafeNumber(active.share_bp);
  }

  /** Current members of the employer by email, with their active consent. */
  private async employeesOf(territory: Territory, employerId: string): Promise<Map<string, Employee & { consentedAt?: string }>> {
    const members = await this.territories.organisationMembers(territory.id, employerId);
    const consents = await this.db
      .selectFrom('salary_share_consents')
      .select(['employee_id', 'share_bp', 'consented_at'])
      .where('territory_id', '=', territory.id)
      .where('employer_id', '=', employerId)
      .where('ended_at', 'is', null)
      .execute();
    const byEmployee = new Map<string, (typeof consents)[number]>();
    for (const c of consents) byEmployee.set(c.employee_id, c);
    const employees = new Map<string, Employee & { consentedAt?: string }>();
    for (const m of members) {
      const c = byEmployee.get(m.personId);
      employees.set(
        m.email,
        c
          ? { personId: m.personId, displayName: m.displayName, shareBp: toSafeNumber(c.share_bp), consentedAt: c.consented_at }
          : { personId: m.personId, displayName: m.displayName, shareBp: undefined },
      );
    }
    return employees;
  }

  private async requirePayrollRunner(actor: Actor, slug: string, employerId: string): Promise<Territory> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    if (!(await this.territories.hasOrganisation(territory.id, employerId))) throw notFound('The employer');
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (actor.kind !== 'system' && !canRunPayroll(grants, employerId)) throw forbidden("Only the employer's representative submits its payroll.");
    return territory;
  }

  private async requirePayrollReader(actor: Actor, slug: string, employerId: string): Promise<{ territory: Territory }> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    if (!(await this.territories.hasOrganisation(territory.id, employerId))) throw notFound('The employer');
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (actor.kind !== 'system' && !canReadPayroll(grants, employerId)) throw forbidden("Only the employer's representative, the currency operator and auditors see its payroll.");
    return { territory };
  }
}

function reportOf(
  head: Pick<PayrollReport, 'runId' | 'status' | 'period' | 'employerId' | 'committedAt'>,
  totalNet: bigint,
  lines: readonly ConvertedLine[],
  notConverted: readonly NotConvertedLine[],
): PayrollReport {
  return {
    ...head,
    employees: lines.length,
    totalNet: toSafeNumber(totalNet),
    totalConverted: toSafeNumber(lines.reduce((s, l) => s + l.converted, 0n)),
    lines: lines.map((l) => ({ ...l, netSalary: toSafeNumber(l.netSalary), converted: toSafeNumber(l.converted) })),
    notConverted: [...notConverted].sort((a, b) => a.row - b.row).map((n) => ({ row: n.row, email: n.email, displayName: n.displayName, reason: n.reason })),
  };
}

function storedLinesOf(lines: readonly ConvertedLine[], notConverted: readonly NotConvertedLine[]): StoredRunLines {
  return {
    format: 2,
    lines: lines.map((l) => [l.row, l.personId, toSafeNumber(l.netSalary), l.shareBp]),
    notConverted: notConverted.map((n) => [n.row, n.personId, n.reason]),
  };
}

function summaryOf(
  head: { period: string; employerId: string },
  run: Pick<RunRow, 'id' | 'committed_at' | 'employees' | 'total_net' | 'total_converted'>,
): Omit<PayrollReport, 'lines' | 'notConverted'> {
  return {
    runId: run.id,
    status: 'committed',
    period: head.period,
    employerId: head.employerId,
    committedAt: run.committed_at,
    employees: toSafeNumber(run.employees),
    totalNet: toSafeNumber(run.total_net),
    totalConverted: toSafeNumber(run.total_converted),
  };
}
