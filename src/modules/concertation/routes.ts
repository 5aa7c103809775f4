import { Type, type TSchema } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { ACTOR_KINDS, INITIATIVE_STATUSES, PHASES, TRIAGE_DECISIONS } from './model.js';
import { COMMITMENT_STATUSES } from '../pact/commitment-model.js';
import type { ConcertationService, TriageInput } from './service.js';
import type { EvaluationService } from './evaluation.js';
import type { EvaluationReports } from './reports.js';
import { ObjectiveBody, ObjectiveSchema, VisionDiffSchema } from '../pact/routes.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: 'the edition’s year' });
const EditionParams = Type.Object({ ...TerritoryParams.properties, edition: Year });
const IdParams = Type.Object({ ...TerritoryParams.properties, id: Id });
const LanguageQuery = Type.Object({ lang: Type.Optional(oneOf(['fr', 'en'] as const, 'the report’s language (fr by default)')) });
const Kind = oneOf(ACTOR_KINDS, 'kind of actor: the Pact’s sectors');
const Phase = oneOf(PHASES);
const Opens = Type.Object({ proposals: Type.Boolean(), supports: Type.Boolean(), registrations: Type.Boolean() }, { description: 'what the phase opens to anyone signed in' });
const Bilingual = Type.Object({ fr: Type.String(), en: Type.String() });
const Polarity = oneOf(['higher_is_better', 'lower_is_better', 'neutral'] as const);
const OnBehalfOf = Nullable(Type.String({ maxLength: 64, description: 'an organisation the person belongs to; null: as a citizen' }));

const Counts = Type.Object({ public: Type.Integer(), private: Type.Integer(), civil_society: Type.Integer(), total: Type.Integer() });
const BalanceSchema = Type.Object({
  registrations: Counts,
  attendance: Counts,
  initiatives: Counts,
  supports: Counts,
  overall: Counts,
  shares: Type.Object({ public: Nullable(Type.Number()), private: Nullable(Type.Number()), civil_society: Nullable(Type.Number()) }),
  minimumSharePercent: Type.Number(),
  underRepresented: Type.Array(Kind),
});

const SessionSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    place: Type.String(),
    agenda: Type.String(),
    capacity: Nullable(Type.Integer()),
    registered: Type.Integer(),
    attended: Nullable(Type.Integer({ description: 'how many came, once attendance is recorded' })),
    myRegistration: Nullable(Type.Object({ kind: Kind, onBehalfOf: Nullable(Type.String()), attended: Nullable(Type.Boolean()) })),
  },
  { $id: 'ConcertationSession' },
);

const EditionSchema = Type.Object(
  {
    id: Type.String(),
    year: Type.Integer(),
    title: Type.String(),
    description: Type.String(),
    phase: Phase,
    phaseHistory: Type.Array(Type.Object({ phase: Phase, enteredAt: Type.String(), by: Nullable(Type.String()), note: Type.String() })),
    nextPhase: Nullable(Phase),
    opens: Opens,
    sessions: Type.Array(refTo(SessionSchema)),
    report: Nullable(Type.Object({ snapshotId: Type.String(), comparedWithSnapshotId: Nullable(Type.String()), publishedAt: Type.String(), asOf: Type.String({ format: 'date' }) })),
    visionDraft: Nullable(Type.Object({ statement: Type.String(), basedOnVersion: Type.Integer(), updatedAt: Type.String(), publishedVersion: Nullable(Type.Integer()) })),
    can: Type.Object({ manage: Type.Boolean(), propose: Type.Boolean(), support: Type.Boolean(), register: Type.Boolean() }, { description: 'what the current reader may do' }),
  },
  { $id: 'ConcertationEdition' },
);

