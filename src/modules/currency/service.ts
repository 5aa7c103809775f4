import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, ProblemError, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { decodePageCursor, pageOf } from '../../platform/page-cursor.js';
import { isUniqueViolation } from '../../platform/db/dialect.js';
import type { TerritoriesService } from '../territories/service.js';
import type { Grants, Territory } from '../territories/model.js';
import { applyTransfers, balanceOf, expiryVoidId, isExpiryVoid, type BatchOutcome, type LedgerAccount, type TransferInput, type TransferResult } from './ledger-model.js';
import { ledgerRepository as ledger, type AccountRecord, type NewAccount } from './ledger-repository.js';
import { settingsRepository } from './settings-repository.js';
import { bulkUuidv7 } from './bulk-ids.js';
import {
  canOperateCurrency,
  canReadAccount,
  canSpendFrom,
  EURO,
  HOUR,
  reconversionFee,
  systemAccountId,
  validateSettings,
  type CurrencySettings,
  type HoldingAccountKind,
  type Owner,
  type SystemAccountKind,
} from './model.js';

export const MAX_BATCH = 8190;

export interface AccountView {
  id: string;
  unit: string;
  owner: Owner;
  kind: string;
  status: string;
  balance: bigint;
  pendingDebits: bigint;
  pendingCredits: bigint;
  floor: bigint | null;
  ceiling: bigint | null;
}

export function viewAccount(a: AccountRecord): AccountView {
  return {
    id: a.id,
    unit: a.unit,
    owner: { type: a.ownerType as Owner['type'], id: a.ownerId },
    kind: a.kind,
    status: a.status,
    balance: balanceOf(a),
    pendingDebits: a.debitsPending,
    pendingCredits: a.creditsPending,
    floor: a.floor,
    ceiling: a.ceiling,
  };
}

/** Maps a failed money operation to the problem a person can act on. */
function operationFailed(result: TransferResult): ProblemError {
  if (result.status !== 'error') throw new Error('operationFailed called on a success');
  const messages: Partial<Record<string, string>> = {
    insufficient_funds: 'The balance is not enough for this amount.',
    exceeds_credit_limit: "This would take the receiving account above its limit.",
    account_frozen: 'One of the accounts is frozen by the currency operator.',
    account_closed: 'One of the accounts is closed.',
    unit_mismatch: 'The two accounts are not in the same unit.',
    exists_with_different_fields: 'This idempotency key was already used for a different operation.',
  };
  const status = result.code === 'exists_with_different_fields' ? 409 : 422;
  return new ProblemError(status, result.code, messages[result.code] ?? `The ledger refused the operation (${result.code}).`);
}

