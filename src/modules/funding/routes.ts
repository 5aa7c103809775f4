import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, TerritoryParams } from '../../platform/http/schemas.js';
import { invalidInput } from '../../platform/errors.js';
import { FUNDING_STATUSES, INSTRUMENTS, SOURCE_KINDS, type Coverage, type FundingLine, type KindCoverage } from './model.js';
import { CEE_UNITS, CLIMATE_ZONES, ceeCatalogueToCsv, type CeeEstimate, type CeeOperation } from './cee-model.js';
import type { FundingPlan, FundingService } from './service.js';
import type { FundingSettings, Project } from './repository.js';
import { OPEN_DATA_COLUMNS, OPEN_DATA_TABLES, toCsv, toJson, type FundingOpenData } from './open-data.js';

// Amounts are euro cents; JSON numbers are exact up to 2^53.
export const Cents = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'euro cents' });
export const SignedCents = Type.Integer({ description: 'euro cents, may be negative' });
export const PositiveCents = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'euro cents' });
export const Id = Type.String({ maxLength: 100 });
export const IdParams = Type.Object({ ...TerritoryParams.properties, id: Id });

const DateOnly = Type.String({ format: 'date' });
const CeeDetailSchema = Type.Object({
  code: Type.String(),
  variant: Type.String(),
  zone: Nullable(Type.String()),
  quantity: Type.Number(),
  factor: Type.Number(),
  kwhCumac: Type.Integer(),
  priceCentsPerMWh: Type.Integer(),
});
export const FundingLineSchema = Type.Object({
  id: Type.String(),
  taskForceId: Type.String(),
  projectId: Nullable(Type.String()),
  sourceKind: oneOf(SOURCE_KINDS),
  instrument: Nullable(oneOf(INSTRUMENTS)),
  funderOrganisationId: Nullable(Type.String()),
  funderName: Type.String(),
  amount: Cents,
  status: oneOf(FUNDING_STATUSES),
  plannedOn: DateOnly,
  requestedOn: Nullable(DateOnly),
  grantedOn: Nullable(DateOnly),
  receivedOn: Nullable(DateOnly),
  refusedOn: Nullable(DateOnly),
  note: Type.String(),
  campaignId: Nullable(Type.String({ description: 'set on the lines a successful campaign added' })),
  cee: Nullable(CeeDetailSchema),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const kindFields = {
  planned: Cents,
  requested: Cents,
  granted: Cents,
  received: Cents,
  refused: Cents,
  secured: Type.Integer({ minimum: 0, description: 'granted + received' }),
  expected: Type.Integer({ minimum: 0, description: 'every line not refused' }),
};
const Percent = Nullable(Type.Number({ description: 'percent of the total cost, one decimal; null without cost' }));
const CoverageSchema = Type.Object({
  ...kindFields,
  totalCost: Cents,
  remainingGap: Cents,
  gapIfExpectedArrives: Cents,
  surplus: Cents,
  securedPercent: Percent,
  expectedPercent: Percent,
  byKind: Type.Record(Type.String(), Type.Object({ ...kindFields, securedPercent: Percent }), { description: 'one entry per source kind' }),
});
const CostLineSchema = Type.Object({ position: Type.Integer(), label: Type.String(), category: Type.String(), budgetLinePosition: Nullable(Type.Integer()), amount: Cents });
const PlanSchema = Type.Object({
  scope: oneOf(['task_force', 'project'] as const),
  taskForce: Type.Object({ id: Type.String(), name: Type.String(), status: Type.String() }),
  project: Nullable(Type.Object({ id: Type.String(), name: Type.String(), holderOrganisationId: Nullable(Type.String()) })),
  costLines: Type.Array(CostLineSchema),
  totalCost: Cents,
  lines: Type.Array(FundingLineSchema),
  coverage: CoverageSchema,
  projects: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), totalCost: Cents, secured: Cents })),
});
const ProjectCostSchema = Type.Object({ budgetLinePosition: Nullable(Type.Integer({ minimum: 0 })), label: Type.String({ maxLength: 300 }), amount: Cents });
const ProjectSchema = Type.Object({
  id: Type.String(),
  taskForceId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  holderOrganisationId: Nullable(Type.String()),
  costs: Type.Array(ProjectCostSchema),
  totalCost: Cents,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const ProjectBody = {
  name: Type.String({ maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  holderOrganisationId: Type.Optional(Nullable(Id)),
  costs: Type.Optional(Type.Array(ProjectCostSchema, { maxItems: 200 })),
};
const CeeOperationSchema = Type.Object({
  code: Type.String(),
  variant: Type.String(),
  label: Type.String(),
  unit: oneOf(CEE_UNITS),
  kwhCumacByZone: Nullable(Type.Object({ H1: Type.Number(), H2: Type.Number(), H3: Type.Number() })),
  kwhCumac: Nullable(Type.Number()),
  sheetVersion: Type.String(),
  source: Type.String(),
});
const CatalogueSchema = Type.Object({ origin: oneOf(['shipped', 'territory'] as const), replacedAt: Nullable(Type.String()), operations: Type.Array(CeeOperationSchema) });
const EstimateBody = {
  code: Type.String({ maxLength: 20 }),
  variant: Type.Optional(Type.String({ maxLength: 60 })),
  zone: Type.Optional(Nullable(oneOf(CLIMATE_ZONES))),
  quantity: Type.Number({ description: 'm², appliances or dwellings, as the sheet counts' }),
  factor: Type.Optional(Type.Number({ description: "the sheet's correction factor (surface…), 1 by default" })),
  priceCentsPerMWh: Type.Optional(Type.Integer({ minimum: 1, description: 'override of the territory’s price, cents per MWh cumac' })),
};
const EstimateSchema = Type.Object({
  code: Type.String(),
  variant: Type.String(),
  label: Type.String(),
  unit: oneOf(CEE_UNITS),
  zone: Nullable(Type.String()),
  quantity: Type.Number(),
  factor: Type.Number(),
  kwhCumacPerUnit: Type.Number(),
  kwhCumac: Type.Integer(),
  priceCentsPerMWh: Type.Integer(),
  value: Type.Integer({ description: 'estimated value, euro cents' }),
  sheetVersion: Type.String(),
  source: Type.String(),
});
const SettingsSchema = Type.Object({
  ceePriceCentsPerMWh: Nullable(Type.Integer({ description: 'euro cents per MWh cumac' })),
  climateZone: Nullable(oneOf(CLIMATE_ZONES)),
  ceeCatalogueReplacedAt: Nullable(Type.String()),
});
const LineBody = {
  projectId: Type.Optional(Nullable(Id)),
  sourceKind: oneOf(SOURCE_KINDS),
  instrument: Type.Optional(Nullable(oneOf(INSTRUMENTS))),
  funderOrganisationId: Type.Optional(Nullable(Id)),
  funderName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  amount: PositiveCents,
  status: Type.Optional(oneOf(['planned', 'requested', 'granted', 'received'] as const)),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
};
const TaskForceParams = Type.Object({ ...TerritoryParams.properties, taskForceId: Id });

const big = (n: bigint) => Number(n);
const kindJson = (k: KindCoverage) => ({ planned: big(k.planned), requested: big(k.requested), granted: big(k.granted), received: big(k.received), refused: big(k.refused), secured: big(k.secured), expected: big(k.expected) });
const coverageJson = (c: Coverage) => ({
  ...kindJson(c),
  totalCost: big(c.totalCost),
  remainingGap: big(c.remainingGap),
  gapIfExpectedArrives: big(c.gapIfExpectedArrives),
  surplus: big(c.surplus),
  securedPercent: c.securedPercent,
  expectedPercent: c.expectedPercent,
  byKind: Object.fromEntries(Object.entries(c.byKind).map(([k, v]) => [k, { ...kindJson(v), securedPercent: v.securedPercent }])),
});
export const lineJson = (l: FundingLine) => ({ ...l, amount: big(l.amount), cee: l.cee && { ...l.cee, kwhCumac: big(l.cee.kwhCumac), priceCentsPerMWh: big(l.cee.priceCentsPerMWh) } });
const planJson = (p: FundingPlan) => ({
  ...p,
  costLines: p.costLines.map((l) => ({ ...l, amount: big(l.amount) })),
  totalCost: big(p.totalCost),
  lines: p.lines.map(lineJson),
  coverage: coverageJson(p.coverage),
  projects: p.projects.map((x) => ({ ...x, totalCost: big(x.totalCost), secured: big(x.secured) })),
});
const projectJson = (p: Project) => ({ ...p, costs: p.costs.map((c) => ({ ...c, amount: big(c.amount) })), totalCost: big(p.costs.reduce((s, c) => s + c.amount, 0n)) });
const costsIn = (costs: readonly { budgetLinePosition: number | null; label: string; amount: number }[] | undefined) => costs?.map((c) => ({ ...c, amount: BigInt(c.amount) }));
const estimateJson = (e: CeeEstimate) => ({ ...e, kwhCumac: big(e.kwhCumac), priceCentsPerMWh: big(e.priceCentsPerMWh), value: big(e.value) });
const settingsJson = (s: FundingSettings) => ({ ...s, ceePriceCentsPerMWh: s.ceePriceCentsPerMWh === null ? null : big(s.ceePriceCentsPerMWh) });
const estimateIn = (b: { code: string; variant?: string; zone?: string | null; quantity: number; factor?: number; priceCentsPerMWh?: number }) => ({
  code: b.code,
  quantity: b.quantity,
  ...(b.variant !== undefined ? { variant: b.variant } : {}),
  ...(b.zone !== undefined ? { zone: b.zone } : {}),
  ...(b.factor !== undefined ? { factor: b.factor } : {}),
  ...(b.priceCentsPerMWh !== undefined ? { priceCentsPerMWh: BigInt(b.priceCentsPerMWh) } : {}),
});

export function registerFundingRoutes(app: HttpServer, funding: FundingService, openData: FundingOpenData): void {
  const tags = ['funding'];
  const base = '/api/v1/t/:territory/funding';

  // ── plans ─────────────────────────────────────────────────────────────────────────────────────

  app.get(
    `${base}/task-forces/:taskForceId/plan`,
    { schema: { tags, summary: "A task force's funding plan: its budget lines as costs, every funding line (its projects' included), coverage and gap by source kind (public)", params: TaskForceParams, response: { 200: PlanSchema, ...errorResponses(404) } } },
    async (request) => planJson(await funding.taskForcePlan(request.params.territory, request.params.taskForceId)),
  );

  app.get(
    `${base}/projects/:id/plan`,
    { schema: { tags, summary: "A project's funding plan: its own costs and funding lines (public)", params: IdParams, response: { 200: PlanSchema, ...errorResponses(404) } } },
    async (request) => planJson(await funding.projectPlan(request.params.territory, request.params.id)),
  );

  app.get(
    `${base}/projects`,
    {
      schema: {
        tags,
        summary: 'Projects (named sub-parts of task forces), optionally of one task force (public)',
        params: TerritoryParams,
        querystring: Type.Object({ taskForceId: Type.Optional(Id) }),
        response: { 200: Type.Object({ items: Type.Array(ProjectSchema) }), ...errorResponses(404) },
      },
    },
    async (request) => ({ items: (await funding.listProjects(request.params.territory, request.query.taskForceId)).map(projectJson) }),
  );

  app.post(
    `${base}/task-forces/:taskForceId/projects`,
    { schema: { tags, summary: 'Create a project with its costs (task force leads, facilitators)', params: TaskForceParams, body: Type.Object(ProjectBody), response: { 201: ProjectSchema, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      const { costs, ...rest } = request.body;
      const created = await funding.createProject(request.actor, request.params.territory, request.params.taskForceId, { ...rest, ...(costs ? { costs: costsIn(costs)! } : {}) });
      return reply.status(201).send(projectJson(created));
    },
  );

  app.get(
    `${base}/projects/:id`,
    { schema: { tags, summary: 'A project (public)', params: IdParams, response: { 200: ProjectSchema, ...errorResponses(404) } } },
    async (request) => projectJson(await funding.project(request.params.territory, request.params.id)),
  );

  app.patch(
    `${base}/projects/:id`,
    { schema: { tags, summary: 'Edit a project, its holder or its costs (task force leads, facilitators)', params: IdParams, body: Type.Partial(Type.Object(ProjectBody)), response: { 200: ProjectSchema, ...errorResponses(401, 403, 404) } } },
    async (request) => {
      const { costs, ...rest } = request.body;
      return projectJson(await funding.updateProject(request.actor, request.params.territory, request.params.id, { ...rest, ...(costs ? { costs: costsIn(costs)! } : {}) }));
    },
  );

  // ── funding lines ───────────────────────────────────────────────────────────────────────────────

  app.post(
    `${base}/task-forces/:taskForceId/lines`,
    { schema: { tags, summary: 'Add a funding line to the task force (or one of its projects) (task force leads, facilitators)', params: TaskForceParams, body: Type.Object(LineBody), response: { 201: FundingLineSchema, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      const { amount, ...rest } = request.body;
      return reply.status(201).send(lineJson(await funding.addLine(request.actor, request.params.territory, request.params.taskForceId, { ...rest, amount: BigInt(amount) })));
    },
  );

  app.post(
    `${base}/task-forces/:taskForceId/lines/cee`,
    {
      schema: {
        tags,
        summary: 'Add a CEE funding line from an estimate: quantity × kWh cumac × price (task force leads, facilitators)',
        params: TaskForceParams,
        body: Type.Object({
          ...EstimateBody,
          projectId: Type.Optional(Nullable(Id)),
          funderOrganisationId: Type.Optional(Nullable(Id)),
          funderName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 201: FundingLineSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { projectId, funderOrganisationId, funderName, note } = request.body;
      const line = await funding.addCeeLine(request.actor, request.params.territory, request.params.taskForceId, {
        ...estimateIn(request.body),
        ...(projectId !== undefined ? { projectId } : {}),
        ...(funderOrganisationId !== undefined ? { funderOrganisationId } : {}),
        ...(funderName !== undefined ? { funderName } : {}),
        ...(note !== undefined ? { note } : {}),
      });
      return reply.status(201).send(lineJson(line));
    },
  );

  app.patch(
    `${base}/lines/:id`,
    {
      schema: {
        tags,
        summary: 'Edit a funding line, or move its status: planned → requested → granted → received, or refused (task force leads, facilitators)',
        params: IdParams,
        body: Type.Object({
          amount: Type.Optional(PositiveCents),
          instrument: Type.Optional(Nullable(oneOf(INSTRUMENTS))),
          funderOrganisationId: Type.Optional(Nullable(Id)),
          funderName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
          status: Type.Optional(oneOf(FUNDING_STATUSES)),
          statusDate: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD, default today' })),
        }),
        response: { 200: FundingLineSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { amount, ...rest } = request.body;
      return lineJson(await funding.updateLine(request.actor, request.params.territory, request.params.id, { ...rest, ...(amount !== undefined ? { amount: BigInt(amount) } : {}) }));
    },
  );

  // ── CEE and settings ────────────────────────────────────────────────────────────────────────────

  app.get(
    `${base}/settings`,
    { schema: { tags, summary: "The territory's funding settings: CEE price and climate zone (public)", params: TerritoryParams, response: { 200: SettingsSchema, ...errorResponses(404) } } },
    async (request) => settingsJson(await funding.settings(request.params.territory)),
  );

  app.patch(
    `${base}/settings`,
    {
      schema: {
        tags,
        summary: 'Set the price of CEE (cents per MWh cumac) and the climate zone (facilitator)',
        params: TerritoryParams,
        body: Type.Object({ ceePriceCentsPerMWh: Type.Optional(Nullable(Type.Integer())), climateZone: Type.Optional(Nullable(Type.String({ maxLength: 2 }))) }),
        response: { 200: SettingsSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { ceePriceCentsPerMWh, climateZone } = request.body;
      return settingsJson(
        await funding.updateSettings(request.actor, request.params.territory, {
          ...(ceePriceCentsPerMWh !== undefined ? { ceePriceCentsPerMWh: ceePriceCentsPerMWh === null ? null : BigInt(ceePriceCentsPerMWh) } : {}),
          ...(climateZone !== undefined ? { climateZone } : {}),
        }),
      );
    },
  );

  app.get(
    `${base}/cee/operations`,
    { schema: { tags, summary: 'The CEE standardised operation sheets used for estimates, with their source (public)', params: TerritoryParams, response: { 200: CatalogueSchema, ...errorResponses(404) } } },
    async (request) => funding.ceeCatalogue(request.params.territory),
  );

  app.get(
    `${base}/cee/operations.csv`,
    { schema: { tags, summary: 'The CEE catalogue as CSV, to edit and upload again (public)', params: TerritoryParams } },
    async (request, reply) => {
      const { operations } = await funding.ceeCatalogue(request.params.territory);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cee-operations.csv"').send(ceeCatalogueToCsv(operations));
    },
  );

  app.put(
    `${base}/cee/operations`,
    {
      schema: {
        tags,
        summary: 'Replace the CEE catalogue: CSV (text/csv, header code,variant,label,unit,kwh_cumac_h1,kwh_cumac_h2,kwh_cumac_h3,kwh_cumac,sheet_version,source) or JSON {operations}; all rows or none (facilitator)',
        params: TerritoryParams,
        body: Type.Union([Type.String({ description: 'CSV' }), Type.Object({ operations: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 2000 }) })]),
        response: { 200: CatalogueSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const body = request.body;
      if (typeof body === 'string') return funding.replaceCeeCatalogue(request.actor, request.params.territory, { csv: body });
      if (!body || !Array.isArray(body.operations)) throw invalidInput([{ field: 'operations', code: 'required', message: 'Send the catalogue as CSV or as {"operations": [...]}.' }]);
      return funding.replaceCeeCatalogue(request.actor, request.params.territory, { operations: body.operations });
    },
  );

  app.post(
    `${base}/cee/estimate`,
    { schema: { tags, summary: 'Estimate the value of CEE for an operation: quantity × kWh cumac (zone) × factor × price (public)', params: TerritoryParams, body: Type.Object(EstimateBody), response: { 200: EstimateSchema, ...errorResponses(404) } } },
    async (request) => estimateJson(await funding.estimateCee(request.params.territory, estimateIn(request.body))),
  );

  // ── open data ───────────────────────────────────────────────────────────────────────────────────

  app.get(
    `${base}/open-data.json`,
    { schema: { tags, summary: "The territory's funding lines, campaigns (totals), expenses and budget execution (planned vs actual per budget line and per funder) as open data, JSON, amounts in cents (public)", params: TerritoryParams } },
    async (request, reply) => reply.type('application/json; charset=utf-8').send(toJson(await openData.dataset(request.params.territory))),
  );

  app.get(
    `${base}/open-data/:table`,
    {
      schema: {
        tags,
        summary: 'One open-data table as CSV: funding-lines.csv, campaigns.csv, expenses.csv or execution.csv (public)',
        params: Type.Object({ ...TerritoryParams.properties, table: oneOf(OPEN_DATA_TABLES.map((t) => `${t}.csv`) as unknown as readonly string[]) }),
      },
    },
    async (request, reply) => {
      const table = request.params.table.replace(/\.csv$/, '') as (typeof OPEN_DATA_TABLES)[number];
      const dataset = await openData.dataset(request.params.territory);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${dataset.territory.slug}-${table}.csv"`)
        .send(toCsv(dataset.tables[table], OPEN_DATA_COLUMNS[table]));
    },
  );
}

export type { CeeOperation };