const InitiativeSchema = Type.Object(
  {
    id: Type.String(),
    editionYear: Type.Integer(),
    title: Type.String(),
    description: Type.String(),
    proposerName: Type.String(),
    kind: Kind,
    organisationName: Nullable(Type.String()),
    objectiveIds: Type.Array(Type.String()),
    objectives: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
    createdAt: Type.String(),
    supports: Type.Integer(),
    supportedByMe: Type.Boolean(),
    status: oneOf(INITIATIVE_STATUSES),
    triage: Nullable(Type.Object({ decision: oneOf(TRIAGE_DECISIONS), reason: Type.String(), decidedAt: Type.String(), decidedBy: Nullable(Type.String()) })),
    outcome: Nullable(Type.Object({ kind: oneOf(['task_force', 'commitment'] as const), id: Type.String(), title: Type.String(), path: Type.String({ description: 'the portal path of the task force or commitment' }) })),
    mergedInto: Nullable(Type.Object({ id: Type.String(), title: Type.String() })),
  },
  { $id: 'ConcertationInitiative' },
);

const RegistrationSchema = Type.Object({
  personId: Type.String(),
  personName: Type.String(),
  kind: Kind,
  onBehalfOf: Nullable(Type.String()),
  organisationName: Nullable(Type.String()),
  registeredAt: Type.String(),
  attended: Nullable(Type.Boolean()),
});

const VisionDraftSchema = Type.Object({
  statement: Type.String(),
  objectives: Type.Array(ObjectiveSchema),
  basedOnVersion: Type.Integer(),
  updatedAt: Type.String(),
  updatedBy: Nullable(Type.String()),
  publishedVersion: Nullable(Type.Integer()),
  diff: VisionDiffSchema,
});

// ── snapshots ────────────────────────────────────────────────────────────────────────────────────
const SnapshotContentSchema = Type.Object({
  schemaVersion: Type.Integer(),
  asOf: Type.String({ format: 'date' }),
  territory: Type.Object({ slug: Type.String(), name: Type.String() }),
  pact: Nullable(Type.Object({ title: Type.String(), horizonStartYear: Type.Integer(), horizonEndYear: Type.Integer(), signatories: Type.Integer(), balance: Type.Object({ public: Type.Integer(), private: Type.Integer(), civil_society: Type.Integer() }) })),
  vision: Nullable(
    Type.Object({
      version: Type.Integer(),
      statement: Type.String(),
      objectives: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), indicatorCode: Nullable(Type.String()), targetValue: Nullable(Type.Number()), unit: Nullable(Type.String()), targetYear: Nullable(Type.Integer()) })),
    }),
  ),
  indicators: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Bilingual,
      unit: Bilingual,
      polarity: Polarity,
      value: Nullable(Type.Union([Type.Number(), Type.String()])),
      period: Nullable(Type.String()),
      series: Type.Array(Type.Object({ period: Type.String(), value: Type.Number() })),
      target: Nullable(Type.Object({ baseYear: Nullable(Type.Integer()), baseValue: Nullable(Type.Number()), targetYear: Type.Integer(), targetValue: Type.Number() })),
      progress: Type.Object({ status: Type.String(), score: Nullable(Type.Number()) }),
      objectiveIds: Type.Array(Type.String()),
    }),
  ),
  computed: Type.Object({ period: Type.String(), figures: Type.Array(Type.Object({ code: Type.String(), module: Type.String(), name: Bilingual, unit: Bilingual, polarity: Polarity, value: Nullable(Type.Number()), footnote: Bilingual })) }),
  commitments: Type.Array(
    Type.Object({
      id: Type.String(),
      statement: Type.String(),
      ownerName: Type.String(),
      taskForceId: Nullable(Type.String()),
      status: oneOf(COMMITMENT_STATUSES),
      progress: Type.Number(),
      weight: Type.Number(),
      deadline: Nullable(Type.String()),
      late: Type.Boolean(),
    }),
  ),
  taskForces: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      status: Type.String(),
      progress: Nullable(Type.Number()),
      commitments: Type.Integer(),
      budget: Type.Object({ planned: Type.Integer({ description: 'cents' }), secured: Type.Integer({ description: 'cents' }), spent: Type.Integer({ description: 'cents' }) }),
    }),
  ),
  currency: Nullable(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      circulation: Type.Integer({ description: 'cents of local currency' }),
      reserve: Type.Integer({ description: 'euro cents' }),
      monthly: Type.Array(Type.Object({ month: Type.String(), circulation: Type.Integer(), reserve: Type.Integer() })),
    }),
  ),
  metabolism: Nullable(
    Type.Object({
      year: Type.Integer(),
      indicators: Type.Array(Type.Object({ code: Type.String(), label: Bilingual, value: Nullable(Type.Number()), unit: Type.String() })),
      operatingSynergies: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), tonnesPerYear: Nullable(Type.Number()), startedYear: Nullable(Type.Integer()) })),
      confidentialSynergies: Type.Integer(),
    }),
  ),
  certificates: Type.Object({ byLevel: Type.Array(Type.Object({ level: Type.String(), label: Bilingual, count: Type.Integer() })), total: Type.Integer(), signatories: Type.Integer() }),
});
const SnapshotHead = {
  id: Type.String(),
  asOf: Type.String({ format: 'date' }),
  takenAt: Type.String({ format: 'date-time' }),
  takenBy: Nullable(Type.String()),
  editionYear: Nullable(Type.Integer()),
  contentSha256: Type.String({ description: 'SHA-256 of the canonical JSON (RFC 8785) of content' }),
};
const SnapshotSchema = Type.Object({ ...SnapshotHead, content: SnapshotContentSchema }, { $id: 'EvaluationSnapshot' });

