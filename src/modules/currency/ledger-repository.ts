import { sql } from 'kysely';
import type { Executor } from '../../platform/db/transaction.js';
import { dialectOf, toSafeNumber } from '../../platform/db/dialect.js';
import { bulkInsert, sqliteInsertStatement, textIn } from '../../platform/db/bulk.js';
import { sqliteStatementsOf } from '../../platform/db/connect.js';
import type { AccountStatus, LedgerAccount, PendingState, StoredTransfer, TransferPhase } from './ledger-model.js';
import type { CurrencyTables } from './migrations.js';

export interface AccountRecord extends LedgerAccount {
  readonly ownerType: string;
  readonly ownerId: string;
  readonly kind: string;
  readonly createdAt: string;
  /** The account's number, unique in the database; the transfers' account indexes hold it. */
  readonly seq: bigint;
}

/** An account about to be opened: `numberAccounts` gives it its number. */
export type NewAccount = Omit<AccountRecord, 'seq'>;

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
  seq: a.seq,
});

// In ACCOUNT_COLUMNS order, built directly: a payroll writes 100,000 of these.
const accountRow = (territoryId: string, a: AccountRecord): unknown[] => [
  territoryId, a.id, a.unit, a.ownerType, a.ownerId, a.kind, a.floor, a.ceiling, a.status,
  a.debitsPosted, a.creditsPosted, a.debitsPending, a.creditsPending, a.createdAt, a.seq,
];

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
  seq: r.seq,
});

/** A transfer as read: its row, with the ids of its accounts joined back in place of their numbers. */
type TransferRow = Omit<CurrencyTables['ledger_transfers'], 'territory_id' | 'debit_seq' | 'credit_seq'> & {
  debit_account_id: string;
  credit_account_id: string;
};

/**
 * The ledger keeps time as milliseconds since the epoch (compact in its indexes); everything outside
 * this module's repositories speaks ISO 8601 text, as `Date#toISOString` writes it.
 */
