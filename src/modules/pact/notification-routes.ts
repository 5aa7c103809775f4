import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { CursorPageQuery, errorResponses, Nullable, oneOf, TerritoryParams } from '../../platform/http/schemas.js';
import { FOLLOW_TARGET_TYPES, NOTIFICATION_KINDS, type FollowTargetType, type NotificationsService } from './notifications.js';

const FollowStateSchema = Type.Object({ following: Type.Boolean(), followers: Type.Integer({ description: 'how many people follow it' }) });
const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: oneOf(NOTIFICATION_KINDS),
  title: Type.String(),
  body: Type.String(),
  linkPath: Type.String({ description: "the public portal's path under the territory, e.g. /commitments/{id}" }),
  targetType: oneOf(FOLLOW_TARGET_TYPES),
  targetId: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
});
const ItemParams = Type.Object({ ...TerritoryParams.properties, id: Type.String({ maxLength: 64 }) });

/** Follow a commitment or a task force, and read one's own notifications (signed in). */
export function registerNotificationRoutes(app: HttpServer, notifications: NotificationsService): void {
  const tags = ['pact'];
  const base = '/api/v1/t/:territory';

  const followRoutes = (path: string, type: FollowTargetType, what: string) => {
    const target = (id: string) => ({ type, id });
    app.get(
      `${base}/${path}/:id/follow`,
      { schema: { tags, summary: `Whether I follow this ${what}, and how many do (signed in)`, params: ItemParams, response: { 200: FollowStateSchema, ...errorResponses(401, 403, 404) } } },
      async (request) => notifications.followState(request.actor, request.params.territory, target(request.params.id)),
    );
    app.put(
      `${base}/${path}/:id/follow`,
      {
        schema: {
          tags,
          summary: `Follow this ${what}: be notified when its status or progress changes (signed in; doing it twice is harmless)`,
          params: ItemParams,
          response: { 200: FollowStateSchema, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => notifications.follow(request.actor, request.params.territory, target(request.params.id)),
    );
    app.delete(
      `${base}/${path}/:id/follow`,
      { schema: { tags, summary: `Stop following this ${what}`, params: ItemParams, response: { 200: FollowStateSchema, ...errorResponses(401, 403, 404) } } },
      async (request) => notifications.unfollow(request.actor, request.params.territory, target(request.params.id)),
    );
  };
  followRoutes('commitments', 'commitment', 'commitment');
  followRoutes('task-forces', 'task_force', 'task force');

  app.get(
    `${base}/follows`,
    {
      schema: {
        tags,
        summary: 'What I follow in this territory, latest first',
        params: TerritoryParams,
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ targetType: oneOf(FOLLOW_TARGET_TYPES), targetId: Type.String(), followedAt: Type.String({ format: 'date-time' }) })) }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => ({ items: await notifications.myFollows(request.actor, request.params.territory) }),
  );

  app.get(
    `${base}/notifications`,
    {
      schema: {
        tags,
        summary: 'My notifications in this territory, newest first, paginated with a cursor, with the count of unread ones',
        params: TerritoryParams,
        querystring: Type.Object({ ...CursorPageQuery, unread: Type.Optional(Type.Boolean({ description: 'only the unread ones' })) }),
        response: { 200: Type.Object({ items: Type.Array(NotificationSchema), nextCursor: Nullable(Type.String()), unreadCount: Type.Integer() }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { limit, cursor, unread } = request.query;
      return notifications.list(request.actor, request.params.territory, { limit: limit ?? 50, ...(cursor ? { cursor } : {}), unreadOnly: unread === true });
    },
  );

  app.post(
    `${base}/notifications/:id/read`,
    {
      schema: { tags, summary: 'Mark one of my notifications read', params: ItemParams, response: { 200: NotificationSchema, ...errorResponses(401, 403, 404) } },
    },
    async (request) => notifications.markRead(request.actor, request.params.territory, request.params.id),
  );

  app.post(
    `${base}/notifications/read-all`,
    {
      schema: {
        tags,
        summary: 'Mark all my notifications in this territory read',
        params: TerritoryParams,
        response: { 200: Type.Object({ marked: Type.Integer(), unreadCount: Type.Integer() }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => notifications.markAllRead(request.actor, request.params.territory),
  );
}
