import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { CursorPageQuery, errorResponses, Nullable, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { ORGANISATION_KINDS } from '../territories/model.js';
import { PACT_STATUSES } from './model.js';
import type { ChronicleService } from './chronicle.js';
import type { PactService } from './service.js';
import type { TaskForcesService } from './task-forces.js';
import type { CommitmentsService } from './commitments.js';
import type { NotificationsService } from './notifications.js';
import type { PactDataService } from './pact-data.js';
import { registerTaskForceRoutes } from './task-force-routes.js';
import { registerCommitmentRoutes } from './commitment-routes.js';
import { registerNotificationRoutes } from './notification-routes.js';
import { registerOpenDataRoutes } from './open-data-routes.js';

const Balance = Type.Object({ public: Type.Integer(), private: Type.Integer(), civil_society: Type.Integer() });
const SignatureSchema = Type.Object(
  {
    organisationId: Type.String(),
    organisationName: Type.String(),
    organisationKind: oneOf(ORGANISATION_KINDS),
    representativeId: Type.String(),
    signedOn: Type.String({ format: 'date' }),
  },
  { $id: 'PactSignature' },
);
const signatureRef = refTo(SignatureSchema);
const PactFields = {
  id: Type.String(),
  title: Type.String(),
  horizonStartYear: Type.Integer(),
  horizonEndYear: Type.Integer(),
  status: oneOf(PACT_STATUSES),
  createdAt: Type.String({ format: 'date-time' }),
  signedAt: Nullable(Type.String({ format: 'date-time' })),
};
const PactSchema = Type.Object(PactFields);
const CountsSchema = Type.Object({ planned: Type.Integer(), in_progress: Type.Integer(), done: Type.Integer(), abandoned: Type.Integer(), late: Type.Integer() });

export const ObjectiveSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  indicatorCode: Nullable(Type.String()),
  baseline: Nullable(Type.Number()),
  targetValue: Nullable(Type.Number()),
  unit: Nullable(Type.String()),
  targetYear: Nullable(Type.Integer()),
});
const VisionHead = {
  version: Type.Integer(),
  statement: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  publishedBy: Nullable(Type.String()),
  reason: Nullable(Type.String({ description: 'why this version was published, when said' })),
};
const VisionSchema = Type.Object({ ...VisionHead, objectives: Type.Array(ObjectiveSchema) }, { $id: 'VisionVersion' });
const visionRef = refTo(VisionSchema);
export const ObjectiveBody = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 64, description: 'The id of the same objective in a previous version; omit for a new objective' })),
  title: Type.String({ maxLength: 300 }),
  indicatorCode: Nullable(Type.String({ maxLength: 64 })),
  baseline: Nullable(Type.Number()),
  targetValue: Nullable(Type.Number()),
  unit: Nullable(Type.String({ maxLength: 32 })),
  targetYear: Nullable(Type.Integer()),
});
const FieldChange = Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() });
/** What changed from one version of the vision to another (vision-model.ts `diffVisions`). */
export const VisionDiffSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  statementChanged: Type.Boolean(),
  statement: Nullable(Type.Object({ before: Type.String(), after: Type.String() })),
  added: Type.Array(ObjectiveSchema),
  removed: Type.Array(ObjectiveSchema),
  changed: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), fields: Type.Array(FieldChange) })),
});

const ChronicleEntrySchema = Type.Object(
  {
    id: Type.String(),
    occurredAt: Type.String({ format: 'date-time' }),
    kind: Type.String(),
    title: Type.String(),
    body: Type.String(),
    taskForceId: Nullable(Type.String()),
    organisationId: Nullable(Type.String()),
    linkPath: Type.String(),
  },
  { $id: 'ChronicleEntry' },
);
const ChronicleFilter = {
  taskForceId: Type.Optional(Type.String({ maxLength: 64 })),
  organisationId: Type.Optional(Type.String({ maxLength: 64 })),
  kind: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z_]+\\.[a-z_]+$' })),
};

export interface PactServices {
  readonly pact: PactService;
  readonly taskForces: TaskForcesService;
  readonly commitments: CommitmentsService;
  readonly chronicle: ChronicleService;
  readonly notifications: NotificationsService;
  readonly pactData: PactDataService;
}

