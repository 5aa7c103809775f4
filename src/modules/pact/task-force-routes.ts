import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, TerritoryParams } from '../../platform/http/schemas.js';
import { DECISION_METHODS, TASK_FORCE_ROLES, TASK_FORCE_STATUSES, type BudgetLine } from './model.js';
import type { TaskForceDetail, TaskForceView, TaskForcesService } from './task-forces.js';

// Amounts are euro cents; JSON numbers are exact up to 2^53.
const Cents = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'euro cents' });
const CriterionSchema = Type.Object({
  statement: Type.String({ maxLength: 1000 }),
  threshold: Nullable(Type.Number()),
  unit: Nullable(Type.String({ maxLength: 32 })),
  indicatorCode: Nullable(Type.String({ maxLength: 64 })),
});
const GovernanceSchema = Type.Object({ method: oneOf(DECISION_METHODS), quorumPercent: Type.Integer({ minimum: 0, maximum: 100 }) });
const BudgetLineSchema = Type.Object({ label: Type.String({ maxLength: 300 }), category: Type.String({ maxLength: 100 }), plannedAmount: Cents });
const MemberSchema = Type.Object({
  memberType: oneOf(['organisation', 'person'] as const),
  memberId: Type.String(),
  name: Type.String({ description: "the organisation's name, or the person's display name" }),
  role: oneOf(TASK_FORCE_ROLES),
  since: Type.String(),
});
const Counts = Type.Object({ planned: Type.Integer(), in_progress: Type.Integer(), done: Type.Integer(), abandoned: Type.Integer(), late: Type.Integer() });
const TaskForceFields = {
  id: Type.String(),
  name: Type.String(),
  mission: Type.String(),
  socialCriteria: Type.Array(CriterionSchema),
  environmentalCriteria: Type.Array(CriterionSchema),
  governance: GovernanceSchema,
  budgetLines: Type.Array(BudgetLineSchema),
  plannedBudget: Cents,
  status: oneOf(TASK_FORCE_STATUSES),
  progress: Nullable(Type.Number({ description: 'weighted mean progress of its commitments, abandoned ones excluded; null without any' })),
  commitmentCounts: Counts,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};
const TaskForceDetailSchema = Type.Object({ ...TaskForceFields, members: Type.Array(MemberSchema) });
const TaskForceBody = {
  name: Type.String({ maxLength: 200 }),
  mission: Type.String({ maxLength: 5000 }),
  socialCriteria: Type.Optional(Type.Array(CriterionSchema, { maxItems: 50 })),
  environmentalCriteria: Type.Optional(Type.Array(CriterionSchema, { maxItems: 50 })),
  governance: Type.Optional(GovernanceSchema),
  budgetLines: Type.Optional(Type.Array(BudgetLineSchema, { maxItems: 200 })),
};
const TaskForceParams = Type.Object({ ...TerritoryParams.properties, id: Type.String({ maxLength: 64 }) });

const linesJson = (lines: readonly BudgetLine[]) => lines.map((l) => ({ ...l, plannedAmount: Number(l.plannedAmount) }));
const taskForceJson = <T extends TaskForceView | TaskForceDetail>(tf: T) => ({ ...tf, budgetLines: linesJson(tf.budgetLines), plannedBudget: Number(tf.plannedBudget) });
const linesIn = (lines: readonly { label: string; category: string; plannedAmount: number }[] | undefined) =>
  lines?.map((l) => ({ ...l, plannedAmount: BigInt(l.plannedAmount) }));

export function registerTaskForceRoutes(app: HttpServer, taskForces: TaskForcesService): void {
  const tags = ['pact'];
  const base = '/api/v1/t/:territory';

  app.get(
    `${base}/task-forces`,
    {
      schema: { tags, summary: 'The Task Forces 21, with their budget plan and the roll-up of their commitments', params: TerritoryParams, response: { 200: Type.Object({ items: Type.Array(Type.Object(TaskForceFields)) }), ...errorResponses(404) } },
    },
    async (request) => ({ items: (await taskForces.list(request.params.territory)).map(taskForceJson) }),
  );

  app.post(
    `${base}/task-forces`,
    {
      schema: { tags, summary: 'Create a task force, proposed (facilitator)', params: TerritoryParams, body: Type.Object(TaskForceBody), response: { 201: TaskForceDetailSchema, ...errorResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      const { budgetLines, ...rest } = request.body;
      const created = await taskForces.create(request.actor, request.params.territory, { ...rest, ...(budgetLines ? { budgetLines: linesIn(budgetLines)! } : {}) });
      return reply.status(201).send(taskForceJson(created));
    },
  );

  app.get(
    `${base}/task-forces/:id`,
    { schema: { tags, summary: 'A task force with its members', params: TaskForceParams, response: { 200: TaskForceDetailSchema, ...errorResponses(404) } } },
    async (request) => taskForceJson(await taskForces.get(request.params.territory, request.params.id)),
  );

  app.patch(
    `${base}/task-forces/:id`,
    {
      schema: {
        tags,
        summary: 'Edit a task force or move its status forward: proposed → active → closed (its leads, facilitators)',
        params: TaskForceParams,
        body: Type.Partial(Type.Object({ ...TaskForceBody, status: oneOf(TASK_FORCE_STATUSES) })),
        response: { 200: TaskForceDetailSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { budgetLines, ...rest } = request.body;
      return taskForceJson(await taskForces.update(request.actor, request.params.territory, request.params.id, { ...rest, ...(budgetLines ? { budgetLines: linesIn(budgetLines)! } : {}) }));
    },
  );

  app.get(
    `${base}/task-forces/:id/members`,
    { schema: { tags, summary: "A task force's members: organisations and people, lead, member or observer", params: TaskForceParams, response: { 200: Type.Object({ items: Type.Array(MemberSchema) }), ...errorResponses(404) } } },
    async (request) => ({ items: await taskForces.members(request.params.territory, request.params.id) }),
  );

  app.post(
    `${base}/task-forces/:id/members`,
    {
      schema: {
        tags,
        summary: 'Add a member or change its role (its leads, facilitators)',
        params: TaskForceParams,
        body: Type.Object({ memberType: oneOf(['organisation', 'person'] as const), memberId: Type.String({ maxLength: 64 }), role: oneOf(TASK_FORCE_ROLES) }),
        response: { 200: MemberSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => taskForces.setMember(request.actor, request.params.territory, request.params.id, request.body),
  );

  const MemberParams = Type.Object({ ...TaskForceParams.properties, memberType: oneOf(['organisation', 'person'] as const), memberId: Type.String({ maxLength: 64 }) });
  app.patch(
    `${base}/task-forces/:id/members/:memberType/:memberId`,
    {
      schema: {
        tags,
        summary: "Change a member's role (its leads, facilitators); the last lead stays until another is named",
        params: MemberParams,
        body: Type.Object({ role: oneOf(TASK_FORCE_ROLES) }),
        response: { 200: MemberSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { territory, id, memberType, memberId } = request.params;
      return taskForces.changeMemberRole(request.actor, territory, id, { memberType, memberId }, request.body.role);
    },
  );

  app.delete(
    `${base}/task-forces/:id/members/:memberType/:memberId`,
    {
      schema: {
        tags,
        summary: 'Remove a member (its leads, facilitators); the audit trail keeps it, and the last lead stays until another is named',
        params: MemberParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { territory, id, memberType, memberId } = request.params;
      await taskForces.removeMember(request.actor, territory, id, { memberType, memberId });
      return reply.status(204).send(null);
    },
  );
}