export const toLedgerTime = (iso: string): bigint => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Not an instant: ${iso}`);
  return BigInt(ms);
};
const MS_PER_DAY = 86_400_000n;
export const fromLedgerTime = (ms: bigint | number): string => new Date(Number(ms)).toISOString();

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
  createdAt: fromLedgerTime(r.created_ms),
});

const TRANSFER_COLUMNS = [
  'territory_id', 'id', 'debit_seq', 'credit_seq', 'amount', 'unit', 'kind', 'memo', 'phase', 'pending_id', 'timeout_seconds', 'created_ms',
] as const;
const ACCOUNT_COLUMNS = [
  'territory_id', 'id', 'unit', 'owner_type', 'owner_id', 'kind', 'floor', 'ceiling', 'status',
  'debits_posted', 'credits_posted', 'debits_pending', 'credits_pending', 'created_at', 'seq',
] as const;

/**
 * Transfers (`t`) with the ids of their accounts (`d`, `c`), ready to be read as `TransferRow`s: every
 * read of transfers starts here. Filters name their table (`t.territory_id`, `t.created_ms`, …).
 */
export function transfersWithAccounts(db: Executor) {
  return db
    .selectFrom('ledger_transfers as t')
    .innerJoin('ledger_accounts as d', 'd.seq', 't.debit_seq')
    .innerJoin('ledger_accounts as c', 'c.seq', 't.credit_seq')
    .select([
      't.id', 'd.id as debit_account_id', 'c.id as credit_account_id', 't.amount', 't.unit', 't.kind', 't.memo', 't.phase', 't.pending_id',
      't.timeout_seconds', 't.created_ms',
    ]);
}

/**
 * The number of an account of the territory, as a scalar subquery (null when the account is not there).
 * Queries by account number filter on it alone: a transfer's accounts are always of its territory, and
 * a `territory_id = ?` term would lead SQLite (without statistics) to walk the territory's time index.
 */
export function accountSeq(db: Executor, territoryId: string, accountId: string) {
  return db.selectFrom('ledger_accounts').select('seq').where('territory_id', '=', territoryId).where('id', '=', accountId);
}

/**
 * Numbers for `count` accounts, drawn right before they are written (so that nothing else is numbered
 * in between). PostgreSQL draws them from a sequence, which concurrent transactions never share;
 * SQLite has one writer, and this is its transaction, so the numbers after the highest are free.
 */
async function accountNumbers(db: Executor, count: number): Promise<bigint[]> {
  if (count === 0) return [];
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ seq: bigint }>`select nextval('ledger_account_seq') as seq from generate_series(1, ${count}::integer)`.execute(db);
    return rows.map((r) => BigInt(r.seq));
  }
  const { rows } = await sql<{ top: bigint | null }>`select max(seq) as top from ledger_accounts`.execute(db);
  const top = BigInt(rows[0]?.top ?? 0n);
  return Array.from({ length: count }, (_, i) => top + BigInt(i + 1));
}

export const ledgerRepository = {
  /**
   * Loads accounts by id. With `lock` on PostgreSQL the rows are locked in id order, so that two
   * batches touching the same accounts queue behind each other instead of deadlocking.
   */
  async loadAccounts(db: Executor, territoryId: string, ids: readonly string[], lock: boolean): Promise<Map<string, AccountRecord>> {
    const result = new Map<string, AccountRecord>();
    if (ids.length === 0) return result;
    const rows = await db
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where(textIn(db, 'id', [...new Set(ids)]))
      .$if(lock && dialectOf(db) === 'postgres', (q) => q.orderBy('id').forUpdate())
      .execute();
    for (const r of rows) result.set(r.id, toAccount(r));
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

  /** The accounts of these owners in one unit and kind (a payroll names 100,000 of them). */
  async findAccountsByOwners(db: Executor, territoryId: string, unit: string, ownerType: string, kind: string, ownerIds: readonly string[]): Promise<AccountRecord[]> {
    if (ownerIds.length === 0) return [];
    const rows = await db
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('unit', '=', unit)
      .where('owner_type', '=', ownerType)
      .where(textIn(db, 'owner_id', [...new Set(ownerIds)]))
      .where('kind', '=', kind)
      .execute();
    return rows.map(toAccount);
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


  /** Opens an account unless the owner already has one of this kind and unit; the account when it opened it. */
  async insertAccountIfAbsent(db: Executor, territoryId: string, a: NewAccount): Promise<AccountRecord | undefined> {
    const [seq] = await accountNumbers(db, 1);
    const numbered: AccountRecord = { ...a, seq: seq! };
    const result = await db
      .insertInto('ledger_accounts')
      .values(accountValues(territoryId, numbered))
      .onConflict((oc) => oc.columns(['territory_id', 'unit', 'owner_type', 'owner_id', 'kind']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n ? numbered : undefined;
  },

  async setAccountStatus(db: Executor, territoryId: string, id: string, status: AccountStatus): Promise<void> {
    await db.updateTable('ledger_accounts').set({ status }).where('territory_id', '=', territoryId).where('id', '=', id).execute();
  },

  async existingTransfers(db: Executor, territoryId: string, ids: readonly string[]): Promise<Map<string, StoredTransfer>> {
    const result = new Map<string, StoredTransfer>();
    if (ids.length === 0) return result;
    const rows = await transfersWithAccounts(db)
      .where('t.territory_id', '=', territoryId)
      .where(textIn(db, 't.id', [...new Set(ids)]))
      .execute();
    for (const r of rows) result.set(r.id, toTransfer(r));
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
      .where(textIn(db, 'pending_id', [...pendings.keys()]))
      .execute();
    const resolvedBy = new Map(resolutions.map((r) => [r.pending_id!, r.phase === 'post_pending' ? ('posted' as const) : ('voided' as const)]));
    for (const [id, t] of pendings) {
      if (t.phase === 'pending') result.set(id, { transfer: t, resolution: resolvedBy.get(id) ?? 'open' });
    }
    return result;
  },

  /**
   * Holds whose timeout has passed before `now` and that nothing posted or voided, in every territory,
   * oldest first: what the expiry voids.
   */
  async lapsedHolds(db: Executor, now: Date, limit: number): Promise<{ territoryId: string; transfer: StoredTransfer }[]> {
    const rows = await transfersWithAccounts(db)
      .select('t.territory_id')
      .where(sql<boolean>`t.phase = 'pending' and t.timeout_seconds > 0`)
      .where(sql<bigint>`t.created_ms + t.timeout_seconds * 1000`, '<', BigInt(now.getTime()))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('ledger_transfers as r').select('r.id').whereRef('r.territory_id', '=', 't.territory_id').whereRef('r.pending_id', '=', 't.id'),
          ),
        ),
      )
      .orderBy('t.created_ms')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ territoryId: r.territory_id, transfer: toTransfer(r) }));
  },

  /** Writes accepted transfers; `seqOf` gives the number of each of their accounts. */
  async insertTransfers(db: Executor, territoryId: string, transfers: readonly StoredTransfer[], seqOf: (accountId: string) => bigint | undefined): Promise<void> {
    const seq = (id: string) => {
      const n = seqOf(id);
      if (n === undefined) throw new Error(`Transfer to an account that was not loaded: ${id}`);
      return n;
    };
    // A batch's transfers share their time: convert each distinct one once.
    let lastIso = '';
    let lastMs = 0n;
    const ms = (iso: string) => (iso === lastIso ? lastMs : ((lastIso = iso), (lastMs = toLedgerTime(iso))));
    const rows = transfers.map((t) => [
      territoryId, t.id, seq(t.debitAccountId), seq(t.creditAccountId), t.amount, t.unit, t.kind, t.memo, t.phase, t.pendingId, BigInt(t.timeoutSeconds), ms(t.createdAt),
    ]);
    // Written in the order of their debit account, so that consecutive entries of that index land on
    // the same page (a few percent faster on SQLite, within the noise of a shared machine). Order within
    // a batch carries no meaning: reads order by time and id, and a batch's transfers share their time.
    rows.sort((x, y) => (x[2] === y[2] ? 0 : (x[2] as bigint) < (y[2] as bigint) ? -1 : 1));
    const insert = sqliteInsertStatement(db, 'ledger_transfers', TRANSFER_COLUMNS);
    if (insert) {
      for (const r of rows) insert.run(...r);
      return;
    }
    await bulkInsert(db, 'ledger_transfers', TRANSFER_COLUMNS, rows);
  },

  /** Opens many accounts at once (payroll: one per new employee); answers their numbers, in the same order. */
  async insertAccounts(db: Executor, territoryId: string, accounts: readonly NewAccount[]): Promise<bigint[]> {
    const seqs = await accountNumbers(db, accounts.length);
    const insert = sqliteInsertStatement(db, 'ledger_accounts', ACCOUNT_COLUMNS);
    if (insert) {
      accounts.forEach((a, i) =>
        insert.run(
          territoryId, a.id, a.unit, a.ownerType, a.ownerId, a.kind, a.floor, a.ceiling, a.status,
          a.debitsPosted, a.creditsPosted, a.debitsPending, a.creditsPending, a.createdAt, seqs[i]!,
        ),
      );
    } else {
      await bulkInsert(db, 'ledger_accounts', ACCOUNT_COLUMNS, accounts.map((a, i) => accountRow(territoryId, { ...a, seq: seqs[i]! })));
    }
    return seqs;
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
    const seq = accountSeq(db, territoryId, accountId);
    const beforeMs = before && toLedgerTime(before.createdAt);
    const rows = await transfersWithAccounts(db)
      .where((eb) => eb.or([eb('t.debit_seq', '=', seq), eb('t.credit_seq', '=', seq)]))
      .$if(before !== undefined, (q) =>
        q.where((eb) => eb.or([eb('t.created_ms', '<', beforeMs!), eb.and([eb('t.created_ms', '=', beforeMs!), eb('t.id', '<', before!.id)])])),
      )
      .orderBy('t.created_ms', 'desc')
      .orderBy('t.id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toTransfer);
  },

  /** Net daily movements of one account (credits − debits, posted only), oldest first. */
  async dailyNetMovements(db: Executor, territoryId: string, accountId: string): Promise<{ day: string; net: bigint }[]> {
    const account = await db.selectFrom('ledger_accounts').select('seq').where('territory_id', '=', territoryId).where('id', '=', accountId).executeTakeFirst();
    if (!account) return [];
    // Days since the epoch (UTC), by integer division on both databases.
    const day = sql<bigint>`created_ms / ${sql.lit(Number(MS_PER_DAY))}`;
    const rows = await db
      .selectFrom('ledger_transfers')
      .select([day.as('day'), sql<bigint>`cast(sum(case when credit_seq = ${account.seq} then amount else -amount end) as bigint)`.as('net')])
      .where((eb) => eb.or([eb('debit_seq', '=', account.seq), eb('credit_seq', '=', account.seq)]))
      .where('phase', 'in', ['single', 'post_pending'])
      .groupBy(day)
      .orderBy(day)
      .execute();
    return rows.map((r) => ({ day: fromLedgerTime(BigInt(r.day) * MS_PER_DAY).slice(0, 10), net: BigInt(r.net) }));
  },
};
