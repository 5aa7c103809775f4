import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/db/transaction.js';
import { dialectOf } from '../../platform/db/dialect.js';
import type { StoredTransfer } from './ledger-model.js';
import { accountSeq, fromLedgerTime, toLedgerTime, toTransfer, transfersWithAccounts } from './ledger-repository.js';

/** Phases that move posted balances; a pending hold and its voiding change no balance. */
export const POSTED_PHASES = ['single', 'post_pending'] as const;

export interface TransferKey {
  readonly createdAt: string;
  readonly id: string;
}

/**
 * Pages go forward by (created_at, id). Ids are compared byte-wise on both databases so that the
 * order the database returns and the order we merge in JavaScript agree; PostgreSQL's default
 * collation (e.g. en_US) would otherwise sort punctuation differently and a page could skip a row.
 */
function binaryId(db: Executor): RawBuilder<string> {
  return dialectOf(db) === 'postgres' ? sql<string>`t.id collate "C"` : sql<string>`t.id`;
}

export function compareTransferKeys(a: TransferKey, b: TransferKey): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function netOf(rows: { account_id: string; total: bigint | string | number }[], sign: 1n | -1n, into: Map<string, bigint>): void {
  for (const r of rows) into.set(r.account_id, (into.get(r.account_id) ?? 0n) + sign * BigInt(r.total));
}

/** The read side of accounting: statements, the FEC, demurrage. Plain queries over the ledger's tables. */
export const accountingRepository = {
  /**
   * The next posted transfers of one account after `after`, oldest first. Each side (debits, credits)
   * is read along its own index and the two are merged, instead of one OR query that PostgreSQL
   * would sort in full for every page of a big account.
   */
  async accountTransfersAfter(db: Executor, territoryId: string, accountId: string, after: TransferKey | undefined, limit: number): Promise<StoredTransfer[]> {
    // By account number alone (unique in the database; see accountSeq).
    const seq = accountSeq(db, territoryId, accountId);
    const afterMs = after && toLedgerTime(after.createdAt);
    const side = (column: 't.debit_seq' | 't.credit_seq') =>
      transfersWithAccounts(db)
        .where(column, '=', seq)
        .where('t.phase', 'in', POSTED_PHASES)
        .$if(after !== undefined, (q) =>
          q.where('t.created_ms', '>=', afterMs!).where((eb) => eb.or([eb('t.created_ms', '>', afterMs!), eb(binaryId(db), '>', after!.id)])),
        )
        .orderBy('t.created_ms')
        .orderBy(binaryId(db))
        .limit(limit)
        .execute();
    const [debits, credits] = [await side('t.debit_seq'), await side('t.credit_seq')];
    return [...debits, ...credits].map(toTransfer).sort(compareTransferKeys).slice(0, limit);
  },

  /** Posted transfers in some units with `from <= created_at < to`, after `after`, oldest first. */
  async transfersBetween(
    db: Executor,
    territoryId: string,
    options: { units: readonly string[]; from: string; to: string; after?: TransferKey; limit: number },
  ): Promise<StoredTransfer[]> {
    if (options.units.length === 0) return [];
    const after = options.after;
    const afterMs = after && toLedgerTime(after.createdAt);
    const rows = await transfersWithAccounts(db)
      .where('t.territory_id', '=', territoryId)
      .where('t.unit', 'in', options.units)
      .where('t.phase', 'in', POSTED_PHASES)
      .where('t.created_ms', '>=', afterMs ?? toLedgerTime(options.from))
      .where('t.created_ms', '<', toLedgerTime(options.to))
      .$if(after !== undefined, (q) => q.where((eb) => eb.or([eb('t.created_ms', '>', afterMs!), eb(binaryId(db), '>', after!.id)])))
      .orderBy('t.created_ms')
      .orderBy(binaryId(db))
      .limit(options.limit)
      .execute();
    return rows.map(toTransfer);
  },

  /**
   * Net posted movement (credits − debits) of every account of some units over a time range: the
   * balance at an instant is the movement before it, and the balance then is the balance now minus
   * the movement since.
   */
  async netMovements(db: Executor, territoryId: string, options: { units: readonly string[]; from?: string; before?: string }): Promise<Map<string, bigint>> {
    const result = new Map<string, bigint>();
    if (options.units.length === 0) return result;
    // Totals per account number first, then the account's id for each: one join per account, not per transfer.
    const side = (column: 'debit_seq' | 'credit_seq') =>
      db
        .selectFrom((eb) =>
          eb
            .selectFrom('ledger_transfers')
            .select([sql.ref<bigint>(column).as('seq'), sql<bigint>`sum(amount)`.as('total')])
            .where('territory_id', '=', territoryId)
            .where('unit', 'in', options.units)
            .where('phase', 'in', POSTED_PHASES)
            .$if(options.from !== undefined, (q) => q.where('created_ms', '>=', toLedgerTime(options.from!)))
            .$if(options.before !== undefined, (q) => q.where('created_ms', '<', toLedgerTime(options.before!)))
            .groupBy(column)
            .as('s'),
        )
        .innerJoin('ledger_accounts as a', 'a.seq', 's.seq')
        .select(['a.id as account_id', sql<bigint>`cast(s.total as bigint)`.as('total')])
        .execute();
    netOf(await side('credit_seq'), 1n, result);
    netOf(await side('debit_seq'), -1n, result);
    return result;
  },

  /** When each account of a unit last paid out before an instant, leaving out transfers of some kinds. */
  async lastDebits(db: Executor, territoryId: string, options: { unit: string; before: string; exceptKinds: readonly string[] }): Promise<Map<string, string>> {
    const rows = await db
      .selectFrom((eb) =>
        eb
          .selectFrom('ledger_transfers')
          .select(['debit_seq', sql<bigint>`max(created_ms)`.as('last')])
          .where('territory_id', '=', territoryId)
          .where('unit', '=', options.unit)
          .where('phase', 'in', POSTED_PHASES)
          .where('created_ms', '<', toLedgerTime(options.before))
          .$if(options.exceptKinds.length > 0, (q) => q.where('kind', 'not in', options.exceptKinds))
          .groupBy('debit_seq')
          .as('s'),
      )
      .innerJoin('ledger_accounts as a', 'a.seq', 's.debit_seq')
      .select(['a.id as account_id', 's.last'])
      .execute();
    return new Map(rows.map((r) => [r.account_id, fromLedgerTime(r.last)]));
  },
};
