import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, TerritoryParams } from '../../platform/http/schemas.js';
import { DECISION_METHODS } from './model.js';
import { DECISION_OUTCOMES, DECISION_STATUSES, MAX_VOTE_REASON_LENGTH, VOTE_CHOICES } from './decisions-model.js';
import type { DecisionsService } from './decisions.js';

const TallySchema = Type.Object({
  consent: Type.Integer(),
  objection: Type.Integer(),
  for: Type.Integer(),
  against: Type.Integer(),
  abstain: Type.Integer(),
  cast: Type.Integer({ description: 'votes cast, abstentions included (they count for the quorum)' }),
  votingMembers: Type.Integer({ description: 'leads and members of the task force when the decision was closed' }),
});
const VoteSchema = Type.Object({
  memberType: oneOf(['organisation', 'person'] as const),
  memberId: Type.String(),
  choice: oneOf(VOTE_CHOICES),
  reason: Nullable(Type.String({ description: 'why the member votes so; always given with an objection' })),
  castBy: Nullable(Type.String({ description: 'the person who cast it: the member, or the organisation’s representative' })),
  castAt: Type.String({ format: 'date-time' }),
});
const DecisionFields = {
  id: Type.String(),
  taskForceId: Type.String(),
  title: Type.String(),
  text: Type.String(),
  governance: Type.Object({ method: oneOf(DECISION_METHODS), quorumPercent: Type.Integer() }, { description: 'the task force’s rule when the decision was opened' }),
  options: Type.Array(oneOf(VOTE_CHOICES)),
  status: oneOf(DECISION_STATUSES),
  openedBy: Nullable(Type.String()),
  openedAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  reviewDate: Nullable(Type.String({ format: 'date' })),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  closedBy: Nullable(Type.String()),
  outcome: Nullable(oneOf(DECISION_OUTCOMES)),
  tally: Nullable(TallySchema),
};
const DecisionSchema = Type.Object(DecisionFields);
const DecisionDetailSchema = Type.Object({ ...DecisionFields, votes: Type.Array(VoteSchema) });
const TaskForceParams = Type.Object({ ...TerritoryParams.properties, id: Type.String({ maxLength: 64 }) });
const DecisionParams = Type.Object({ ...TaskForceParams.properties, decisionId: Type.String({ maxLength: 64 }) });

export function registerDecisionRoutes(app: HttpServer, decisions: DecisionsService): void {
  const tags = ['pact'];
  const base = '/api/v1/t/:territory/task-forces/:id/decisions';

  app.get(
    base,
    { schema: { tags, summary: "A task force's decisions, newest first, with the outcome and tally of closed ones", params: TaskForceParams, response: { 200: Type.Object({ items: Type.Array(DecisionSchema) }), ...errorResponses(404) } } },
    async (request) => ({ items: await decisions.list(request.params.territory, request.params.id) }),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: "Open a proposal under the task force's rule (its leads)",
        params: TaskForceParams,
        body: Type.Object({
          title: Type.String({ maxLength: 300 }),
          text: Type.String({ maxLength: 10000 }),
          closesAt: Type.String({ maxLength: 40, description: 'ISO 8601 date and time, in the future' }),
          reviewDate: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'YYYY-MM-DD, not before the closing' }))),
        }),
        response: { 201: DecisionDetailSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await decisions.open(request.actor, request.params.territory, request.params.id, request.body)),
  );

  app.get(
    `${base}/:decisionId`,
    { schema: { tags, summary: 'A decision with every vote per member (public), and its tally once closed', params: DecisionParams, response: { 200: DecisionDetailSchema, ...errorResponses(404) } } },
    async (request) => decisions.get(request.params.territory, request.params.id, request.params.decisionId),
  );

  app.post(
    `${base}/:decisionId/votes`,
    {
      schema: {
        tags,
        summary: 'Vote, or change one’s vote, until the closing (leads and members; an organisation through its representative)',
        params: DecisionParams,
        body: Type.Object({
          choice: oneOf(VOTE_CHOICES),
          reason: Type.Optional(Nullable(Type.String({ maxLength: MAX_VOTE_REASON_LENGTH, description: 'why; required with an objection, which blocks a consent decision' }))),
          organisationId: Type.Optional(Type.String({ maxLength: 64, description: 'vote for this organisation, as its representative' })),
        }),
        response: { 200: DecisionDetailSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { choice, reason, organisationId } = request.body;
      return decisions.vote(request.actor, request.params.territory, request.params.id, request.params.decisionId, { choice, reason: reason ?? null, ...(organisationId !== undefined ? { organisationId } : {}) });
    },
  );

  app.post(
    `${base}/:decisionId/close`,
    {
      schema: {
        tags,
        summary: 'Close the vote and record the outcome with its tally (a lead; anyone signed in after the closing date)',
        params: DecisionParams,
        response: { 200: DecisionDetailSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => decisions.close(request.actor, request.params.territory, request.params.id, request.params.decisionId),
  );
}