const FigureChangeSchema = Type.Object({
  key: Type.String(),
  label: Bilingual,
  unit: Nullable(Bilingual),
  before: Nullable(Type.Number()),
  after: Nullable(Type.Number()),
  delta: Nullable(Type.Number()),
  relativePercent: Nullable(Type.Number()),
  direction: oneOf(['better', 'worse', 'unchanged', 'not_comparable'] as const, 'relative to the target, or else to the figure’s polarity'),
  targetValue: Nullable(Type.Number()),
});
const ComparisonSchema = Type.Object({
  from: Type.Object({ asOf: Type.String() }),
  to: Type.Object({ asOf: Type.String() }),
  indicators: Type.Array(FigureChangeSchema),
  computed: Type.Array(FigureChangeSchema),
  taskForces: Type.Array(FigureChangeSchema),
  commitments: Type.Array(
    Type.Object({
      id: Type.String(),
      statement: Type.String(),
      statusBefore: Nullable(oneOf(COMMITMENT_STATUSES)),
      statusAfter: Nullable(oneOf(COMMITMENT_STATUSES)),
      progressBefore: Nullable(Type.Number()),
      progressAfter: Nullable(Type.Number()),
      delta: Nullable(Type.Number()),
      direction: oneOf(['better', 'worse', 'unchanged', 'not_comparable'] as const),
    }),
  ),
  certificates: Type.Array(FigureChangeSchema),
  currency: Type.Array(FigureChangeSchema),
  metabolism: Type.Array(FigureChangeSchema),
});

