import { Type } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, TerritoryParams } from '../../platform/http/schemas.js';
import { invalidInput, ProblemError } from '../../platform/errors.js';
import { EXPENSE_STATUSES, MAX_RECEIPT_BYTES } from './campaign-model.js';
import type { ExpensesService, ExpenseView } from './expenses.js';
import { Cents, Id, IdParams, PositiveCents, SignedCents } from './routes.js';

const ReceiptSchema = Type.Object({ sha256: Type.String({ description: 'SHA-256 of the file, hex' }), name: Type.String(), mediaType: Type.String(), size: Type.Integer() });
const ExpenseSchema = Type.Object({
  id: Type.String(),
  taskForceId: Type.String(),
  projectId: Nullable(Type.String()),
  budgetLinePosition: Type.Integer(),
  budgetLineLabel: Type.String(),
  fundingLineId: Nullable(Type.String()),
  payee: Type.String(),
  description: Type.String(),
  amount: Cents,
  incurredOn: Type.String({ format: 'date' }),
  status: oneOf(EXPENSE_STATUSES),
  submittedBy: Nullable(Type.String()),
  submittedByName: Nullable(Type.String({ description: 'display name of whoever drafted it' })),
  createdAt: Type.String({ format: 'date-time' }),
  submittedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  paidAt: Nullable(Type.String()),
  paidBy: Nullable(Type.String()),
  paidByName: Nullable(Type.String()),
  receipt: Nullable(ReceiptSchema),
  approvals: Type.Array(Type.Object({ approverId: Type.String(), approverName: Type.String({ description: "the approver's display name" }), decision: oneOf(['approve', 'reject'] as const), note: Type.String(), decidedAt: Type.String() })),
  approversRequired: Type.Integer(),
});
const ExpenseBody = {
  projectId: Type.Optional(Nullable(Id)),
  budgetLinePosition: Type.Integer({ minimum: 0, description: "position of the task force's budget line" }),
  fundingLineId: Type.Optional(Nullable(Id)),
  payee: Type.String({ maxLength: 300 }),
  description: Type.String({ maxLength: 2000 }),
  amount: PositiveCents,
  incurredOn: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
};
const ExecutionRowFields = { planned: Cents, committed: Cents, paid: Cents, remaining: SignedCents, committedPercent: Nullable(Type.Number()) };
const ExecutionSchema = Type.Object({
  taskForceId: Type.String(),
  byBudgetLine: Type.Array(Type.Object({ position: Type.Integer(), label: Type.String(), category: Type.String(), ...ExecutionRowFields })),
  byFunder: Type.Array(
    Type.Object({
      funderKey: Nullable(Type.String({ description: 'null: spending charged to no funding line' })),
      funderName: Type.String(),
      funderOrganisationId: Nullable(Type.String()),
      secured: Cents,
      ...ExecutionRowFields,
    }),
  ),
  totals: Type.Object({ planned: Cents, committed: Cents, paid: Cents }),
  counts: Type.Record(Type.String(), Type.Integer()),
});
const RuleSchema = Type.Object({ taskForceId: Type.String(), approversRequired: Type.Integer({ minimum: 1 }) });
const TaskForceParams = Type.Object({ ...TerritoryParams.properties, taskForceId: Id });

const big = (n: bigint) => Number(n);
const expenseJson = (e: ExpenseView) => ({ ...e, amount: big(e.amount) });
const rowJson = <T extends { planned: bigint; committed: bigint; paid: bigint; remaining: bigint }>(r: T) => ({ ...r, planned: big(r.planned), committed: big(r.committed), paid: big(r.paid), remaining: big(r.remaining) });

