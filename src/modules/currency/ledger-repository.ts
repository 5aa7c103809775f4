import { sql } from 'kysely';
import type { Executor } from '../../platform/db/transaction.js';
import { dialectOf, toSafeNumber } from '../../platform/db/dialect.js';
import { bulkInsert } from '../../platform/db/bulk.js';
import { sqliteStatementsOf } from '../../platform/db/connect.js';
import type { AccountStatus, LedgerAccount, PendingState, StoredTransfer, TransferPhase } from './ledger-model.js';
import type { CurrencyTables } from './migrations.js';

export interface AccountRecord extends LedgerAccount {
  readonly ownerType: string;
  readonly ownerId: string;
  readonly kind: string;
  readonly createdAt: string;
}

type AccountRow = CurrencyTables['ledger_accounts'];

/** The row of an account, keyed by column, for Kysely inserts; `accountRow` is the same in column order. */
const accountValues = (territoryId: string, a: AccountRecord): AccountRow => ({
  territory_id: territoryId,
  id: a.id,
  unit: a.unit,
  owner_type: a.ownerType,
  owner_id: a.ownerId,
  kind: a.kind,
  floor: a.floor,
  ceiling: a.ceiling,
  status: a.status,
  debits_posted: a.debitsPosted,
  credits_posted: a.creditsPosted,
  debits_pending: a.debitsPending,
  credits_pending: a.creditsPending,
  created_at: a.createdAt,
});

const accountRow = (territoryId: string, a: AccountRecord): unknown[] => {
  const values = accountValues(territoryId, a);
  return ACCOUNT_COLUMNS.map((c) => values[c]);
};

const toAccount = (r: AccountRow): AccountRecord => ({
  id: r.id,
  unit: r.unit,
  ownerType: r.owner_type,
  ownerId: r.owner_id,
  kind: r.kind,
  floor: r.floor,
  ceiling: r.ceiling,
  status: r.status as AccountStatus,
  debitsPosted: r.debits_posted,
  creditsPosted: r.credits_posted,
  debitsPending: r.debits_pending,
  creditsPending: r.credits_pending,
  createdAt: r.created_at,
});

type TransferRow = Omit<CurrencyTables['ledger_transfers'], 'territory_id'>;

export const toTransfer = (r: TransferRow): StoredTransfer => ({
  id: r.id,
  debitAccountId: r.debit_account_id,
  creditAccountId: r.credit_account_id,
  amount: r.amount,
  unit: r.unit,
  kind: r.kind,
  memo: r.memo,
  phase: r.phase as TransferPhase,
  pendingId: r.pending_id,
  timeoutSeconds: toSafeNumber(r.timeout_seconds),
  createdAt: r.created_at,
});

const ID_CHUNK = 5000;