// ── the report ───────────────────────────────────────────────────────────────────────────────────
const Series = Type.Object({ name: Type.String(), values: Type.Array(Nullable(Type.Number())) });
const ChartBase = { id: Type.String(), title: Type.String(), description: Type.String({ description: 'the chart’s alternative text' }) };
const ChartSchema = Type.Union([
  Type.Object({ kind: Type.Literal('bar'), ...ChartBase, unit: Type.String(), categories: Type.Array(Type.String()), series: Type.Array(Series), max: Type.Optional(Type.Number()) }),
  Type.Object({ kind: Type.Literal('pie'), ...ChartBase, slices: Type.Array(Type.Object({ name: Type.String(), value: Type.Number() })) }),
  Type.Object({ kind: Type.Literal('line'), ...ChartBase, unit: Type.String(), x: Type.Array(Type.String()), series: Type.Array(Series) }),
]);
const TableSchema = Type.Object({ caption: Type.String(), columns: Type.Array(Type.String()), rows: Type.Array(Type.Array(Type.String())), align: Type.Array(oneOf(['left', 'right'] as const)) });
const ReportSchema = Type.Object(
  {
    language: oneOf(['fr', 'en'] as const),
    territory: Type.Optional(Type.String()),
    title: Type.String(),
    subtitle: Type.String(),
    snapshot: Type.Object({ id: Type.String(), asOf: Type.String(), takenAt: Type.String(), contentSha256: Type.String() }),
    comparedWith: Nullable(Type.Object({ id: Type.String(), asOf: Type.String() })),
    overview: Type.Object({ paragraphs: Type.Array(Type.String()), keyFigures: Type.Array(Type.Object({ label: Type.String(), value: Type.String(), change: Nullable(Type.String()) })), charts: Type.Array(ChartSchema) }),
    sections: Type.Array(
      Type.Object({
        id: Type.String(),
        kind: oneOf(['objective', 'task_force', 'currency', 'metabolism', 'certificates', 'participation', 'initiatives'] as const),
        title: Type.String(),
        paragraphs: Type.Array(Type.String()),
        tables: Type.Array(TableSchema),
        charts: Type.Array(ChartSchema),
      }),
    ),
    method: Type.Array(Type.String()),
  },
  { $id: 'EvaluationReport' },
);

const pdfResponse = { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };
const svgResponse = { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } };
const ChartParams = Type.Object({ ...TerritoryParams.properties, edition: Year, chartId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });
const SnapshotChartParams = Type.Object({ ...TerritoryParams.properties, id: Id, chartId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });
const CompareQuery = Type.Object({ ...LanguageQuery.properties, compareWith: Type.Optional(Id) });

const TriageBody = Type.Union([
  Type.Object({ decision: Type.Literal('accept_task_force'), reason: Type.Optional(Type.String({ maxLength: 2000 })), taskForce: Type.Object({ name: Type.String({ maxLength: 200 }), mission: Type.String({ maxLength: 5000 }) }) }),
  Type.Object({
    decision: Type.Literal('accept_commitment'),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    commitment: Type.Object({ ownerOrganisationId: Id, statement: Type.String({ maxLength: 2000 }), taskForceId: Type.Optional(Nullable(Id)), deadline: Type.Optional(Nullable(Type.String({ format: 'date' }))) }),
  }),
  Type.Object({ decision: Type.Literal('merge'), reason: Type.Optional(Type.String({ maxLength: 2000 })), mergedIntoId: Id }),
  Type.Object({ decision: Type.Literal('decline'), reason: Type.String({ maxLength: 2000 }) }),
]);

const SessionBody = {
  title: Type.String({ maxLength: 200 }),
  startsAt: Type.String({ maxLength: 40, description: 'ISO 8601 date-time with offset' }),
  endsAt: Type.String({ maxLength: 40 }),
  place: Type.String({ maxLength: 300 }),
  agenda: Type.Optional(Type.String({ maxLength: 10_000 })),
  capacity: Type.Optional(Nullable(Type.Integer())),
};

const lang = (q: { lang?: 'fr' | 'en' }) => q.lang ?? 'fr';

