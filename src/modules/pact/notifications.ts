import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { decodePageCursor, pageOf } from '../../platform/page-cursor.js';
import type { Territory } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';
import { writerGrants } from './writer-grants.js';
import { commitmentsRepository } from './commitments-repository.js';
import { taskForcesRepository } from './task-forces-repository.js';
import { notificationsRepository as repo, type Follow, type FollowTarget, type Notification, type NotificationKind } from './notifications-repository.js';

export { FOLLOW_TARGET_TYPES, NOTIFICATION_KINDS, type Follow, type FollowTarget, type FollowTargetType, type Notification, type NotificationKind } from './notifications-repository.js';

export interface FollowState {
  following: boolean;
  followers: number;
}

export interface NotificationInput {
  kind: NotificationKind;
  title: string;
  body?: string;
  linkPath: string;
  /** What changed; followers of any of `followed` hear of it. */
  about: FollowTarget;
}

/**
 * Follow and notify: anyone signed in follows a commitment or a task force, and is told in the app
 * when its status or progress changes. A notification belongs to one person in one territory; every
 * read names both, so nobody ever sees another's.
 */
export class NotificationsService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly clock: Clock = systemClock,
  ) {}

  async follow(actor: Actor, slug: string, target: FollowTarget): Promise<FollowState> {
    const { territory, personId } = await this.reader(actor, slug);
    return inTransaction(this.db, async (trx) => {
      await requireTarget(trx, territory.id, target);
      const state = await repo.followState(trx, territory.id, personId, target);
      if (state.following) return state;
      await repo.follow(trx, territory.id, personId, target, this.clock().toISOString());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'follow.started', targetType: target.type, targetId: target.id, change: {} }, this.clock);
      return { following: true, followers: state.followers + 1 };
    });
  }

  async unfollow(actor: Actor, slug: string, target: FollowTarget): Promise<FollowState> {
    const { territory, personId } = await this.reader(actor, slug);
    return inTransaction(this.db, async (trx) => {
      await requireTarget(trx, territory.id, target);
      if (await repo.unfollow(trx, territory.id, personId, target)) {
        await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'follow.stopped', targetType: target.type, targetId: target.id, change: {} }, this.clock);
      }
      return repo.followState(trx, territory.id, personId, target);
    });
  }

  /** Whether the signed-in person follows it, and how many do. */
  async followState(actor: Actor, slug: string, target: FollowTarget): Promise<FollowState> {
    const { territory, personId } = await this.reader(actor, slug);
    await requireTarget(this.db, territory.id, target);
    return repo.followState(this.db, territory.id, personId, target);
  }

  async myFollows(actor: Actor, slug: string): Promise<Follow[]> {
    const { territory, personId } = await this.reader(actor, slug);
    return repo.followsOf(this.db, territory.id, personId);
  }

  async list(actor: Actor, slug: string, options: { limit: number; cursor?: string; unreadOnly?: boolean }): Promise<{ items: Notification[]; nextCursor: string | null; unreadCount: number }> {
    const { territory, personId } = await this.reader(actor, slug);
    const cursor = options.cursor ? decodePageCursor(options.cursor, 2) : undefined;
    const rows = await repo.listNotifications(this.db, territory.id, personId, {
      limit: options.limit + 1,
      unreadOnly: options.unreadOnly === true,
      ...(cursor ? { before: { createdAt: cursor[0]!, id: cursor[1]! } } : {}),
    });
    const page = pageOf(rows, options.limit, (n) => [n.createdAt, n.id]);
    return { ...page, unreadCount: await repo.unreadCount(this.db, territory.id, personId) };
  }

  /** Reading one's notifications changes nothing anyone else sees: it is not an audit event. */
  async markRead(actor: Actor, slug: string, id: string): Promise<Notification> {
    const { territory, personId } = await this.reader(actor, slug);
    const at = this.clock().toISOString();
    return inTransaction(this.db, async (trx) => {
      const notification = await repo.findNotification(trx, territory.id, personId, id);
      if (!notification) throw notFound('The notification');
      if (notification.readAt !== null) return notification;
      await repo.markRead(trx, territory.id, personId, at, id);
      return { ...notification, readAt: at };
    });
  }

  async markAllRead(actor: Actor, slug: string): Promise<{ marked: number; unreadCount: number }> {
    const { territory, personId } = await this.reader(actor, slug);
    const marked = await repo.markRead(this.db, territory.id, personId, this.clock().toISOString());
    return { marked, unreadCount: 0 };
  }

  /**
   * Tells the followers of any of `followed` what changed, inside the use case's transaction, except
   * the person who made the change. Returns how many were told.
   */
  async notifyFollowers(trx: Executor, territoryId: string, followed: readonly FollowTarget[], input: NotificationInput, causedBy: string | null): Promise<number> {
    const people = (await repo.followersOf(trx, territoryId, followed)).filter((p) => p !== causedBy);
    if (people.length === 0) return 0;
    const createdAt = this.clock().toISOString();
    await repo.insertNotifications(
      trx,
      territoryId,
      people.map((personId) => ({
        id: newId(),
        personId,
        kind: input.kind,
        title: input.title,
        body: input.body ?? '',
        linkPath: input.linkPath,
        targetType: input.about.type,
        targetId: input.about.id,
        createdAt,
        readAt: null,
      })),
    );
    return people.length;
  }

  /** The signed-in person; a token scoped to another territory reads nothing here. */
  private async reader(actor: Actor, slug: string): Promise<{ territory: Territory; personId: string }> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    if (grants.personId === null) throw forbidden('Only a person signed in to this territory follows and reads notifications.');
    return { territory, personId: grants.personId };
  }
}

async function requireTarget(db: Executor, territoryId: string, target: FollowTarget): Promise<void> {
  const exists =
    target.type === 'commitment'
      ? (await commitmentsRepository.findCommitment(db, territoryId, target.id)) !== undefined
      : (await taskForcesRepository.findTaskForce(db, territoryId, target.id)) !== undefined;
  if (!exists) throw notFound(target.type === 'commitment' ? 'The commitment' : 'The task force');
}
