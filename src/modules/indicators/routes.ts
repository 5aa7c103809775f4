import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { AGENDA21_FINALITES, FRAMEWORKS, OECD_TOPICS } from './model.js';
import type { IndicatorsService } from './service.js';
import { ARCHIVE_FILE, DATAPACKAGE_FILE, type IndicatorsPortal } from './portal.js';
import type { CachedAnswer } from './page-cache.js';
import { ALL_OBSERVATIONS_FILE, CATALOGUE_FILE } from './open-data.js';
import {
  CODE_PATTERN,
  DefinitionBody,
  DefinitionSchema,
  DefinitionUpdateBody,
  LicenceSchema,
  ObservationBody,
  ObservationSchema,
  ProgressFields,
  ProgressSchema,
  SummarySchema,
  TargetBody,
  TargetSchema,
  TerritoryRef,
} from './schemas.js';

const tags = ['indicators'];
const base = '/api/v1/t/:territory/indicators';
const CodeParams = Type.Object({ ...TerritoryParams.properties, code: Type.String({ pattern: CODE_PATTERN }) });
const notModified = { 304: Type.Unsafe<undefined>({ description: 'Not Modified: the If-None-Match ETag (or If-Modified-Since date) still holds' }) };
const definitionRef = refTo(DefinitionSchema);
const observationRef = refTo(ObservationSchema);
const targetRef = refTo(TargetSchema);
const fileResponse = (mediaType: string, description: string) => ({ 200: { description, content: { [mediaType]: { schema: { type: 'string' } } } }, ...notModified, ...errorResponses(404) });

const CatalogueQuery = Type.Object({
  framework: Type.Optional(oneOf(FRAMEWORKS, 'nir: the ten new wealth indicators; sdg, agenda21, oecd: those tagged to that framework')),
  sdgGoal: Type.Optional(Type.Integer({ minimum: 1, maximum: 17 })),
  agenda21: Type.Optional(oneOf(AGENDA21_FINALITES)),
  oecd: Type.Optional(oneOf(OECD_TOPICS)),
});
const CatalogueResponse = Type.Object({ territory: TerritoryRef, licence: LicenceSchema, items: Type.Array(refTo(SummarySchema)) });
const PeriodBody = Type.Object({ period: Type.String({ maxLength: 7, description: 'A year (2025) or a month (2025-10) that has ended' }) });
const SkippedObjective = Type.Object({ objectiveId: Type.String(), title: Type.String(), indicatorCode: Nullable(Type.String()), reason: Type.String() });

/**
 * Public answers are built once and cached (portal.ts); a browser or a proxy revalidates them with the
 * ETag: `no-cache` means "ask again, but a 304 will do", so a facilitator's correction shows at once.
 */
function sendCached(request: FastifyRequest, reply: FastifyReply, answer: CachedAnswer, filename?: string): FastifyReply {
  reply.header('etag', answer.etag).header('last-modified', answer.lastModified).header('cache-control', 'public, no-cache').header('vary', 'accept-encoding');
  if (filename) reply.header('content-disposition', `${filename.endsWith('.zip') ? 'attachment' : 'inline'}; filename="${filename}"`);
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  const fresh = ifNoneMatch
    ? ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === answer.etag)
    : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(answer.lastModified);
  if (fresh) return reply.status(304).send();
  return reply.type(answer.contentType).send(answer.body);
}