/** The local currency and the time bank of each territory, on one double-entry ledger. */
export class CurrencyService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly clock: Clock = systemClock,
  ) {}

  // ── the ledger engine ─────────────────────────────────────────────────────────────────────────

  /**
   * Applies a batch of transfers in the caller's transaction: locks the accounts it touches (in id
   * order, on PostgreSQL), decides with the pure rules, writes accepted transfers and new totals.
   * `opening`: accounts to open in the same write (see `prepareMemberAccounts`), written once with
   * the totals the batch gives them rather than inserted empty and updated.
   */
  async postTransfers(trx: Executor, territoryId: string, batch: readonly TransferInput[], opening: readonly NewAccount[] = []): Promise<BatchOutcome> {
    const openingById = new Map(opening.map((a) => [a.id, a]));
    const toLoad = new Set<string>();
    for (const t of batch) {
      if (!openingById.has(t.debitAccountId)) toLoad.add(t.debitAccountId);
      if (!openingById.has(t.creditAccountId)) toLoad.add(t.creditAccountId);
    }
    const accounts = await ledger.loadAccounts(trx, territoryId, [...toLoad], true);
    const existing = await ledger.existingTransfers(trx, territoryId, batch.map((t) => t.id));
    const pendingIds: string[] = [];
    for (const t of batch) if (t.pendingId) pendingIds.push(t.pendingId);
    const pendings = await ledger.pendingStates(trx, territoryId, pendingIds);
    const outcome = applyTransfers(
      { account: (id) => accounts.get(id) ?? openingById.get(id), existing: (id) => existing.get(id), pending: (id) => pendings.get(id) },
      batch,
      this.clock(),
    );
    assertConservation((id) => accounts.get(id) ?? openingById.get(id)!, outcome);
    // The outcome's accounts are copies of the records given to the rules, with their new totals: an
    // opening account the batch changed is there whole, one it did not is as it was.
    const seqs = await ledger.insertAccounts(trx, territoryId, opening.map((a) => (outcome.accounts.get(a.id) as NewAccount | undefined) ?? a));
    if (outcome.accepted.length > 0) {
      const openedSeq = new Map(opening.map((a, i) => [a.id, seqs[i]!]));
      await ledger.insertTransfers(trx, territoryId, outcome.accepted, (id) => accounts.get(id)?.seq ?? openedSeq.get(id));
      const changed: AccountRecord[] = [];
      for (const a of outcome.accounts.values()) if (!openingById.has(a.id)) changed.push(a as AccountRecord);
      await ledger.writeAccountTotals(trx, territoryId, changed);
    }
    return outcome;
  }

  /** The batch endpoint: up to 8,190 transfers, one result each; linked chains are atomic. */
  async submitTransfers(actor: Actor, slug: string, batch: readonly TransferInput[]): Promise<TransferResult[]> {
    const { territory } = await this.requireOperator(actor, slug);
    if (batch.length === 0 || batch.length > MAX_BATCH) {
      throw invalidInput([{ field: 'transfers', code: 'batch_size', message: `A batch holds 1 to ${MAX_BATCH} transfers.` }]);
    }
    return retryOnceOnKeyRace(() => inTransaction(this.db, async (trx) => {
      const outcome = await this.postTransfers(trx, territory.id, batch);
      if (!keepsReserveEqualToCirculation(outcome, territory.currencyCode)) {
        throw new ProblemError(422, 'reserve_not_equal_to_circulation', 'The batch would change the euro reserve and the currency in circulation by different amounts; nothing was written. Issue or reconvert in linked pairs.');
      }
      if (outcome.accepted.length > 0) {
        // The ledger is itself append-only; the audit trail records each batch with a digest of what it wrote.
        const digest = createHash('sha256');
        digest.update(outcome.accepted.map((t) => `${t.id}|${t.debitAccountId}|${t.creditAccountId}|${t.amount}|${t.unit}\n`).join(''));
        await appendAuditEvent(trx, actor, {
          territoryId: territory.id,
          action: 'ledger.transfers_posted',
          targetType: 'ledger',
          targetId: territory.id,
          change: { count: outcome.accepted.length, digest: digest.digest('hex') },
        }, this.clock);
      }
      return outcome.results;
    }));
  }

  /**
   * Voids every hold whose timeout has passed (as TigerBeetle expires pending transfers): what it
   * reserved is free again. Each void is a transfer `<hold id>/expired` of the hold's kind, so two runs,
   * or two servers at once, void a hold once. Runs in every territory, one transaction per territory
   * and round of at most MAX_BATCH holds; the server runs it every minute, `pacte21 currency
   * expire-holds` on demand. The system only: it acts for every territory.
   */
  async expireHolds(actor: Actor): Promise<{ territoryId: string; expired: number; refused: number }[]> {
    if (actor.kind !== 'system') throw forbidden('Holds are expired by the system.');
    const summary = new Map<string, { territoryId: string; expired: number; refused: number }>();
    for (;;) {
      const now = this.clock();
      const lapsed = await ledger.lapsedHolds(this.db, now, MAX_BATCH);
      const byTerritory = new Map<string, TransferInput[]>();
      for (const { territoryId, transfer: hold } of lapsed) {
        const voids = byTerritory.get(territoryId) ?? [];
        voids.push({
          id: expiryVoidId(hold.id), debitAccountId: hold.debitAccountId, creditAccountId: hold.creditAccountId, amount: hold.amount, unit: hold.unit,
          kind: hold.kind, memo: hold.memo, phase: 'void_pending', pendingId: hold.id,
        });
        byTerritory.set(territoryId, voids);
      }
      let progressed = false;
      for (const [territoryId, voids] of byTerritory) {
        const outcome = await inTransaction(this.db, async (trx) => {
          const posted = await this.postTransfers(trx, territoryId, voids);
          if (posted.accepted.length > 0) {
            await appendAuditEvent(trx, actor, {
              territoryId, action: 'ledger.holds_expired', targetType: 'ledger', targetId: territoryId,
              change: { count: posted.accepted.length, holds: posted.accepted.map((t) => t.pendingId) },
            }, this.clock);
          }
          return posted;
        });
        const entry = summary.get(territoryId) ?? { territoryId, expired: 0, refused: 0 };
        entry.expired += outcome.accepted.length;
        // A hold the ledger cannot void (an account closed since) is left, and counted, not retried now.
        entry.refused += outcome.results.filter((r) => r.status === 'error').length;
        summary.set(territoryId, entry);
        if (outcome.accepted.length > 0) progressed = true;
      }
      if (lapsed.length < MAX_BATCH || !progressed) return [...summary.values()];
    }
  }

  // ── settings and accounts ────────────────────────────────────────────────────────────────────

  async settings(slug: string): Promise<CurrencySettings> {
    const territory = await this.territories.requireTerritory(slug);
    return settingsRepository.get(this.db, territory.id);
  }

  async updateSettings(actor: Actor, slug: string, patch: Partial<CurrencySettings>): Promise<CurrencySettings> {
    const { territory } = await this.requireOperator(actor, slug);
    return inTransaction(this.db, async (trx) => {
      const next = { ...(await settingsRepository.get(trx, territory.id)), ...patch };
      const errors = validateSettings(next);
      if (errors.length > 0) throw invalidInput(errors);
      await settingsRepository.put(trx, territory.id, next, this.clock().toISOString());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'currency.settings_changed', targetType: 'currency', targetId: territory.currencyCode, change: patch }, this.clock);
      return next;
    });
  }

  /** Opens the system accounts of the territory's currency if they are not there yet. */
  async ensureSystemAccounts(trx: Executor, territory: Territory): Promise<void> {
    const wanted: { kind: SystemAccountKind; unit: string; floor: bigint | null }[] = [
      { kind: 'euro_world', unit: EURO, floor: null },
      { kind: 'euro_reserve', unit: EURO, floor: 0n },
      { kind: 'issuance', unit: territory.currencyCode, floor: null },
      { kind: 'fees', unit: territory.currencyCode, floor: 0n },
      { kind: 'demurrage_fund', unit: territory.currencyCode, floor: 0n },
    ];
    const ids = wanted.map((w) => systemAccountId(w.kind, w.unit));
    const present = await ledger.loadAccounts(trx, territory.id, ids, false);
    for (const w of wanted) {
      const id = systemAccountId(w.kind, w.unit);
      if (present.has(id)) continue;
      await ledger.insertAccountIfAbsent(trx, territory.id, newAccount(id, w.unit, { type: 'system', id: 'system' }, w.kind, w.floor, null, this.clock().toISOString()));
    }
  }

  /** The member account of an owner in a unit, opened on first use with the territory's limits. */
  async memberAccount(trx: Executor, territory: Territory, owner: Owner, unit: string): Promise<AccountRecord> {
    const found = await ledger.findAccountByOwner(trx, territory.id, { unit, ownerType: owner.type, ownerId: owner.id, kind: 'member' });
    if (found) return found;
    const settings = await settingsRepository.get(trx, territory.id);
    const timeBank = unit === HOUR;
    const account = newAccount(
      newId(),
      unit,
      owner,
      'member',
      timeBank ? BigInt(settings.timeBankFloorMinutes) : 0n,
      timeBank ? BigInt(settings.timeBankCeilingMinutes) : null,
      this.clock().toISOString(),
    );
    // Two first payments of the same owner at once: the second insert yields, and both use one account.
    const opened = await ledger.insertAccountIfAbsent(trx, territory.id, account);
    return opened ?? (await ledger.findAccountByOwner(trx, territory.id, { unit, ownerType: owner.type, ownerId: owner.id, kind: 'member' }))!;
  }

  /**
   * The platform's holding account of a kind for one purpose (`ownerId`, e.g. `funding-escrow:<campaign>`)
   * in a unit, opened on first use. Floor 0: it never pays out more than it was given.
   */
  async holdingAccount(trx: Executor, territory: Territory, kind: HoldingAccountKind, ownerId: string, unit: string): Promise<AccountRecord> {
    const owner = { unit, ownerType: 'system', ownerId, kind };
    const found = await ledger.findAccountByOwner(trx, territory.id, owner);
    if (found) return found;
    const opened = await ledger.insertAccountIfAbsent(trx, territory.id, newAccount(newId(), unit, { type: 'system', id: ownerId }, kind, 0n, null, this.clock().toISOString()));
    return opened ?? (await ledger.findAccountByOwner(trx, territory.id, owner))!;
  }

  /**
   * Member accounts of many owners of one type in one unit (a payroll of 100,000 employees must not
   * cost 100,000 round trips). The missing ones are returned in `opening`, not yet written: pass them
   * to `postTransfers` in the same transaction, which opens them with their first totals.
   */
  async prepareMemberAccounts(
    trx: Executor,
    territory: Territory,
    ownerType: Owner['type'],
    ownerIds: readonly string[],
    unit: string,
  ): Promise<{ byOwnerId: Map<string, NewAccount>; opening: NewAccount[] }> {
    const byOwnerId = new Map<string, NewAccount>();
    for (const a of await ledger.findAccountsByOwners(trx, territory.id, unit, ownerType, 'member', ownerIds)) byOwnerId.set(a.ownerId, a);
    const settings = await settingsRepository.get(trx, territory.id);
    const timeBank = unit === HOUR;
    const floor = timeBank ? BigInt(settings.timeBankFloorMinutes) : 0n;
    const ceiling = timeBank ? BigInt(settings.timeBankCeilingMinutes) : null;
    const now = this.clock().toISOString();
    const missing = [...new Set(ownerIds)].filter((id) => !byOwnerId.has(id));
    const ids = bulkUuidv7(missing.length);
    const opening = missing.map((ownerId, i) => newAccount(ids[i]!, unit, { type: ownerType, id: ownerId }, 'member', floor, ceiling, now));
    for (const a of opening) byOwnerId.set(a.ownerId, a);
    return { byOwnerId, opening };
  }

  async myAccounts(actor: Actor, slug: string, owner: Owner): Promise<AccountView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!canReadAccount(grants, owner)) throw forbidden('You can only see your own accounts and those of your organisations.');
    const accounts = await ledger.listAccounts(this.db, territory.id, { ownerType: owner.type, ownerId: owner.id });
    return accounts.map(viewAccount);
  }

  async accountStatement(actor: Actor, slug: string, accountId: string, options: { limit: number; cursor?: string }) {
    const territory = await this.territories.requireTerritory(slug);
    const account = (await ledger.loadAccounts(this.db, territory.id, [accountId], false)).get(accountId);
    if (!account) throw notFound('The account');
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!canReadAccount(grants, { type: account.ownerType as Owner['type'], id: account.ownerId })) throw forbidden('This account is not yours.');
    const [createdAt, lastId] = options.cursor ? decodePageCursor(options.cursor, 2) : [];
    const before = createdAt !== undefined && lastId !== undefined ? { createdAt, id: lastId } : undefined;
    const page = await ledger.statement(this.db, territory.id, accountId, { limit: options.limit + 1, ...(before ? { before } : {}) });
    const { items, nextCursor } = pageOf(page, options.limit, (t) => [t.createdAt, t.id]);
    return {
      account: viewAccount(account),
      items: items.map((t) => ({ ...t, direction: t.creditAccountId === accountId ? ('credit' as const) : ('debit' as const), expired: isExpiryVoid(t) })),
      nextCursor,
    };
  }

  async setAccountStatus(actor: Actor, slug: string, accountId: string, status: 'open' | 'frozen'): Promise<AccountView> {
    const { territory } = await this.requireOperator(actor, slug);
    return inTransaction(this.db, async (trx) => {
      const account = (await ledger.loadAccounts(trx, territory.id, [accountId], true)).get(accountId);
      if (!account) throw notFound('The account');
      if (account.ownerType === 'system') throw conflict('system_account', 'System accounts cannot be frozen.');
      await ledger.setAccountStatus(trx, territory.id, accountId, status);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: status === 'frozen' ? 'account.frozen' : 'account.unfrozen', targetType: 'ledger_account', targetId: accountId, change: { status } }, this.clock);
      return viewAccount({ ...account, status });
    });
  }

  // ── what people do ───────────────────────────────────────────────────────────────────────────

  /**
   * Issuance (ESS law 2014, art. 16: local currencies are backed 1:1): the euros received go to the
   * reserve and the same amount of local currency to the member, as one linked pair.
   */
  async issue(actor: Actor, slug: string, input: { key: string; to: Owner; amount: bigint; memo?: string }): Promise<AccountView> {
    const { territory } = await this.requireOperator(actor, slug);
    requirePositive(input.amount);
    await this.requireOwnerInTerritory(territory, input.to);
    return this.runOperation(actor, territory, 'currency.issued', input.key, async (trx) => {
      await this.ensureSystemAccounts(trx, territory);
      const member = await this.memberAccount(trx, territory, input.to, territory.currencyCode);
      return {
        account: member.id,
        transfers: [
          { id: `${input.key}/euro`, debitAccountId: systemAccountId('euro_world', EURO), creditAccountId: systemAccountId('euro_reserve', EURO), amount: input.amount, unit: EURO, kind: 'issuance', memo: input.memo ?? null, linked: true },
          { id: `${input.key}/currency`, debitAccountId: systemAccountId('issuance', territory.currencyCode), creditAccountId: member.id, amount: input.amount, unit: territory.currencyCode, kind: 'issuance', memo: input.memo ?? null },
        ],
        change: { to: input.to, amount: input.amount },
      };
    });
  }

  /**
   * Reconversion of local currency to euros, for professionals (individuals only if the territory
   * allows it): the amount net of the fee leaves circulation and the reserve; the fee goes to the
   * association's fee account and stays in circulation.
   */
  async reconvert(actor: Actor, slug: string, input: { key: string; from: Owner; amount: bigint }): Promise<{ account: AccountView; fee: bigint; euros: bigint }> {
    const { territory } = await this.requireOperator(actor, slug);
    requirePositive(input.amount);
    await this.requireOwnerInTerritory(territory, input.from);
    const settings = await settingsRepository.get(this.db, territory.id);
    if (input.from.type === 'person' && !settings.individualsMayReconvert) {
      throw new ProblemError(422, 'reconversion_not_allowed', 'In this territory only professionals (organisations) may reconvert to euros.', [
        { field: 'from', code: 'reconversion_not_allowed', message: 'Individuals may not reconvert in this territory.' },
      ]);
    }
    const fee = reconversionFee(input.amount, settings.reconversionFeeBp);
    const euros = input.amount - fee;
    const account = await this.runOperation(actor, territory, 'currency.reconverted', input.key, async (trx) => {
      await this.ensureSystemAccounts(trx, territory);
      const member = await this.memberAccount(trx, territory, input.from, territory.currencyCode);
      const code = territory.currencyCode;
      const transfers: TransferInput[] = [];
      if (euros > 0n) {
        transfers.push({ id: `${input.key}/currency`, debitAccountId: member.id, creditAccountId: systemAccountId('issuance', code), amount: euros, unit: code, kind: 'reconversion', linked: true });
      }
      if (fee > 0n) {
        transfers.push({ id: `${input.key}/fee`, debitAccountId: member.id, creditAccountId: systemAccountId('fees', code), amount: fee, unit: code, kind: 'reconversion_fee', linked: true });
      }
      if (euros > 0n) {
        transfers.push({ id: `${input.key}/euro`, debitAccountId: systemAccountId('euro_reserve', EURO), creditAccountId: systemAccountId('euro_world', EURO), amount: euros, unit: EURO, kind: 'reconversion' });
      }
      const lastIndex = transfers.length - 1;
      transfers[lastIndex] = { ...transfers[lastIndex]!, linked: false };
      return { account: member.id, transfers, change: { from: input.from, amount: input.amount, fee, euros } };
    });
    return { account, fee, euros };
  }

  /** A payment between members, in the local currency or in time-bank hours. */
  async pay(actor: Actor, slug: string, input: { key: string; from: Owner; to: Owner; amount: bigint; unit?: string; memo?: string }): Promise<AccountView> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!canSpendFrom(grants, input.from) && actor.kind !== 'system') throw forbidden("You can pay only from your own account or as your organisation's representative.");
    requirePositive(input.amount);
    if (input.from.type === input.to.type && input.from.id === input.to.id) {
      throw invalidInput([{ field: 'to', code: 'same_account', message: 'Payer and payee are the same.' }]);
    }
    await this.requireOwnerInTerritory(territory, input.from);
    await this.requireOwnerInTerritory(territory, input.to);
    const unit = input.unit ?? territory.currencyCode;
    if (unit !== territory.currencyCode && unit !== HOUR) {
      throw invalidInput([{ field: 'unit', code: 'unit_mismatch', message: `Payments are in ${territory.currencyCode} or in time-bank hours (${HOUR}).` }]);
    }
    return this.runOperation(actor, territory, 'currency.paid', input.key, async (trx) => {
      const from = await this.memberAccount(trx, territory, input.from, unit);
      const to = await this.memberAccount(trx, territory, input.to, unit);
      return {
        account: from.id,
        transfers: [{ id: input.key, debitAccountId: from.id, creditAccountId: to.id, amount: input.amount, unit, kind: unit === HOUR ? 'time_exchange' : 'payment', memo: input.memo ?? null }],
        change: { from: input.from, to: input.to, amount: input.amount, unit },
      };
    });
  }

  /** Public proof of reserve: currency in circulation against the euro reserve, today and per day. */
  async proofOfReserve(slug: string) {
    const territory = await this.territories.requireTerritory(slug);
    const ids = [systemAccountId('euro_reserve', EURO), systemAccountId('issuance', territory.currencyCode)];
    const accounts = await ledger.loadAccounts(this.db, territory.id, ids, false);
    const reserve = accounts.get(ids[0]!);
    const issuance = accounts.get(ids[1]!);
    const reserveDays = reserve ? await ledger.dailyNetMovements(this.db, territory.id, reserve.id) : [];
    const issuanceDays = issuance ? await ledger.dailyNetMovements(this.db, territory.id, issuance.id) : [];
    const days = [...new Set([...reserveDays.map((d) => d.day), ...issuanceDays.map((d) => d.day)])].sort();
    const reserveNet = new Map(reserveDays.map((d) => [d.day, d.net]));
    const issuanceNet = new Map(issuanceDays.map((d) => [d.day, d.net]));
    let reserveRunning = 0n;
    let circulationRunning = 0n;
    const series = days.map((day) => {
      reserveRunning += reserveNet.get(day) ?? 0n;
      circulationRunning -= issuanceNet.get(day) ?? 0n;
      return { day, reserve: reserveRunning, circulation: circulationRunning };
    });
    return {
      currencyCode: territory.currencyCode,
      currencyName: territory.currencyName,
      reserve: reserve ? balanceOf(reserve) : 0n,
      circulation: issuance ? -balanceOf(issuance) : 0n,
      series,
    };
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  private async runOperation(
    actor: Actor,
    territory: Territory,
    action: string,
    key: string,
    plan: (trx: Executor) => Promise<{ account: string; transfers: TransferInput[]; change: Record<string, unknown> }>,
  ): Promise<AccountView> {
    if (!/^[A-Za-z0-9._:-]{8,100}$/.test(key)) {
      throw invalidInput([{ field: 'idempotencyKey', code: 'invalid_idempotency_key', message: 'The idempotency key is 8 to 100 letters, digits or . _ : -' }]);
    }
    return retryOnceOnKeyRace(() => inTransaction(this.db, async (trx) => {
      const { account, transfers, change } = await plan(trx);
      const outcome = await this.postTransfers(trx, territory.id, transfers);
      const failed = outcome.results.find((r) => r.status === 'error' && r.code !== 'linked_event_failed') ?? outcome.results.find((r) => r.status === 'error');
      if (failed) throw operationFailed(failed);
      if (outcome.accepted.length > 0) {
        await appendAuditEvent(trx, actor, { territoryId: territory.id, action, targetType: 'ledger_transfer', targetId: key, change }, this.clock);
      }
      const after = (await ledger.loadAccounts(trx, territory.id, [account], false)).get(account)!;
      return viewAccount(after);
    }));
  }

  private async requireOperator(actor: Actor, slug: string): Promise<{ territory: Territory; grants: Grants }> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (actor.kind === 'anonymous') throw unauthenticated();
    if (!canOperateCurrency(grants)) throw forbidden('Only the currency operator of this territory can do this.');
    return { territory, grants };
  }

  private async requireOwnerInTerritory(territory: Territory, owner: Owner): Promise<void> {
    const known =
      owner.type === 'organisation'
        ? await this.territories.hasOrganisation(territory.id, owner.id)
        : owner.type === 'person'
          ? await this.territories.hasPerson(territory.id, owner.id)
          : false;
    if (!known) throw notFound(`The ${owner.type} ${owner.id} in this territory`);
  }
}