export function registerConcertationRoutes(app: HttpServer, concertation: ConcertationService, evaluation: EvaluationService, reports: EvaluationReports): void {
  const tags = ['concertation'];
  const base = '/api/v1/t/:territory/concertation';
  for (const schema of [SessionSchema, EditionSchema, InitiativeSchema, SnapshotSchema, ReportSchema] as TSchema[]) app.addSchema(schema);
  const editionRef = refTo(EditionSchema);
  const initiativeRef = refTo(InitiativeSchema);
  const sessionRef = refTo(SessionSchema);
  const snapshotRef = refTo(SnapshotSchema);
  const reportRef = refTo(ReportSchema);

  // ── editions ───────────────────────────────────────────────────────────────────────────────────
  app.get(
    `${base}/editions`,
    {
      schema: {
        tags,
        summary: 'The yearly workshop editions, newest first (public)',
        params: TerritoryParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), year: Type.Integer(), title: Type.String(), phase: Phase, opens: Opens, sessions: Type.Integer(), initiatives: Type.Integer(), supports: Type.Integer(), reportPublishedAt: Nullable(Type.String()) })) }), ...errorResponses(404) },
      },
    },
    async (request) => ({ items: await concertation.listEditions(request.params.territory) }),
  );
  app.post(
    `${base}/editions`,
    { schema: { tags, summary: 'Open the workshop edition of a year, in its preparation phase (facilitators)', params: TerritoryParams, body: Type.Object({ year: Year, title: Type.String({ maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 10_000 })) }), response: { 201: editionRef, ...errorResponses(401, 403, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await concertation.createEdition(request.actor, request.params.territory, { description: '', ...request.body })),
  );
  app.get(
    `${base}/editions/:edition`,
    { schema: { tags, summary: 'An edition: phases, sessions, report, vision draft, and what the reader may do (public)', params: EditionParams, response: { 200: editionRef, ...errorResponses(404) } } },
    async (request) => concertation.edition(request.actor, request.params.territory, request.params.edition),
  );
  app.patch(
    `${base}/editions/:edition`,
    { schema: { tags, summary: 'Edit an edition’s title and description (facilitators)', params: EditionParams, body: Type.Object({ title: Type.Optional(Type.String({ maxLength: 200 })), description: Type.Optional(Type.String({ maxLength: 10_000 })) }), response: { 200: editionRef, ...errorResponses(401, 403, 404) } } },
    async (request) => concertation.updateEdition(request.actor, request.params.territory, request.params.edition, request.body),
  );
  app.post(
    `${base}/editions/:edition/phase`,
    { schema: { tags, summary: 'Move the edition to its next phase; the evaluation phase starts by publishing the report (facilitators)', params: EditionParams, body: Type.Object({ to: Phase, note: Type.Optional(Type.String({ maxLength: 2000 })) }), response: { 200: editionRef, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => concertation.advancePhase(request.actor, request.params.territory, request.params.edition, request.body),
  );

  // ── sessions ───────────────────────────────────────────────────────────────────────────────────
  app.post(
    `${base}/editions/:edition/sessions`,
    { schema: { tags, summary: 'Schedule a workshop session (facilitators)', params: EditionParams, body: Type.Object(SessionBody), response: { 201: sessionRef, ...errorResponses(401, 403, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await concertation.addSession(request.actor, request.params.territory, request.params.edition, { agenda: '', capacity: null, ...request.body })),
  );
  app.patch(
    `${base}/sessions/:id`,
    { schema: { tags, summary: 'Change a session (facilitators)', params: IdParams, body: Type.Partial(Type.Object(SessionBody)), response: { 200: sessionRef, ...errorResponses(401, 403, 404) } } },
    async (request) => concertation.updateSession(request.actor, request.params.territory, request.params.id, request.body),
  );
  app.post(
    `${base}/sessions/:id/registrations`,
    { schema: { tags, summary: 'Register for a session, for an organisation one belongs to or as a citizen (signed in)', params: IdParams, body: Type.Object({ onBehalfOf: OnBehalfOf }), response: { 201: sessionRef, ...errorResponses(401, 403, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await concertation.register(request.actor, request.params.territory, request.params.id, request.body.onBehalfOf)),
  );
  app.delete(
    `${base}/sessions/:id/registrations/me`,
    { schema: { tags, summary: 'Cancel one’s registration (signed in)', params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 404, 409) } } },
    async (request, reply) => {
      await concertation.unregister(request.actor, request.params.territory, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    `${base}/sessions/:id/registrations`,
    { schema: { tags, summary: 'Who registered and who came (facilitators)', params: IdParams, response: { 200: Type.Object({ items: Type.Array(RegistrationSchema) }), ...errorResponses(401, 403, 404) } } },
    async (request) => ({ items: await concertation.sessionRegistrations(request.actor, request.params.territory, request.params.id) }),
  );
  app.put(
    `${base}/sessions/:id/attendance`,
    { schema: { tags, summary: 'Record whether a registered person came (facilitators)', params: IdParams, body: Type.Object({ personId: Id, attended: Type.Boolean() }), response: { 200: RegistrationSchema, ...errorResponses(401, 403, 404) } } },
    async (request) => concertation.recordAttendance(request.actor, request.params.territory, request.params.id, request.body),
  );
  app.get(
    `${base}/me`,
    {
      schema: {
        tags,
        summary: 'What the signed-in person took part in: registrations and initiatives',
        params: TerritoryParams,
        response: {
          200: Type.Object({
            registrations: Type.Array(Type.Object({ ...RegistrationSchema.properties, session: Type.Object({ id: Type.String(), title: Type.String(), startsAt: Type.String(), place: Type.String() }), editionYear: Type.Integer() })),
            initiatives: Type.Array(initiativeRef),
          }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => concertation.myParticipation(request.actor, request.params.territory),
  );

  // ── initiatives ────────────────────────────────────────────────────────────────────────────────
  app.get(
    `${base}/editions/:edition/initiatives`,
    { schema: { tags, summary: 'The emerging initiatives of an edition, most supported first (public)', params: EditionParams, response: { 200: Type.Object({ items: Type.Array(initiativeRef) }), ...errorResponses(404) } } },
    async (request) => ({ items: await concertation.listInitiatives(request.actor, request.params.territory, request.params.edition) }),
  );
  app.post(
    `${base}/editions/:edition/initiatives`,
    {
      schema: {
        tags,
        summary: 'Propose an emerging initiative while contributions are open (signed in)',
        params: EditionParams,
        body: Type.Object({ title: Type.String({ maxLength: 200 }), description: Type.String({ maxLength: 5000 }), onBehalfOf: OnBehalfOf, objectiveIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 }) }),
        response: { 201: initiativeRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await concertation.propose(request.actor, request.params.territory, request.params.edition, request.body)),
  );
  app.get(
    `${base}/initiatives/:id`,
    { schema: { tags, summary: 'An initiative (public)', params: IdParams, response: { 200: initiativeRef, ...errorResponses(404) } } },
    async (request) => concertation.initiative(request.actor, request.params.territory, request.params.id),
  );
  app.post(
    `${base}/initiatives/:id/supports`,
    { schema: { tags, summary: 'Support an initiative: one support per person, while supports are open (signed in)', params: IdParams, body: Type.Object({ onBehalfOf: OnBehalfOf }), response: { 201: initiativeRef, ...errorResponses(401, 403, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await concertation.support(request.actor, request.params.territory, request.params.id, request.body.onBehalfOf)),
  );
  app.delete(
    `${base}/initiatives/:id/supports/me`,
    { schema: { tags, summary: 'Withdraw one’s support while supports are open (signed in)', params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 404, 409) } } },
    async (request, reply) => {
      await concertation.withdrawSupport(request.actor, request.params.territory, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${base}/initiatives/:id/triage`,
    {
      schema: {
        tags,
        summary: 'Answer an initiative in public: a new Task Force, a new commitment, merged into another, or declined with a reason (facilitators)',
        params: IdParams,
        body: TriageBody,
        response: { 200: initiativeRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => concertation.triage(request.actor, request.params.territory, request.params.id, request.body as TriageInput),
  );
  for (const [segment, kind] of [['task-forces', 'task_force'], ['commitments', 'commitment']] as const) {
    app.get(
      `${base}/origins/${segment}/:id`,
      { schema: { tags, summary: `The initiative a ${kind === 'task_force' ? 'Task Force' : 'commitment'} was born from (public)`, params: IdParams, response: { 200: Type.Object({ initiative: Type.Object({ id: Type.String(), title: Type.String(), editionYear: Type.Integer() }) }), ...errorResponses(404) } } },
      async (request) => ({ initiative: await concertation.originOf(request.params.territory, kind, request.params.id) }),
    );
  }

  // ── balance and settings ───────────────────────────────────────────────────────────────────────
  app.get(
    `${base}/editions/:edition/balance`,
    { schema: { tags, summary: 'Participation by kind of actor, with the kinds under the territory’s minimum share (public)', params: EditionParams, response: { 200: BalanceSchema, ...errorResponses(404) } } },
    async (request) => concertation.balance(request.params.territory, request.params.edition),
  );
  const SettingsSchema = Type.Object({ minimumSharePercent: Type.Number() });
  app.get(`${base}/settings`, { schema: { tags, summary: 'The balance threshold (public)', params: TerritoryParams, response: { 200: SettingsSchema, ...errorResponses(404) } } }, async (request) => concertation.settings(request.params.territory));
  app.put(
    `${base}/settings`,
    { schema: { tags, summary: 'Set the share under which a kind of actor is said under-represented (facilitators)', params: TerritoryParams, body: Type.Object({ minimumSharePercent: Type.Number() }), response: { 200: SettingsSchema, ...errorResponses(401, 403, 404) } } },
    async (request) => concertation.updateSettings(request.actor, request.params.territory, request.body),
  );

  // ── snapshots ──────────────────────────────────────────────────────────────────────────────────
  app.get(
    `${base}/snapshots`,
    { schema: { tags, summary: 'The evaluation snapshots, newest first (public)', params: TerritoryParams, response: { 200: Type.Object({ items: Type.Array(Type.Object(SnapshotHead)) }), ...errorResponses(404) } } },
    async (request) => ({ items: await evaluation.list(request.params.territory) }),
  );
  app.post(
    `${base}/snapshots`,
    { schema: { tags, summary: 'Freeze the evaluation figures as they stood at the end of a date (facilitators)', params: TerritoryParams, body: Type.Object({ asOf: Type.String({ maxLength: 10, description: 'YYYY-MM-DD, today or earlier' }), editionYear: Type.Optional(Nullable(Year)) }), response: { 201: snapshotRef, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => reply.status(201).send(await evaluation.take(request.actor, request.params.territory, request.body)),
  );
  app.get(`${base}/snapshots/:id`, { schema: { tags, summary: 'A snapshot with everything it froze (public)', params: IdParams, response: { 200: snapshotRef, ...errorResponses(404) } } }, async (request) => evaluation.get(request.params.territory, request.params.id));
  app.get(
    `${base}/snapshots/:id/compare/:otherId`,
    { schema: { tags, summary: 'What moved between two snapshots, from the earlier to the later, and in which direction relative to the target (public)', params: Type.Object({ ...IdParams.properties, otherId: Id }), response: { 200: ComparisonSchema, ...errorResponses(404) } } },
    async (request) => evaluation.compare(request.params.territory, request.params.id, request.params.otherId),
  );
  app.get(
    `${base}/snapshots/:id/report`,
    { schema: { tags, summary: 'The report a snapshot gives, before it is published (public)', params: IdParams, querystring: CompareQuery, response: { 200: reportRef, ...errorResponses(404) } } },
    async (request) => reports.ofSnapshot(request.params.territory, request.params.id, lang(request.query), request.query.compareWith ?? null),
  );
  app.get(
    `${base}/snapshots/:id/report.pdf`,
    { schema: { tags, summary: 'That report as a PDF (public)', params: IdParams, querystring: CompareQuery, response: { 200: pdfResponse, ...errorResponses(404) } } },
    async (request, reply) => {
      const pdf = await reports.snapshotPdf(request.params.territory, request.params.id, lang(request.query), request.query.compareWith ?? null);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="evaluation-${request.params.id}-${lang(request.query)}.pdf"`).send(pdf as unknown as string);
    },
  );
  app.get(
    `${base}/snapshots/:id/charts/:chartId.svg`,
    { schema: { tags, summary: 'A chart of that report, drawn on the server (public)', params: SnapshotChartParams, querystring: CompareQuery, response: { 200: svgResponse, ...errorResponses(404) } } },
    async (request, reply) => {
      const report = await reports.ofSnapshot(request.params.territory, request.params.id, lang(request.query), request.query.compareWith ?? null);
      return reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(await reports.chartSvg(report, request.params.chartId));
    },
  );

  // ── the edition's report ───────────────────────────────────────────────────────────────────────
  app.post(
    `${base}/editions/:edition/report`,
    { schema: { tags, summary: 'Publish the edition’s evaluation report from a snapshot; the edition enters its evaluation phase (facilitators)', params: EditionParams, body: Type.Object({ snapshotId: Id, comparedWithSnapshotId: Type.Optional(Nullable(Id)) }), response: { 200: editionRef, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => concertation.publishReport(request.actor, request.params.territory, request.params.edition, request.body),
  );
  app.get(
    `${base}/editions/:edition/report`,
    { schema: { tags, summary: 'The edition’s published evaluation report, in French or English (public)', params: EditionParams, querystring: LanguageQuery, response: { 200: reportRef, ...errorResponses(404) } } },
    async (request) => reports.ofEdition(request.params.territory, request.params.edition, lang(request.query)),
  );
  app.get(
    `${base}/editions/:edition/report.pdf`,
    { schema: { tags, summary: 'The edition’s evaluation report as a PDF with its charts (public)', params: EditionParams, querystring: LanguageQuery, response: { 200: pdfResponse, ...errorResponses(404) } } },
    async (request, reply) => {
      const language = lang(request.query);
      const pdf = await reports.editionPdf(request.params.territory, request.params.edition, language);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="evaluation-${request.params.edition}-${language}.pdf"`).send(pdf as unknown as string);
    },
  );
  app.get(
    `${base}/editions/:edition/report/charts/:chartId.svg`,
    { schema: { tags, summary: 'A chart of the edition’s report, drawn on the server (public)', params: ChartParams, querystring: LanguageQuery, response: { 200: svgResponse, ...errorResponses(404) } } },
    async (request, reply) => {
      const report = await reports.ofEdition(request.params.territory, request.params.edition, lang(request.query));
      return reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(await reports.chartSvg(report, request.params.chartId));
    },
  );

  // ── vision adjustment ──────────────────────────────────────────────────────────────────────────
  app.get(
    `${base}/editions/:edition/vision-draft`,
    { schema: { tags, summary: 'The vision drafted at the workshops, with its difference from the current vision (public)', params: EditionParams, response: { 200: VisionDraftSchema, ...errorResponses(404) } } },
    async (request) => concertation.visionDraft(request.params.territory, request.params.edition),
  );
  app.put(
    `${base}/editions/:edition/vision-draft`,
    { schema: { tags, summary: 'Draft the next vision from the workshop (facilitators)', params: EditionParams, body: Type.Object({ statement: Type.String({ maxLength: 10_000 }), objectives: Type.Array(ObjectiveBody, { maxItems: 100 }) }), response: { 200: VisionDraftSchema, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => concertation.saveVisionDraft(request.actor, request.params.territory, request.params.edition, request.body),
  );
  app.post(
    `${base}/editions/:edition/vision-draft/publish`,
    { schema: { tags, summary: 'Publish the draft as the Pact’s current vision, with the reason (facilitators)', params: EditionParams, body: Type.Object({ reason: Type.String({ maxLength: 5000 }) }), response: { 200: Type.Object({ version: Type.Integer(), reason: Nullable(Type.String()), publishedAt: Type.String() }), ...errorResponses(401, 403, 404, 409) } } },
    async (request) => concertation.publishVisionDraft(request.actor, request.params.territory, request.params.edition, request.body),
  );
}