export function registerExpenseRoutes(app: HttpServer, expenses: ExpensesService): void {
  const tags = ['funding'];
  const base = '/api/v1/t/:territory/funding';

  app.get(
    `${base}/task-forces/:taskForceId/expenses`,
    { schema: { tags, summary: "A task force's expenses with their approvals and receipt's SHA-256 (public)", params: TaskForceParams, response: { 200: Type.Object({ items: Type.Array(ExpenseSchema) }), ...errorResponses(404) } } },
    async (request) => ({ items: (await expenses.list(request.params.territory, request.params.taskForceId)).map(expenseJson) }),
  );

  app.post(
    `${base}/task-forces/:taskForceId/expenses`,
    { schema: { tags, summary: 'Draft an expense against a budget line (working members of the task force, facilitators)', params: TaskForceParams, body: Type.Object(ExpenseBody), response: { 201: ExpenseSchema, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      const { amount, ...rest } = request.body;
      return reply.status(201).send(expenseJson(await expenses.create(request.actor, request.params.territory, request.params.taskForceId, { ...rest, amount: BigInt(amount) })));
    },
  );

  app.get(
    `${base}/expenses/:id`,
    { schema: { tags, summary: 'An expense (public)', params: IdParams, response: { 200: ExpenseSchema, ...errorResponses(404) } } },
    async (request) => expenseJson(await expenses.get(request.params.territory, request.params.id)),
  );

  app.patch(
    `${base}/expenses/:id`,
    { schema: { tags, summary: 'Edit a drafted expense (whoever drafted it)', params: IdParams, body: Type.Partial(Type.Object(ExpenseBody)), response: { 200: ExpenseSchema, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => {
      const { amount, ...rest } = request.body;
      return expenseJson(await expenses.update(request.actor, request.params.territory, request.params.id, { ...rest, ...(amount !== undefined ? { amount: BigInt(amount) } : {}) }));
    },
  );

  app.post(
    `${base}/expenses/:id/submit`,
    { schema: { tags, summary: 'Submit a drafted expense with its receipt for approval (whoever drafted it)', params: IdParams, response: { 200: ExpenseSchema, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => expenseJson(await expenses.submit(request.actor, request.params.territory, request.params.id)),
  );

  app.post(
    `${base}/expenses/:id/approvals`,
    {
      schema: {
        tags,
        summary: 'Approve or reject a submitted expense; approved once enough distinct approvers agree; never one’s own (task force leads, facilitators)',
        params: IdParams,
        body: Type.Object({ decision: oneOf(['approve', 'reject'] as const), note: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 200: ExpenseSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => expenseJson(await expenses.decide(request.actor, request.params.territory, request.params.id, request.body)),
  );

  app.post(
    `${base}/expenses/:id/pay`,
    { schema: { tags, summary: 'Record that an approved expense was paid (task force leads, facilitators)', params: IdParams, response: { 200: ExpenseSchema, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => expenseJson(await expenses.pay(request.actor, request.params.territory, request.params.id)),
  );

  app.get(
    `${base}/expenses/:id/receipt`,
    { schema: { tags, summary: 'Download the receipt (working members, facilitators, auditors); the header x-content-sha256 carries its digest', params: IdParams } },
    async (request, reply) => {
      const file = await expenses.receipt(request.actor, request.params.territory, request.params.id);
      return reply
        .type(file.mediaType)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(file.name)}"`)
        .header('x-content-sha256', file.sha256)
        .send(file.bytes);
    },
  );

  // Multipart is registered in this scope only, unless another module registered it for the whole server.
  app.register(async (plugin) => {
    const scope = plugin as unknown as HttpServer;
    if (!scope.hasContentTypeParser('multipart/form-data')) {
      await scope.register(fastifyMultipart, { limits: { fileSize: MAX_RECEIPT_BYTES, files: 1, fields: 5 } });
    }
    scope.post(
      `${base}/expenses/:id/receipt`,
      {
        schema: {
          tags,
          summary: 'Attach the receipt (multipart/form-data, field "file": PDF, PNG, JPEG or WebP, 10 MB at most), kept under its SHA-256 (whoever drafted the expense)',
          params: IdParams,
          consumes: ['multipart/form-data'],
          response: { 200: ExpenseSchema, ...errorResponses(401, 403, 404, 409, 413) },
        },
      },
      async (request) => {
        if (!request.isMultipart()) throw invalidInput([{ field: 'file', code: 'multipart_required', message: 'Send the receipt as multipart/form-data with a field "file".' }]);
        const part = await request.file();
        if (!part) throw invalidInput([{ field: 'file', code: 'required', message: 'Send the receipt in a field "file".' }]);
        const bytes = await part.toBuffer().catch((error: unknown) => {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new ProblemError(413, 'file_too_large', 'A receipt is at most 10 MB.', [{ field: 'file', code: 'file_too_large', message: 'A receipt is at most 10 MB.' }]);
          throw error;
        });
        return expenseJson(await expenses.attachReceipt(request.actor, request.params.territory, request.params.id, { name: part.filename, bytes }));
      },
    );
  });

  app.get(
    `${base}/task-forces/:taskForceId/approval-rule`,
    { schema: { tags, summary: 'How many distinct approvers an expense of this task force needs (public)', params: TaskForceParams, response: { 200: RuleSchema, ...errorResponses(404) } } },
    async (request) => expenses.approvalRule(request.params.territory, request.params.taskForceId),
  );

  app.put(
    `${base}/task-forces/:taskForceId/approval-rule`,
    { schema: { tags, summary: 'Set the number of distinct approvers (facilitator)', params: TaskForceParams, body: Type.Object({ approversRequired: Type.Integer() }), response: { 200: RuleSchema, ...errorResponses(401, 403, 404) } } },
    async (request) => expenses.setApprovalRule(request.actor, request.params.territory, request.params.taskForceId, request.body.approversRequired),
  );

  app.get(
    `${base}/task-forces/:taskForceId/execution`,
    { schema: { tags, summary: 'Budget execution: planned vs actual per budget line and per funder (public)', params: TaskForceParams, response: { 200: ExecutionSchema, ...errorResponses(404) } } },
    async (request) => {
      const e = await expenses.execution(request.params.territory, request.params.taskForceId);
      return { ...e, byBudgetLine: e.byBudgetLine.map(rowJson), byFunder: e.byFunder.map((r) => ({ ...rowJson(r), secured: big(r.secured) })), totals: { planned: big(e.totals.planned), committed: big(e.totals.committed), paid: big(e.totals.paid) } };
    },
  );
}