/**
 * Two batches that reuse one transfer id on different accounts lock no account in common, so both may
 * pass the existence check and one insert then hits the primary key. Run again, the loser sees the
 * winner's transfer and answers exists or exists_with_different_fields like any retry.
 */
async function retryOnceOnKeyRace<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return work();
  }
}

function newAccount(id: string, unit: string, owner: Owner, kind: string, floor: bigint | null, ceiling: bigint | null, createdAt: string): NewAccount {
  return { id, unit, ownerType: owner.type, ownerId: owner.id, kind, floor, ceiling, status: 'open', debitsPosted: 0n, creditsPosted: 0n, debitsPending: 0n, creditsPending: 0n, createdAt };
}

function requirePositive(amount: bigint): void {
  if (amount <= 0n) throw invalidInput([{ field: 'amount', code: 'amount_must_be_positive', message: 'The amount is a positive number of minor units (cents or minutes).' }]);
}

/**
 * A backed currency (ESS law 2014, art. 16) keeps the euro reserve equal to the currency in
 * circulation: whatever a batch adds to the reserve it must add to circulation (−issuance).
 */
function keepsReserveEqualToCirculation(outcome: BatchOutcome, currencyCode: string): boolean {
  const reserve = systemAccountId('euro_reserve', EURO);
  const issuance = systemAccountId('issuance', currencyCode);
  let delta = 0n;
  for (const t of outcome.accepted) {
    if (t.phase !== 'single' && t.phase !== 'post_pending') continue;
    if (t.creditAccountId === reserve || t.creditAccountId === issuance) delta += t.amount;
    if (t.debitAccountId === reserve || t.debitAccountId === issuance) delta -= t.amount;
  }
  return delta === 0n;
}

/**
 * The ledger's invariant, asserted on every batch before it is written: per unit, what the batch
 * adds to debits equals what it adds to credits, posted and pending alike.
 */
function assertConservation(before: (id: string) => LedgerAccount, outcome: BatchOutcome): void {
  const delta = new Map<string, bigint>();
  for (const [id, after] of outcome.accounts) {
    const b = before(id);
    const d = after.creditsPosted - b.creditsPosted - (after.debitsPosted - b.debitsPosted) + (after.creditsPending - b.creditsPending) - (after.debitsPending - b.debitsPending);
    delta.set(after.unit, (delta.get(after.unit) ?? 0n) + d);
  }
  for (const [unit, d] of delta) {
    if (d !== 0n) throw new Error(`Ledger invariant broken: batch would create ${d} ${unit} from nothing`);
  }
}