const TRANSFER_COLUMNS = [
  'territory_id', 'id', 'debit_account_id', 'credit_account_id', 'amount', 'unit', 'kind', 'memo', 'phase', 'pending_id', 'timeout_seconds', 'created_at',
] as const;
const ACCOUNT_COLUMNS = [
  'territory_id', 'id', 'unit', 'owner_type', 'owner_id', 'kind', 'floor', 'ceiling', 'status',
  'debits_posted', 'credits_posted', 'debits_pending', 'credits_pending', 'created_at',
] as const;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const ledgerRepository = {
  /**
   * Loads accounts by id. With `lock` on PostgreSQL the rows are locked in id order, so that two
   * batches touching the same accounts queue behind each other instead of deadlocking.
   */
  async loadAccounts(db: Executor, territoryId: string, ids: readonly string[], lock: boolean): Promise<Map<string, AccountRecord>> {
    const result = new Map<string, AccountRecord>();
    const sorted = [...new Set(ids)].sort();
    const postgres = dialectOf(db) === 'postgres';
    for (const part of chunks(sorted, ID_CHUNK)) {
      const rows = await db
        .selectFrom('ledger_accounts')
        .selectAll()
        .where('territory_id', '=', territoryId)
        .where('id', 'in', part)
        .$if(lock && postgres, (q) => q.orderBy('id').forUpdate())
        .execute();
      for (const r of rows) result.set(r.id, toAccount(r));
    }
    return result;
  },

  async findAccountByOwner(db: Executor, territoryId: string, owner: { unit: string; ownerType: string; ownerId: string; kind: string }): Promise<AccountRecord | undefined> {
    const row = await db
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('unit', '=', owner.unit)
      .where('owner_type', '=', owner.ownerType)
      .where('owner_id', '=', owner.ownerId)
      .where('kind', '=', owner.kind)
      .executeTakeFirst();
    return row && toAccount(row);
  },

  /** The accounts of these owners in one unit and kind, read in chunks (a payroll names 100,000). */
  async findAccountsByOwners(db: Executor, territoryId: string, unit: string, kind: string, ownerIds: readonly string[]): Promise<AccountRecord[]> {
    const found: AccountRecord[] = [];
    for (const part of chunks([...new Set(ownerIds)], ID_CHUNK)) {
      const rows = await db
        .selectFrom('ledger_accounts')
        .selectAll()
        .where('territory_id', '=', territoryId)
        .where('unit', '=', unit)
        .where('kind', '=', kind)
        .where('owner_id', 'in', part)
        .execute();
      found.push(...rows.map(toAccount));
    }
    return found;
  },

  async listAccounts(db: Executor, territoryId: string, filter: { ownerType?: string; ownerId?: string; unit?: string; kind?: string }): Promise<AccountRecord[]> {
    const rows = await db
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.ownerType !== undefined, (q) => q.where('owner_type', '=', filter.ownerType!))
      .$if(filter.ownerId !== undefined, (q) => q.where('owner_id', '=', filter.ownerId!))
      .$if(filter.unit !== undefined, (q) => q.where('unit', '=', filter.unit!))
      .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toAccount);
  },

  async insertAccount(db: Executor, territoryId: string, a: AccountRecord): Promise<void> {
    await db
      .insertInto('ledger_accounts')
      .values(accountValues(territoryId, a))
      .execute();
  },

  /** Opens an account unless the owner already has one of this kind and unit; true when it opened it. */
  async insertAccountIfAbsent(db: Executor, territoryId: string, a: AccountRecord): Promise<boolean> {
    const result = await db
      .insertInto('ledger_accounts')
      .values(accountValues(territoryId, a))
      .onConflict((oc) => oc.columns(['territory_id', 'unit', 'owner_type', 'owner_id', 'kind']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  },

  async setAccountStatus(db: Executor, territoryId: string, id: string, status: AccountStatus): Promise<void> {
    await db.updateTable('ledger_accounts').set({ status }).where('territory_id', '=', territoryId).where('id', '=', id).execute();
  },

  async existingTransfers(db: Executor, territoryId: string, ids: readonly string[]): Promise<Map<string, StoredTransfer>> {
    const result = new Map<string, StoredTransfer>();
    for (const part of chunks([...new Set(ids)], ID_CHUNK)) {
      const rows = await db.selectFrom('ledger_transfers').selectAll().where('territory_id', '=', territoryId).where('id', 'in', part).execute();
      for (const r of rows) result.set(r.id, toTransfer(r));
    }
    return result;
  },

  /** Pending transfers by id, with whether a later transfer already posted or voided them. */
  async pendingStates(db: Executor, territoryId: string, pendingIds: readonly string[]): Promise<Map<string, PendingState>> {
    const result = new Map<string, PendingState>();
    if (pendingIds.length === 0) return result;
    const pendings = await this.existingTransfers(db, territoryId, pendingIds);
    const resolutions = await db
      .selectFrom('ledger_transfers')
      .select(['pending_id', 'phase'])
      .where('territory_id', '=', territoryId)
      .where('pending_id', 'in', [...pendings.keys()].length > 0 ? [...pendings.keys()] : [''])
      .execute();
    const resolvedBy = new Map(resolutions.map((r) => [r.pending_id!, r.phase === 'post_pending' ? ('posted' as const) : ('voided' as const)]));
    for (const [id, t] of pendings) {
      if (t.phase === 'pending') result.set(id, { transfer: t, resolution: resolvedBy.get(id) ?? 'open' });
    }
    return result;
  },

  async insertTransfers(db: Executor, territoryId: string, transfers: readonly StoredTransfer[]): Promise<void> {
    await bulkInsert(
      db,
      'ledger_transfers',
      TRANSFER_COLUMNS,
      transfers.map((t) => [territoryId, t.id, t.debitAccountId, t.creditAccountId, t.amount, t.unit, t.kind, t.memo, t.phase, t.pendingId, BigInt(t.timeoutSeconds), t.createdAt]),
    );
  },

  /** Opens many accounts at once (payroll: one per new employee). */
  async insertAccounts(db: Executor, territoryId: string, accounts: readonly AccountRecord[]): Promise<void> {
    await bulkInsert(db, 'ledger_accounts', ACCOUNT_COLUMNS, accounts.map((a) => accountRow(territoryId, a)));
  },

  /**
   * Writes the new totals of the accounts a batch changed. PostgreSQL: one upsert on the primary key
   * per 500 accounts (one round trip each). SQLite: one cached UPDATE per account, cheaper there than
   * an upsert that first tries to insert (measured ~2× on 90,000 accounts).
   */
  async writeAccountTotals(db: Executor, territoryId: string, accounts: readonly AccountRecord[]): Promise<void> {
    const statements = sqliteStatementsOf(db);
    if (statements) {
      const update = statements(
        'update ledger_accounts set debits_posted = ?, credits_posted = ?, debits_pending = ?, credits_pending = ? where territory_id = ? and id = ?',
      );
      for (const a of accounts) update.run(a.debitsPosted, a.creditsPosted, a.debitsPending, a.creditsPending, territoryId, a.id);
      return;
    }
    await bulkInsert(
      db,
      'ledger_accounts',
      ACCOUNT_COLUMNS,
      accounts.map((a) => accountRow(territoryId, a)),
      'on conflict (territory_id, id) do update set debits_posted = excluded.debits_posted, credits_posted = excluded.credits_posted, ' +
        'debits_pending = excluded.debits_pending, credits_pending = excluded.credits_pending',
    );
  },

  /** Sum of balances per unit: zero for every unit in a consistent ledger. */
  async balanceSumsByUnit(db: Executor, territoryId: string): Promise<Map<string, bigint>> {
    const rows = await db
      .selectFrom('ledger_accounts')
      .select(['unit', sql<bigint>`cast(sum(credits_posted - debits_posted) as bigint)`.as('total')])
      .where('territory_id', '=', territoryId)
      .groupBy('unit')
      .execute();
    return new Map(rows.map((r) => [r.unit, BigInt(r.total)]));
  },

  async statement(
    db: Executor,
    territoryId: string,
    accountId: string,
    options: { limit: number; before?: { createdAt: string; id: string } },
  ): Promise<StoredTransfer[]> {
    const before = options.before;
    const rows = await db
      .selectFrom('ledger_transfers')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where((eb) => eb.or([eb('debit_account_id', '=', accountId), eb('credit_account_id', '=', accountId)]))
      .$if(before !== undefined, (q) =>
        q.where((eb) => eb.or([eb('created_at', '<', before!.createdAt), eb.and([eb('created_at', '=', before!.createdAt), eb('id', '<', before!.id)])])),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toTransfer);
  },

  /** Net daily movements of one account (credits − debits, posted only), oldest first. */
  async dailyNetMovements(db: Executor, territoryId: string, accountId: string): Promise<{ day: string; net: bigint }[]> {
    const day = sql<string>`substr(created_at, 1, 10)`;
    const rows = await db
      .selectFrom('ledger_transfers')
      .select([
        day.as('day'),
        sql<bigint>`cast(sum(case when credit_account_id = ${accountId} then amount else -amount end) as bigint)`.as('net'),
      ])
      .where('territory_id', '=', territoryId)
      .where((eb) => eb.or([eb('debit_account_id', '=', accountId), eb('credit_account_id', '=', accountId)]))
      .where('phase', 'in', ['single', 'post_pending'])
      .groupBy(day)
      .orderBy(day)
      .execute();
    return rows.map((r) => ({ day: r.day, net: BigInt(r.net) }));
  },
};