export function registerPactRoutes(app: HttpServer, services: PactServices): void {
  const { pact, chronicle } = services;
  app.addSchema(SignatureSchema);
  app.addSchema(VisionSchema);
  app.addSchema(ChronicleEntrySchema);
  const tags = ['pact'];
  const base = '/api/v1/t/:territory';

  app.get(
    `${base}/pact`,
    {
      schema: {
        tags,
        summary: 'The Pact: horizon, status, signatories and their balance by kind of actor, overall progress of the commitments',
        params: TerritoryParams,
        response: {
          200: Type.Object({ ...PactFields, signatories: Type.Array(signatureRef), balance: Balance, progress: Nullable(Type.Number()), commitmentCounts: CountsSchema }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => pact.overview(request.params.territory),
  );

  app.post(
    `${base}/pact`,
    {
      schema: {
        tags,
        summary: 'Draft the Pact of the territory (facilitator); its horizon is five years',
        params: TerritoryParams,
        body: Type.Object({ title: Type.String({ maxLength: 300 }), horizonStartYear: Type.Integer() }),
        response: { 201: PactSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await pact.createPact(request.actor, request.params.territory, request.body)),
  );

  app.patch(
    `${base}/pact`,
    {
      schema: {
        tags,
        summary: 'Change the draft Pact, or close a signed one (facilitator)',
        params: TerritoryParams,
        body: Type.Object({ title: Type.Optional(Type.String({ maxLength: 300 })), horizonStartYear: Type.Optional(Type.Integer()), status: Type.Optional(oneOf(PACT_STATUSES)) }),
        response: { 200: PactSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => pact.updatePact(request.actor, request.params.territory, request.body),
  );

  app.get(
    `${base}/pact/signatures`,
    {
      schema: {
        tags,
        summary: 'The signatories and their balance: public bodies, private actors (businesses, cooperatives), civil society',
        params: TerritoryParams,
        response: { 200: Type.Object({ items: Type.Array(signatureRef), balance: Balance }), ...errorResponses(404) },
      },
    },
    async (request) => pact.listSignatures(request.params.territory),
  );

  app.post(
    `${base}/pact/signatures`,
    {
      schema: {
        tags,
        summary: "Sign the Pact for an organisation (its current representative only)",
        params: TerritoryParams,
        body: Type.Object({ organisationId: Type.String({ maxLength: 64 }) }),
        response: { 201: signatureRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await pact.sign(request.actor, request.params.territory, request.body.organisationId)),
  );

  app.get(
    `${base}/pact/vision`,
    { schema: { tags, summary: 'The current version of the vision', params: TerritoryParams, response: { 200: visionRef, ...errorResponses(404) } } },
    async (request) => pact.currentVision(request.params.territory),
  );

  app.post(
    `${base}/pact/vision`,
    {
      schema: {
        tags,
        summary: 'Publish a new version of the vision (facilitator); earlier versions stay as they were',
        params: TerritoryParams,
        body: Type.Object({ statement: Type.String({ maxLength: 10_000 }), objectives: Type.Array(ObjectiveBody, { maxItems: 100 }), reason: Type.Optional(Nullable(Type.String({ maxLength: 5_000, description: 'why this version is published' }))) }),
        response: { 201: visionRef, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await pact.publishVision(request.actor, request.params.territory, request.body)),
  );

  app.get(
    `${base}/pact/vision/versions`,
    {
      schema: { tags, summary: 'Every version of the vision, newest first', params: TerritoryParams, response: { 200: Type.Object({ items: Type.Array(Type.Object(VisionHead)) }), ...errorResponses(404) } },
    },
    async (request) => ({ items: await pact.visionVersions(request.params.territory) }),
  );

  const VersionParams = Type.Object({ ...TerritoryParams.properties, n: Type.Integer({ minimum: 1 }) });
  app.get(
    `${base}/pact/vision/versions/:n`,
    { schema: { tags, summary: 'One version of the vision', params: VersionParams, response: { 200: visionRef, ...errorResponses(404) } } },
    async (request) => pact.visionVersion(request.params.territory, request.params.n),
  );

  app.get(
    `${base}/pact/vision/versions/:n/diff/:m`,
    {
      schema: {
        tags,
        summary: 'What changed from version n to version m: the statement, objectives added, removed and changed field by field',
        params: Type.Object({ ...VersionParams.properties, m: Type.Integer({ minimum: 1 }) }),
        response: {
          200: VisionDiffSchema,
          ...errorResponses(404),
        },
      },
    },
    async (request) => pact.visionDiff(request.params.territory, request.params.n, request.params.m),
  );

  app.get(
    `${base}/chronicle`,
    {
      schema: {
        tags,
        summary: 'The chronicle of the transitions: public, permanent entries, newest first, paginated with a cursor',
        params: TerritoryParams,
        querystring: Type.Object({ ...CursorPageQuery, ...ChronicleFilter }),
        response: { 200: Type.Object({ items: Type.Array(refTo(ChronicleEntrySchema)), nextCursor: Nullable(Type.String()) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { limit, ...rest } = request.query;
      return chronicle.list(request.params.territory, { ...rest, limit: limit ?? 50 });
    },
  );

  app.get(
    `${base}/chronicle.atom`,
    {
      schema: {
        tags,
        summary: 'The chronicle as an Atom 1.0 feed (the latest entries)',
        params: TerritoryParams,
        querystring: Type.Object({ ...ChronicleFilter, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
        response: { 200: { description: 'Atom 1.0 (RFC 4287)', content: { 'application/atom+xml': { schema: { type: 'string' } } } }, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { limit, ...filter } = request.query;
      const xml = await chronicle.atomFeed(request.params.territory, `${request.protocol}://${request.host}`, { ...filter, limit: limit ?? 50 });
      return reply.header('content-type', 'application/atom+xml; charset=utf-8').send(xml);
    },
  );

  registerTaskForceRoutes(app, services.taskForces);
  registerCommitmentRoutes(app, services);
  registerNotificationRoutes(app, services.notifications);
  registerOpenDataRoutes(app, services.pactData);
}
