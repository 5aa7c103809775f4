import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../database.js';

export type Executor = Kysely<Database>;

/**
 * Runs a use case in one transaction: the write and its audit event commit together or not at all.
 * A caller already inside a transaction keeps it (Kysely does not nest transactions).
 */
export async function inTransaction<T>(db: Executor, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