export function registerIndicatorsRoutes(app: HttpServer, indicators: IndicatorsService, portal: IndicatorsPortal): void {
  for (const schema of [DefinitionSchema, ObservationSchema, TargetSchema, ProgressSchema, SummarySchema]) app.addSchema(schema);

  // ── public: the portal and the open data ───────────────────────────────────────────────────────

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'The catalogue: each indicator with its latest total value, target and progress status (cached, ETag)',
        params: TerritoryParams,
        querystring: CatalogueQuery,
        response: { 200: CatalogueResponse, ...notModified, ...errorResponses(404) },
      },
    },
    async (request, reply) => sendCached(request, reply, await portal.catalogue(request.params.territory, request.query)),
  );

  app.get(
    `${base}/overview`,
    {
      schema: {
        tags,
        summary: 'Where each indicator with a target stands: latest value, target, progress status (cached, ETag)',
        params: TerritoryParams,
        response: { 200: CatalogueResponse, ...notModified, ...errorResponses(404) },
      },
    },
    async (request, reply) => sendCached(request, reply, await portal.catalogue(request.params.territory, { withTarget: true })),
  );

  app.get(
    `${base}/:code`,
    {
      schema: {
        tags,
        summary: 'An indicator’s page: definition, current values of every series with their footnotes, target, progress with its steps (cached, ETag)',
        params: CodeParams,
        response: {
          200: Type.Object({
            territory: TerritoryRef,
            indicator: definitionRef,
            dimensions: Type.Array(Type.String(), { description: 'The dimension names of the series, Series first' }),
            observations: Type.Array(observationRef),
            target: Nullable(targetRef),
            progress: refTo(ProgressSchema),
            lastModified: Type.String({ format: 'date-time' }),
            licence: LicenceSchema,
            files: Type.Object({ csv: Type.String(), json: Type.String(), metadata: Type.String(), progressCsv: Type.String(), datapackage: Type.String(), archive: Type.String() }, { description: 'Paths relative to …/indicators/' }),
          }),
          ...notModified,
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => sendCached(request, reply, await portal.page(request.params.territory, request.params.code)),
  );

  for (const [extension, mediaType, description] of [
    ['csv', 'text/csv', 'The indicator’s current values as an Open SDG tidy CSV: Year, dimension columns (empty on the total), Units, OBS_STATUS (A final, P provisional), COMMENT_OBS, SOURCE, Value'],
    ['json', 'application/json', 'The indicator’s current values as JSON, with their revision numbers'],
    ['metadata.json', 'application/json', 'The indicator’s metadata: definition, source, frameworks, licence, target, progress status'],
  ] as const) {
    app.get(
      `${base}/:code.${extension}`,
      { schema: { tags, summary: `Open data (stable URL): ${description}`, params: CodeParams, response: fileResponse(mediaType, description) } },
      async (request, reply) => {
        const name = `${request.params.code}.${extension}`;
        return sendCached(request, reply, await portal.file(request.params.territory, name), name);
      },
    );
  }

  for (const [name, mediaType, description] of [
    [DATAPACKAGE_FILE, 'application/json', 'Frictionless Tabular Data Package: a Table Schema for every CSV (fields, types, primary key), licence Licence Ouverte 2.0 (etalab-2.0)'],
    [CATALOGUE_FILE, 'text/csv', 'The catalogue as CSV: codes, names, units, kinds, polarities, frameworks, sources'],
    [ALL_OBSERVATIONS_FILE, 'text/csv', 'Every current value of every indicator in one CSV'],
    [ARCHIVE_FILE, 'application/zip', 'Bulk download: datapackage.json, the catalogue, every indicator’s CSV, JSON and metadata, in one zip'],
  ] as const) {
    app.get(
      `${base}/${name}`,
      { schema: { tags, summary: `Open data: ${description}`, params: TerritoryParams, response: fileResponse(mediaType, description) } },
      async (request, reply) => {
        const answer = name === ARCHIVE_FILE ? await portal.archive(request.params.territory) : await portal.file(request.params.territory, name);
        return sendCached(request, reply, answer, name);
      },
    );
  }

  app.get(
    `${base}/:code/progress`,
    {
      schema: {
        tags,
        summary: 'The progress calculation (Open SDG / Statistics Canada method): inputs, each step, thresholds, status and score',
        params: CodeParams,
        response: { 200: Type.Object({ indicatorCode: Type.String(), target: Nullable(targetRef), ...ProgressFields }), ...errorResponses(404) },
      },
    },
    async (request) => indicators.progress(request.params.territory, request.params.code),
  );

  app.get(
    `${base}/:code/progress.csv`,
    { schema: { tags, summary: 'The progress calculation as CSV: step, formula, value', params: CodeParams, response: fileResponse('text/csv', 'step,formula,value') } },
    async (request, reply) => sendCached(request, reply, await portal.progressCsv(request.params.territory, request.params.code), `${request.params.code}-progress.csv`),
  );

  app.get(
    `${base}/:code/revisions`,
    {
      schema: {
        tags,
        summary: 'Every revision of the indicator’s values, superseded ones included, oldest first within each period and series',
        params: CodeParams,
        querystring: Type.Object({ period: Type.Optional(Type.String({ maxLength: 10 })) }),
        response: { 200: Type.Object({ items: Type.Array(observationRef) }), ...errorResponses(404) },
      },
    },
    async (request) => ({ items: await indicators.history(request.params.territory, request.params.code, request.query.period ? { period: request.query.period } : {}) }),
  );

  app.get(
    `${base}/:code/targets`,
    {
      schema: { tags, summary: 'Every target the indicator has had, the current one last (replaced ones carry no flag: the last is current)', params: CodeParams, response: { 200: Type.Object({ items: Type.Array(targetRef) }), ...errorResponses(404) } },
    },
    async (request) => ({ items: await indicators.targetHistory(request.params.territory, request.params.code) }),
  );

  app.get(
    `${base}/targets`,
    { schema: { tags, summary: 'The current target of each indicator that has one', params: TerritoryParams, response: { 200: Type.Object({ items: Type.Array(targetRef) }), ...errorResponses(404) } } },
    async (request) => ({ items: await indicators.listTargets(request.params.territory) }),
  );

  app.get(
    `${base}/computed/live`,
    {
      schema: {
        tags,
        summary: 'What the modules compute for a period right now (not stored), and the value already published for it if any',
        params: TerritoryParams,
        querystring: PeriodBody,
        response: {
          200: Type.Object({
            period: Type.String(),
            values: Type.Array(Type.Object({ code: Type.String(), module: Type.String(), value: Nullable(Type.Number()), footnote: Type.Object({ fr: Type.String(), en: Type.String() }), published: Nullable(observationRef) })),
          }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => indicators.liveComputed(request.params.territory, request.query.period),
  );

  // ── facilitators: catalogue, values, targets, publication ─────────────────────────────────────

  app.post(
    `${base}/catalogue/seed`,
    {
      schema: {
        tags,
        summary: 'Add the shipped indicators the territory does not have yet (facilitator); edited ones are kept as they are',
        params: TerritoryParams,
        response: { 200: Type.Object({ added: Type.Array(Type.String()) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => indicators.seedCatalogue(request.actor, request.params.territory),
  );

  app.post(
    base,
    { schema: { tags, summary: 'Add an indicator to the territory’s catalogue (facilitator)', params: TerritoryParams, body: DefinitionBody, response: { 201: definitionRef, ...errorResponses(401, 403, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await indicators.createDefinition(request.actor, request.params.territory, request.body)),
  );

  app.put(
    `${base}/:code`,
    {
      schema: {
        tags,
        summary: 'Replace an indicator’s description (facilitator); its kind is fixed once it has values',
        params: CodeParams,
        body: DefinitionUpdateBody,
        response: { 200: definitionRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => indicators.updateDefinition(request.actor, request.params.territory, request.params.code, request.body),
  );

  app.post(
    `${base}/:code/observations`,
    {
      schema: {
        tags,
        summary: 'Record a value (facilitator): a new cell, or the next revision of an existing one; the same value again changes nothing',
        params: CodeParams,
        body: ObservationBody,
        response: {
          201: Type.Object({ outcome: oneOf(['created', 'revised'] as const), observation: observationRef }),
          200: Type.Object({ outcome: oneOf(['unchanged'] as const), observation: observationRef }),
          ...errorResponses(401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const result = await indicators.recordObservation(request.actor, request.params.territory, request.params.code, request.body);
      return reply.status(result.outcome === 'unchanged' ? 200 : 201).send(result);
    },
  );

  app.post(
    `${base}/:code/observations/import`,
    {
      schema: {
        tags,
        summary: 'Import values from an Open SDG tidy CSV (text/csv: Year, dimension columns…, Value; optional Units, Series, OBS_STATUS, COMMENT_OBS, SOURCE); all rows or none (facilitator)',
        params: CodeParams,
        querystring: Type.Object({ source: Type.Optional(Type.String({ maxLength: 500, description: 'The source written on rows without a SOURCE column' })) }),
        body: Type.String({ description: 'CSV text' }),
        response: { 200: Type.Object({ created: Type.Integer(), revised: Type.Integer(), unchanged: Type.Integer() }), ...errorResponses(401, 403, 404, 409, 415) },
      },
    },
    async (request) => indicators.importObservations(request.actor, request.params.territory, request.params.code, request.body, request.query.source ? { source: request.query.source } : {}),
  );

  app.put(
    `${base}/:code/target`,
    {
      schema: {
        tags,
        summary: 'Set the indicator’s target (facilitator); the previous target is kept in its history',
        params: CodeParams,
        body: TargetBody,
        response: { 200: targetRef, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => indicators.setTarget(request.actor, request.params.territory, request.params.code, request.body),
  );

  app.post(
    `${base}/targets/from-vision`,
    {
      schema: {
        tags,
        summary: 'Take targets from the Pact’s current vision: every objective naming a catalogue indicator, a target value and year (facilitator)',
        params: TerritoryParams,
        response: { 200: Type.Object({ applied: Type.Array(targetRef), skipped: Type.Array(SkippedObjective) }), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => indicators.targetsFromVision(request.actor, request.params.territory),
  );

  app.post(
    `${base}/computed/publish`,
    {
      schema: {
        tags,
        summary: 'Publish the computed indicators of a finished period (facilitator): stored as final values, source computed:<module>, frozen',
        params: TerritoryParams,
        body: PeriodBody,
        response: {
          200: Type.Object({
            period: Type.String(),
            published: Type.Array(observationRef),
            skipped: Type.Array(Type.Object({ code: Type.String(), module: Type.String(), reason: oneOf(['not_in_catalogue', 'nothing_to_compute', 'already_published'] as const) })),
          }),
          ...errorResponses(401, 403, 404, 409),
        },
      },
    },
    async (request) => indicators.publishComputed(request.actor, request.params.territory, request.body.period),
  );
}
