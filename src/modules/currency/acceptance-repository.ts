import type { Executor } from '../../platform/db/transaction.js';
import type { CurrencyTables } from './migrations.js';
import { fromDbFlag, toDbFlag } from '../../platform/db/dialect.js';
import type { AcceptanceCategory } from './model.js';

export interface AcceptanceRecord {
  organisationId: string;
  accepts: boolean;
  category: AcceptanceCategory | null;
  note: string | null;
  updatedBy: string | null;
  updatedAt: string;
}

type Row = Omit<CurrencyTables['currency_acceptances'], 'territory_id'>;

const toAcceptance = (r: Row): AcceptanceRecord => ({
  organisationId: r.organisation_id,
  accepts: fromDbFlag(r.accepts),
  category: r.category as AcceptanceCategory | null,
  note: r.note,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

export const acceptanceRepository = {
  async put(db: Executor, territoryId: string, a: AcceptanceRecord): Promise<void> {
    const values = { accepts: BigInt(toDbFlag(a.accepts)), category: a.category, note: a.note, updated_by: a.updatedBy, updated_at: a.updatedAt };
    await db
      .insertInto('currency_acceptances')
      .values({ territory_id: territoryId, organisation_id: a.organisationId, ...values })
      .onConflict((oc) => oc.columns(['territory_id', 'organisation_id']).doUpdateSet(values))
      .execute();
  },

  async find(db: Executor, territoryId: string, organisationId: string): Promise<AcceptanceRecord | undefined> {
    const row = await db
      .selectFrom('currency_acceptances')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return row && toAcceptance(row);
  },

  async listAccepting(db: Executor, territoryId: string, category?: AcceptanceCategory): Promise<Map<string, AcceptanceRecord>> {
    const rows = await db
      .selectFrom('currency_acceptances')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('accepts', '=', 1n)
      .$if(category !== undefined, (q) => q.where('category', '=', category!))
      .execute();
    return new Map(rows.map((r) => [r.organisation_id, toAcceptance(r)]));
  },
};
