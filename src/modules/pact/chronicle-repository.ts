import { sql } from 'kysely';
import type { Executor } from '../../platform/db/transaction.js';
import { dialectOf } from '../../platform/db/dialect.js';
import { bulkInsert } from '../../platform/db/bulk.js';

export interface ChronicleEntry {
  id: string;
  occurredAt: string;
  kind: string;
  title: string;
  body: string;
  taskForceId: string | null;
  organisationId: string | null;
  linkPath: string;
}

export interface ChronicleFilter {
  taskForceId?: string;
  organisationId?: string;
  kind?: string;
  /** The entries about one thing (its portal path, e.g. `/metabolism/synergies/…`). */
  linkPath?: string;
}

export const chronicleRepository = {
  async insertEntry(db: Executor, territoryId: string, e: ChronicleEntry): Promise<void> {
    await db
      .insertInto('chronicle_entries')
      .values({
        territory_id: territoryId,
        id: e.id,
        occurred_at: e.occurredAt,
        kind: e.kind,
        title: e.title,
        body: e.body,
        task_force_id: e.taskForceId,
        organisation_id: e.organisationId,
        link_path: e.linkPath,
      })
      .execute();
  },

  async insertEntries(db: Executor, territoryId: string, entries: readonly ChronicleEntry[]): Promise<void> {
    await bulkInsert(
      db,
      'chronicle_entries',
      ['territory_id', 'id', 'occurred_at', 'kind', 'title', 'body', 'task_force_id', 'organisation_id', 'link_path'],
      entries.map((e) => [territoryId, e.id, e.occurredAt, e.kind, e.title, e.body, e.taskForceId, e.organisationId, e.linkPath]),
    );
  },

  /** Newest first, keyset on (occurred_at, id) compared byte-wise on both databases so pages agree. */
  async listEntries(db: Executor, territoryId: string, options: ChronicleFilter & { limit: number; before?: { occurredAt: string; id: string } }): Promise<ChronicleEntry[]> {
    const collate = dialectOf(db) === 'postgres' ? sql.raw(' collate "C"') : sql.raw('');
    const before = options.before;
    const rows = await db
      .selectFrom('chronicle_entries')
      .select(['id', 'occurred_at', 'kind', 'title', 'body', 'task_force_id', 'organisation_id', 'link_path'])
      .where('territory_id', '=', territoryId)
      .$if(options.taskForceId !== undefined, (q) => q.where('task_force_id', '=', options.taskForceId!))
      .$if(options.organisationId !== undefined, (q) => q.where('organisation_id', '=', options.organisationId!))
      .$if(options.kind !== undefined, (q) => q.where('kind', '=', options.kind!))
      .$if(options.linkPath !== undefined, (q) => q.where('link_path', '=', options.linkPath!))
      .$if(before !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb(sql`occurred_at${collate}`, '<', before!.occurredAt),
            eb.and([eb('occurred_at', '=', before!.occurredAt), eb(sql`id${collate}`, '<', before!.id)]),
          ]),
        ),
      )
      .orderBy(sql`occurred_at${collate}`, 'desc')
      .orderBy(sql`id${collate}`, 'desc')
      .limit(options.limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      kind: r.kind,
      title: r.title,
      body: r.body,
      taskForceId: r.task_force_id,
      organisationId: r.organisation_id,
      linkPath: r.link_path,
    }));
  },
};
