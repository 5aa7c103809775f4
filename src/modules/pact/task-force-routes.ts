import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, TerritoryParams } from '../../platform/http/schemas.js';
import { DECISION_METHODS, TASK_FORCE_ROLES, TASK_FORCE_STATUSES, type BudgetLine } from './model.js';
import { COMMITMENT_STATUSES } from './commitment-model.js';
import type { TaskForceDetail, TaskForceView, TaskForcesService } from './task-forces.js';
import type { CommitmentsService } from './commitments.js';

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
const MemberSchema = Type.Object({ memberType: oneOf(['organisation', 'person'] as const), memberId: Type.String(), role: oneOf(TASK_FORCE_ROLES), since: Type.String() });
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

const TargetSchema = Type.Object({ indicatorCode: Type.String({ maxLength: 64 }), value: Type.Number(), unit: Type.String({ maxLength: 32 }), deadline: Type.String({ format: 'date' }) });
const UpdateSchema = Type.Object({
  id: Type.String(),
  progress: Type.Integer(),
  status: oneOf(COMMITMENT_STATUSES),
  note: Nullable(Type.String()),
  evidenceUrl: Nullable(Type.String()),
  recordedAt: Type.String({ format: 'date-time' }),
  recordedBy: Nullable(Type.String()),
});
const CommitmentFields = {
  id: Type.String(),
  ownerOrganisationId: Type.String(),
  taskForceId: Nullable(Type.String()),
  statement: Type.String(),
  target: Nullable(TargetSchema),
  milestoneDate: Nullable(Type.String({ format: 'date' })),
  weight: Type.Integer(),
  status: oneOf(COMMITMENT_STATUSES),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  late: Type.Boolean({ description: 'still open after its deadline or milestone, as of today' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};
const CommitmentSchema = Type.Object(CommitmentFields);
const CommitmentDetailSchema = Type.Object({ ...CommitmentFields, updates: Type.Array(UpdateSchema) });

const linesJson = (lines: readonly BudgetLine[]) => lines.map((l) => ({ ...l, plannedAmount: Number(l.plannedAmount) }));
const taskForceJson = <T extends TaskForceView | TaskForceDetail>(tf: T) => ({ ...tf, budgetLines: linesJson(tf.budgetLines), plannedBudget: Number(tf.plannedBudget) });
const linesIn = (lines: readonly { label: string; category: string; plannedAmount: number }[] | undefined) =>
  lines?.map((l) => ({ ...l, plannedAmount: BigInt(l.plannedAmount) }));

export function registerTaskForceRoutes(app: HttpServer, services: { taskForces: TaskForcesService; commitments: CommitmentsService }): void {
  const { taskForces, commitments } = services;
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

  app.get(
    `${base}/commitments`,
    {
      schema: {
        tags,
        summary: 'Commitments to the Pact, oldest first, with whether each is late today',
        params: TerritoryParams,
        querystring: Type.Object({
          taskForceId: Type.Optional(Type.String({ maxLength: 64 })),
          organisationId: Type.Optional(Type.String({ maxLength: 64 })),
          status: Type.Optional(oneOf(COMMITMENT_STATUSES)),
          late: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Object({ items: Type.Array(CommitmentSchema) }), ...errorResponses(404) },
      },
    },
    async (request) => ({ items: await commitments.list(request.params.territory, request.query) }),
  );

  app.post(
    `${base}/commitments`,
    {
      schema: {
        tags,
        summary: "Make a commitment for a signatory organisation (its representative, or a facilitator)",
        params: TerritoryParams,
        body: Type.Object({
          ownerOrganisationId: Type.String({ maxLength: 64 }),
          taskForceId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
          statement: Type.String({ maxLength: 2000 }),
          target: Type.Optional(Nullable(Type.Object({ indicatorCode: Type.String({ maxLength: 64 }), value: Type.Number(), unit: Type.String({ maxLength: 32 }), deadline: Type.String({ maxLength: 10 }) }))),
          milestoneDate: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
          weight: Type.Optional(Type.Integer()),
        }),
        response: { 201: CommitmentSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await commitments.make(request.actor, request.params.territory, request.body)),
  );

  app.get(
    `${base}/commitments/:id`,
    { schema: { tags, summary: 'A commitment with its history of updates and evidence', params: TaskForceParams, response: { 200: CommitmentDetailSchema, ...errorResponses(404) } } },
    async (request) => commitments.get(request.params.territory, request.params.id),
  );

  app.get(
    `${base}/commitments/:id/updates`,
    { schema: { tags, summary: "A commitment's updates, oldest first", params: TaskForceParams, response: { 200: Type.Object({ items: Type.Array(UpdateSchema) }), ...errorResponses(404) } } },
    async (request) => ({ items: await commitments.updates(request.params.territory, request.params.id) }),
  );

  app.post(
    `${base}/commitments/:id/updates`,
    {
      schema: {
        tags,
        summary: "Report progress, a status, a note and evidence (the owner's members, the task force's leads, facilitators)",
        params: TaskForceParams,
        body: Type.Object({
          progress: Type.Optional(Type.Integer()),
          status: Type.Optional(oneOf(COMMITMENT_STATUSES)),
          note: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
          evidenceUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
        }),
        response: { 201: CommitmentDetailSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await commitments.update(request.actor, request.params.territory, request.params.id, request.body)),
  );
}
