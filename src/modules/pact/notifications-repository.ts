import { sql } from 'kysely';
import type { Executor } from '../../platform/db/transaction.js';
import { bulkInsert } from '../../platform/db/bulk.js';
import { dialectOf, toSafeNumber } from '../../platform/db/dialect.js';
import type { PactTables } from './migrations.js';

export const FOLLOW_TARGET_TYPES = ['commitment', 'task_force'] as const;
export type FollowTargetType = (typeof FOLLOW_TARGET_TYPES)[number];

/** What a follower is told about. */
export const NOTIFICATION_KINDS = ['commitment.updated', 'commitment.status_changed', 'commitment.late', 'task_force.status_changed', 'decision.taken'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface FollowTarget {
  type: FollowTargetType;
  id: string;
}

export interface Follow {
  targetType: FollowTargetType;
  targetId: string;
  followedAt: string;
}

export interface Notification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** The public portal's path of what changed, under the territory (`/commitments/…`). */
  linkPath: string;
  targetType: FollowTargetType;
  targetId: string;
  createdAt: string;
  readAt: string | null;
}

type NotificationRow = Omit<PactTables['pact_notifications'], 'territory_id' | 'person_id'>;

const toNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  kind: r.kind as NotificationKind,
  title: r.title,
  body: r.body,
  linkPath: r.link_path,
  targetType: r.target_type as FollowTargetType,
  targetId: r.target_id,
  createdAt: r.created_at,
  readAt: r.read_at,
});

const columns = ['id', 'kind', 'title', 'body', 'link_path', 'target_type', 'target_id', 'created_at', 'read_at'] as const;
const NOTIFICATION_COLUMNS = ['territory_id', 'id', 'person_id', 'kind', 'title', 'body', 'link_path', 'target_type', 'target_id', 'created_at', 'read_at'] as const;

/** Every query names the territory and, for notifications, the person: nobody reads another's. */
export const notificationsRepository = {
  async follow(db: Executor, territoryId: string, personId: string, target: FollowTarget, at: string): Promise<void> {
    await db
      .insertInto('pact_follows')
      .values({ territory_id: territoryId, target_type: target.type, target_id: target.id, person_id: personId, followed_at: at })
      .onConflict((oc) => oc.columns(['territory_id', 'target_type', 'target_id', 'person_id']).doNothing())
      .execute();
  },

  async unfollow(db: Executor, territoryId: string, personId: string, target: FollowTarget): Promise<boolean> {
    const result = await db
      .deleteFrom('pact_follows')
      .where('territory_id', '=', territoryId)
      .where('target_type', '=', target.type)
      .where('target_id', '=', target.id)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  },

  async followState(db: Executor, territoryId: string, personId: string, target: FollowTarget): Promise<{ following: boolean; followers: number }> {
    const row = await db
      .selectFrom('pact_follows')
      .select((eb) => [eb.fn.countAll<bigint>().as('followers'), sql<bigint>`cast(sum(case when person_id = ${personId} then 1 else 0 end) as bigint)`.as('mine')])
      .where('territory_id', '=', territoryId)
      .where('target_type', '=', target.type)
      .where('target_id', '=', target.id)
      .executeTakeFirstOrThrow();
    return { following: toSafeNumber(row.mine) > 0, followers: toSafeNumber(row.followers) };
  },

  async followsOf(db: Executor, territoryId: string, personId: string): Promise<Follow[]> {
    const rows = await db
      .selectFrom('pact_follows')
      .select(['target_type', 'target_id', 'followed_at'])
      .where('territory_id', '=', territoryId)
      .where('person_id', '=', personId)
      .orderBy('followed_at', 'desc')
      .orderBy('target_id')
      .execute();
    return rows.map((r) => ({ targetType: r.target_type as FollowTargetType, targetId: r.target_id, followedAt: r.followed_at }));
  },

  /** The distinct people who follow any of `targets`. */
  async followersOf(db: Executor, territoryId: string, targets: readonly FollowTarget[]): Promise<string[]> {
    if (targets.length === 0) return [];
    const rows = await db
      .selectFrom('pact_follows')
      .select('person_id')
      .distinct()
      .where('territory_id', '=', territoryId)
      .where((eb) => eb.or(targets.map((t) => eb.and([eb('target_type', '=', t.type), eb('target_id', '=', t.id)]))))
      .orderBy('person_id')
      .execute();
    return rows.map((r) => r.person_id);
  },

  async insertNotifications(db: Executor, territoryId: string, rows: readonly (Notification & { personId: string })[]): Promise<void> {
    await bulkInsert(
      db,
      'pact_notifications',
      NOTIFICATION_COLUMNS,
      rows.map((n) => [territoryId, n.id, n.personId, n.kind, n.title, n.body, n.linkPath, n.targetType, n.targetId, n.createdAt, n.readAt]),
    );
  },

  /** Newest first, keyset on (created_at, id) compared byte-wise on both databases. */
  async listNotifications(
    db: Executor,
    territoryId: string,
    personId: string,
    options: { limit: number; unreadOnly: boolean; before?: { createdAt: string; id: string } },
  ): Promise<Notification[]> {
    const collate = sql.raw(dialectOf(db) === 'postgres' ? ' collate "C"' : '');
    const before = options.before;
    const rows = await db
      .selectFrom('pact_notifications')
      .select(columns)
      .where('territory_id', '=', territoryId)
      .where('person_id', '=', personId)
      .$if(options.unreadOnly, (q) => q.where('read_at', 'is', null))
      .$if(before !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb(sql`created_at${collate}`, '<', before!.createdAt),
            eb.and([eb('created_at', '=', before!.createdAt), eb(sql`id${collate}`, '<', before!.id)]),
          ]),
        ),
      )
      .orderBy(sql`created_at${collate}`, 'desc')
      .orderBy(sql`id${collate}`, 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toNotification);
  },

  async unreadCount(db: Executor, territoryId: string, personId: string): Promise<number> {
    const row = await db
      .selectFrom('pact_notifications')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('territory_id', '=', territoryId)
      .where('person_id', '=', personId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return toSafeNumber(row.n);
  },

  async findNotification(db: Executor, territoryId: string, personId: string, id: string): Promise<Notification | undefined> {
    const row = await db
      .selectFrom('pact_notifications')
      .select(columns)
      .where('territory_id', '=', territoryId)
      .where('person_id', '=', personId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toNotification(row);
  },

  /** Marks one notification read (or all of the person's when `id` is undefined); returns how many changed. */
  async markRead(db: Executor, territoryId: string, personId: string, at: string, id?: string): Promise<number> {
    const result = await db
      .updateTable('pact_notifications')
      .set({ read_at: at })
      .where('territory_id', '=', territoryId)
      .where('person_id', '=', personId)
      .where('read_at', 'is', null)
      .$if(id !== undefined, (q) => q.where('id', '=', id!))
      .executeTakeFirst();
    return toSafeNumber(result.numUpdatedRows);
  },
};
