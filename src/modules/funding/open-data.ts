import type { TerritoriesService } from '../territories/service.js';
import type { TaskForcesService } from '../pact/task-forces.js';
import type { FundingService } from './service.js';
import type { CampaignsService } from './campaigns.js';
import type { ExpensesService } from './expenses.js';
import type { Clock } from '../../platform/clock.js';
import { systemClock } from '../../platform/clock.js';

export const OPEN_DATA_TABLES = ['funding-lines', 'campaigns', 'expenses', 'execution'] as const;
export type OpenDataTable = (typeof OPEN_DATA_TABLES)[number];

type Cell = string | number | bigint | boolean | null;

/** The columns of each table, also when it is empty. */
export const OPEN_DATA_COLUMNS: Record<OpenDataTable, readonly string[]> = {
  'funding-lines': ['id', 'task_force_id', 'task_force_name', 'project_id', 'source_kind', 'instrument', 'funder_name', 'funder_organisation_id', 'amount_cents', 'status', 'planned_on', 'requested_on', 'granted_on', 'received_on', 'refused_on', 'campaign_id', 'cee_code', 'cee_kwh_cumac'],
  campaigns: ['id', 'task_force_id', 'project_id', 'project_name', 'title', 'goal_cents', 'deadline', 'all_or_nothing', 'status', 'pledged_eur_cents', 'pledged_local_currency_cents', 'matched_cents', 'raised_cents', 'released_cents', 'pledgers', 'resolved_at'],
  expenses: ['id', 'task_force_id', 'task_force_name', 'project_id', 'budget_line', 'funding_line_id', 'payee', 'description', 'amount_cents', 'incurred_on', 'status', 'submitted_at', 'decided_at', 'paid_at', 'approvals', 'approvers_required', 'receipt_sha256'],
  execution: ['task_force_id', 'task_force_name', 'dimension', 'label', 'funder_organisation_id', 'planned_cents', 'secured_cents', 'committed_cents', 'paid_cents', 'remaining_cents', 'committed_percent'],
};
export type OpenDataRow = Record<string, Cell>;

export interface OpenDataset {
  territory: { slug: string; name: string };
  generatedAt: string;
  licence: string;
  tables: Record<OpenDataTable, OpenDataRow[]>;
}

/**
 * The territory's funding as open data (Etalab's Licence Ouverte 2.0, as French public bodies publish):
 * every funding line, campaign (totals only: people who pledge stay anonymous), expense (no receipt
 * content, its SHA-256 only) and the budget execution of each task force, planned vs actual per budget
 * line and per funder. Amounts in euro cents, so that nothing is rounded.
 */
export class FundingOpenData {
  constructor(
    private readonly territories: TerritoriesService,
    private readonly taskForces: TaskForcesService,
    private readonly funding: FundingService,
    private readonly campaigns: CampaignsService,
    private readonly expenses: ExpensesService,
    private readonly clock: Clock = systemClock,
  ) {}

  async dataset(slug: string): Promise<OpenDataset> {
    const territory = await this.territories.requireTerritory(slug);
    const taskForces = await this.taskForces.list(slug);
    const names = new Map(taskForces.map((t) => [t.id, t.name]));
    const lines = await this.funding.lines(slug);
    const campaigns = await this.campaigns.list(slug);
    const expenses = (await Promise.all(taskForces.map((t) => this.expenses.list(slug, t.id)))).flat();
    const executions = await Promise.all(taskForces.map((t) => this.expenses.execution(slug, t.id)));
    return {
      territory: { slug: territory.slug, name: territory.name },
      generatedAt: this.clock().toISOString(),
      licence: 'Licence Ouverte / Open Licence 2.0 (Etalab)',
      tables: {
        'funding-lines': lines.map((l) => ({
          id: l.id,
          task_force_id: l.taskForceId,
          task_force_name: names.get(l.taskForceId) ?? '',
          project_id: l.projectId,
          source_kind: l.sourceKind,
          instrument: l.instrument,
          funder_name: l.funderName,
          funder_organisation_id: l.funderOrganisationId,
          amount_cents: l.amount,
          status: l.status,
          planned_on: l.plannedOn,
          requested_on: l.requestedOn,
          granted_on: l.grantedOn,
          received_on: l.receivedOn,
          refused_on: l.refusedOn,
          campaign_id: l.campaignId,
          cee_code: l.cee?.code ?? null,
          cee_kwh_cumac: l.cee?.kwhCumac ?? null,
        })),
        campaigns: campaigns.map((c) => ({
          id: c.id,
          task_force_id: c.taskForceId,
          project_id: c.projectId,
          project_name: c.projectName,
          title: c.title,
          goal_cents: c.goal,
          deadline: c.deadline,
          all_or_nothing: c.allOrNothing,
          status: c.status,
          pledged_eur_cents: c.totals.pledgedEuros,
          pledged_local_currency_cents: c.totals.pledgedLocal,
          matched_cents: c.totals.matched,
          raised_cents: c.totals.raised,
          released_cents: c.totals.released,
          pledgers: c.totals.pledgerCount,
          resolved_at: c.resolvedAt,
        })),
        expenses: expenses.map((e) => ({
          id: e.id,
          task_force_id: e.taskForceId,
          task_force_name: names.get(e.taskForceId) ?? '',
          project_id: e.projectId,
          budget_line: e.budgetLineLabel,
          funding_line_id: e.fundingLineId,
          payee: e.payee,
          description: e.description,
          amount_cents: e.amount,
          incurred_on: e.incurredOn,
          status: e.status,
          submitted_at: e.submittedAt,
          decided_at: e.decidedAt,
          paid_at: e.paidAt,
          approvals: e.approvals.filter((a) => a.decision === 'approve').length,
          approvers_required: e.approversRequired,
          receipt_sha256: e.receipt?.sha256 ?? null,
        })),
        execution: executions.flatMap((x) => {
          const taskForce = { task_force_id: x.taskForceId, task_force_name: names.get(x.taskForceId) ?? '' };
          const amounts = (r: { planned: bigint; committed: bigint; paid: bigint; remaining: bigint; committedPercent: number | null }) => ({
            planned_cents: r.planned, committed_cents: r.committed, paid_cents: r.paid, remaining_cents: r.remaining, committed_percent: r.committedPercent,
          });
          return [
            ...x.byBudgetLine.map((r) => ({ ...taskForce, dimension: 'budget_line', label: r.label, funder_organisation_id: null, secured_cents: null, ...amounts(r) })),
            // Spending charged to no funding line has no funder: its planned and remaining say nothing.
            ...x.byFunder.map((r) =>
              r.funderKey === null
                ? { ...taskForce, dimension: 'no_funder', label: '', funder_organisation_id: null, secured_cents: null, ...amounts(r), planned_cents: null, remaining_cents: null, committed_percent: null }
                : { ...taskForce, dimension: 'funder', label: r.funderName, funder_organisation_id: r.funderOrganisationId, secured_cents: r.secured, ...amounts(r) },
            ),
          ];
        }),
      },
    };
  }
}

/** RFC 4180 CSV with a header, CRLF line ends, cells quoted when they hold a comma, a quote or a line end. */
export function toCsv(rows: readonly OpenDataRow[], header: readonly string[]): string {
  const cell = (v: Cell): string => {
    if (v === null) return '';
    const s = typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header.join(','), ...rows.map((r) => header.map((c) => cell(r[c] ?? null)).join(','))].join('\r\n') + '\r\n';
}

/** JSON with BigInts as numbers (amounts in cents stay far below 2^53). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v), 2);
}
