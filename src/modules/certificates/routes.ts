import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { CursorPageQuery, errorResponses, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { invalidInput } from '../../platform/errors.js';
import type { CertificateServices } from './service.js';
import { PUBLIC_CERTIFICATE_STATUSES } from './workflow-model.js';
import type { TaxSimulation } from './tax-simulation.js';
import {
  CertificateSummarySchema,
  CertificateViewSchema,
  DidDocumentSchema,
  IdParams,
  KeySchema,
  ReasonBody,
  ReferentialSchema,
  ScoreSchema,
  SettingsSchema,
  TaxSimulationSchema,
  VerificationSchema,
  CetRatesSchema,
} from './route-schemas.js';
import { registerAssessmentRoutes } from './assessment-routes.js';

const VC_JWT = 'application/vc+jwt';
const jwtResponse = (description: string) => ({ description, content: { [VC_JWT]: { schema: { type: 'string' } } } });
const MAX_JWT = 64 * 1024;

/** Amounts are bigint cents in the service; JSON carries them as numbers (all far below 2^53). */
const toNumbers = (s: TaxSimulation) => {
  const c = s.cet;
  return {
    ...s,
    cet: {
      ...c,
      taxableValueAdded: Number(c.taxableValueAdded),
      cvaeBeforeReductions: Number(c.cvaeBeforeReductions),
      cvaeReduction: Number(c.cvaeReduction),
      cvae: Number(c.cvae),
      cfe: Number(c.cfe),
      cetBeforeCap: Number(c.cetBeforeCap),
      cap: Number(c.cap),
      capRelief: Number(c.capRelief),
      cet: Number(c.cet),
    },
    cut: s.cut.map((l) => ({ ...l, reduction: Number(l.reduction), due: Number(l.due) })),
  };
};

export function registerCertificateRoutes(app: HttpServer, services: CertificateServices): void {
  const { certificates, issuer, referentials, taxes } = services;
  for (const schema of [ScoreSchema, ReferentialSchema, CertificateSummarySchema, CertificateViewSchema, VerificationSchema, DidDocumentSchema]) app.addSchema(schema);
  const tags = ['certificates'];
  const base = '/api/v1/t/:territory/certificates';
  const view = refTo(CertificateViewSchema);
  const verification = refTo(VerificationSchema);
  const didDocument = refTo(DidDocumentSchema);

  // ── the issuer: did:web, keys, status lists ────────────────────────────────────────────────────

  app.get(
    '/t/:territory/did.json',
    { schema: { tags, summary: 'The territory’s DID document (did:web: did:web:<host>:t:<slug> resolves here)', params: TerritoryParams, response: { 200: didDocument, ...errorResponses(404) } } },
    async (request, reply) => reply.header('content-type', 'application/did+ld+json').send(await issuer.didDocument(request.params.territory)),
  );

  app.get(
    `${base}/did.json`,
    { schema: { tags, summary: 'The territory’s DID document, under the API', params: TerritoryParams, response: { 200: didDocument, ...errorResponses(404) } } },
    async (request) => issuer.didDocument(request.params.territory),
  );

  app.get(
    `${base}/jwks.json`,
    {
      schema: {
        tags,
        summary: 'The territory’s public signing keys as a JWKS (retired ones included: what they signed still verifies)',
        params: TerritoryParams,
        response: { 200: Type.Object({ keys: Type.Array(Type.Object({ kty: Type.String(), crv: Type.String(), x: Type.String(), kid: Type.String(), alg: Type.String(), use: Type.String() })) }), ...errorResponses(404) },
      },
    },
    async (request) => issuer.jwks(request.params.territory),
  );

  app.get(
    `${base}/keys`,
    { schema: { tags, summary: 'The signing keys: which one signs now, which are retired', params: TerritoryParams, response: { 200: Type.Array(KeySchema), ...errorResponses(404) } } },
    async (request) => issuer.keys(request.params.territory),
  );

  app.post(
    `${base}/keys/rotate`,
    { schema: { tags, summary: 'Rotate the signing key (facilitator): a new key signs from now on, the old ones stay published', params: TerritoryParams, response: { 200: Type.Array(KeySchema), ...errorResponses(401, 403, 404) } } },
    async (request) => issuer.rotateKey(request.actor, request.params.territory),
  );

  app.get(
    `${base}/status-lists/:listId/:purpose`,
    {
      schema: {
        tags,
        summary: 'A Bitstring Status List credential (W3C, v1.0), signed vc+jwt: revocation or suspension bits of the certificates',
        params: Type.Object({ territory: TerritoryParams.properties.territory, listId: Type.String({ format: 'uuid' }), purpose: oneOf(['revocation', 'suspension'] as const) }),
        response: { 200: jwtResponse('the status list credential as a vc+jwt'), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { territory, listId, purpose } = request.params;
      return reply.header('content-type', VC_JWT).header('cache-control', 'public, max-age=60').send(await issuer.statusListCredential(territory, listId, purpose));
    },
  );

  // ── the registry, certificate pages, PDF, open data ────────────────────────────────────────────

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'The public registry of certified organisations: the current certificate of each, by name; search by name or SIREN',
        params: TerritoryParams,
        querystring: Type.Object({
          ...CursorPageQuery,
          search: Type.Optional(Type.String({ maxLength: 200 })),
          level: Type.Optional(Type.String({ maxLength: 32 })),
          status: Type.Optional(oneOf(PUBLIC_CERTIFICATE_STATUSES)),
        }),
        response: { 200: Type.Object({ items: Type.Array(refTo(CertificateSummarySchema)), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { limit, cursor, search, level, status } = request.query;
      return certificates.registry(request.params.territory, { limit: limit ?? 50, ...(cursor ? { cursor } : {}), ...(search ? { search } : {}), ...(level ? { level } : {}), ...(status ? { status } : {}) });
    },
  );

  app.get(
    `${base}/registry.csv`,
    { schema: { tags, summary: 'Open data: the registry as CSV (RFC 4180, UTF-8, comma)', params: TerritoryParams, response: { 200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses(404) } } },
    async (request, reply) => {
      const { csv } = await certificates.exportRegistry(request.params.territory);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="certificats-${request.params.territory}.csv"`)
        .send(csv);
    },
  );

  app.get(
    `${base}/registry.json`,
    {
      schema: {
        tags,
        summary: 'Open data: the registry as JSON rows (the same columns as the CSV)',
        params: TerritoryParams,
        response: { 200: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]))), ...errorResponses(404) },
      },
    },
    async (request) => (await certificates.exportRegistry(request.params.territory)).rows,
  );

  app.get(
    `${base}/organisations/:organisationId`,
    {
      schema: {
        tags,
        summary: 'The certificates of one organisation, newest first (superseded ones included)',
        params: Type.Object({ territory: TerritoryParams.properties.territory, organisationId: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Array(refTo(CertificateSummarySchema)), ...errorResponses(404) },
      },
    },
    async (request) => certificates.ofOrganisation(request.params.territory, request.params.organisationId),
  );

  app.get(
    `${base}/:id`,
    { schema: { tags, summary: 'A certificate’s public page: level, score by area, validity, status with its public reason, history, links', params: IdParams, response: { 200: view, ...errorResponses(404) } } },
    async (request) => certificates.get(request.params.territory, request.params.id),
  );

  app.get(
    `${base}/:id/credential`,
    { schema: { tags, summary: 'The signed credential (W3C VC 2.0 secured as vc+jwt, EdDSA)', params: IdParams, response: { 200: jwtResponse('the credential'), ...errorResponses(404) } } },
    async (request, reply) => reply.header('content-type', VC_JWT).send(await certificates.credential(request.params.territory, request.params.id)),
  );

  app.get(
    `${base}/:id/pdf`,
    { schema: { tags, summary: 'The certificate as a PDF with a QR code of its verification address', params: IdParams, response: { 200: { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses(404) } } },
    async (request, reply) => {
      const pdf = await certificates.pdf(request.params.territory, request.params.id);
      // Fastify sends a Buffer as it is; the OpenAPI schema describes it as a binary string.
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="certificat-${request.params.id}.pdf"`).send(pdf as unknown as string);
    },
  );

  app.get(
    `${base}/:id/verification`,
    { schema: { tags, summary: 'Verify the stored credential now: signature, issuer, dates, status', params: IdParams, response: { 200: verification, ...errorResponses(404) } } },
    async (request) => certificates.verifyStored(request.params.territory, request.params.id),
  );

  for (const [action, summary] of [
    ['suspend', 'Suspend a certificate (auditor), with a public reason'],
    ['reinstate', 'Lift a suspension (auditor), with a public reason'],
    ['revoke', 'Revoke a certificate for good (auditor), with a public reason'],
  ] as const) {
    app.post(
      `${base}/:id/${action}`,
      { schema: { tags, summary, params: IdParams, body: ReasonBody, response: { 200: view, ...errorResponses(401, 403, 404, 409) } } },
      async (request) => certificates[action](request.actor, request.params.territory, request.params.id, request.body.reason),
    );
  }

  // ── verification by anyone ─────────────────────────────────────────────────────────────────────

  app.post(
    '/api/v1/certificates/verify',
    {
      // Anyone may verify from anywhere (a script, another site): it changes nothing, so no CSRF token.
      config: { changesNothing: true },
      schema: {
        tags,
        summary: 'Verify a CUT credential: send the vc+jwt as { "credential": "…" } (JSON) or as the raw body (text/plain)',
        body: Type.Union([Type.Object({ credential: Type.String({ minLength: 1, maxLength: MAX_JWT }) }), Type.String({ minLength: 1, maxLength: MAX_JWT })]),
        response: { 200: verification, ...errorResponses() },
      },
    },
    async (request) => certificates.verify(typeof request.body === 'string' ? request.body : request.body.credential),
  );

  app.get(
    '/api/v1/certificates/verify',
    {
      schema: {
        tags,
        summary: 'Verify a CUT credential given in the query string (for clients that cannot send the CSRF token of a POST)',
        querystring: Type.Object({ credential: Type.String({ maxLength: MAX_JWT }) }),
        response: { 200: verification, ...errorResponses() },
      },
    },
    async (request) => {
      if (!request.query.credential.trim()) throw invalidInput([{ field: 'credential', code: 'required', message: 'Give the credential (vc+jwt) to verify.' }]);
      return certificates.verify(request.query.credential);
    },
  );

  // ── the referential ────────────────────────────────────────────────────────────────────────────

  const referential = refTo(ReferentialSchema);
  app.get(
    `${base}/referential`,
    { schema: { tags, summary: 'The current referential: areas, criteria with points and evidence, automatic sources, levels', params: TerritoryParams, response: { 200: referential, ...errorResponses(404) } } },
    async (request) => referentials.current(request.params.territory),
  );

  app.get(
    `${base}/referential/versions`,
    {
      schema: {
        tags,
        summary: 'The published versions of the referential, newest first',
        params: TerritoryParams,
        response: { 200: Type.Array(Type.Object({ version: Type.Integer(), title: Type.String(), publishedAt: Type.String({ format: 'date-time' }), publishedBy: Type.Union([Type.String(), Type.Null()]) })), ...errorResponses(404) },
      },
    },
    async (request) => referentials.versions(request.params.territory),
  );

  app.get(
    `${base}/referential/versions/:version`,
    { schema: { tags, summary: 'One version of the referential', params: Type.Object({ territory: TerritoryParams.properties.territory, version: Type.Integer({ minimum: 1 }) }), response: { 200: referential, ...errorResponses(404) } } },
    async (request) => referentials.version(request.params.territory, request.params.version),
  );

  app.post(
    `${base}/referential/versions`,
    {
      schema: {
        tags,
        summary: 'Publish the next version of the referential (facilitator); the body is the whole document, every fault is reported by its path',
        params: TerritoryParams,
        body: Type.Unknown({ description: 'title, description, partlyMetShare, levels, areas (criteria), sources — as GET …/referential returns, without version' }),
        response: { 201: referential, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await referentials.publish(request.actor, request.params.territory, request.body)),
  );

  app.get(
    `${base}/evidence-sources`,
    {
      schema: {
        tags,
        summary: 'The platform measures criteria may name as automatic source (registered by the modules)',
        params: TerritoryParams,
        response: { 200: Type.Array(Type.Object({ code: Type.String(), label: Type.Object({ fr: Type.String(), en: Type.String() }), unit: Type.String() })) },
      },
    },
    async () => services.evidenceSources.list().map((s) => ({ code: s.code, label: s.label, unit: s.unit })),
  );

  // ── the CUT policy and the tax simulator ───────────────────────────────────────────────────────

  app.get(
    `${base}/settings`,
    { schema: { tags, summary: 'The territory’s CUT policy (reduction of the CET per level) and the CET rates of the simulator', params: TerritoryParams, response: { 200: SettingsSchema, ...errorResponses(404) } } },
    async (request) => taxes.settings(request.params.territory),
  );

  app.put(
    `${base}/settings`,
    {
      schema: {
        tags,
        summary: 'Set the CUT policy or the CET rates (facilitator); taxRates null goes back to the shipped rates',
        params: TerritoryParams,
        body: Type.Object({ cutReductionsBp: Type.Optional(Type.Record(Type.String(), Type.Integer())), taxRates: Type.Optional(Type.Union([CetRatesSchema, Type.Null()])) }),
        response: { 200: SettingsSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => taxes.updateSettings(request.actor, request.params.territory, request.body),
  );

  app.get(
    `${base}/tax-simulation`,
    {
      schema: {
        tags,
        summary: 'Simulate the CET (CFE + CVAE, capped by value added) and what the territory’s CUT policy makes of it, per level (Pacte 21 scenario, not law)',
        params: TerritoryParams,
        querystring: Type.Object({
          cfeBase: Type.Integer({ minimum: 0, description: 'CFE base, cents' }),
          cfeRateBp: Type.Integer({ minimum: 0, maximum: 10_000, description: 'the commune’s CFE rate in hundredths of a percent: 25.93 % = 2593' }),
          turnover: Type.Integer({ minimum: 0, description: 'turnover excluding VAT, cents' }),
          valueAdded: Type.Integer({ minimum: 0, description: 'value added, cents' }),
          organisationId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: TaxSimulationSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { organisationId, ...inputs } = request.query;
      return toNumbers(await taxes.simulate(request.params.territory, inputs, organisationId));
    },
  );

  registerAssessmentRoutes(app, services.assessments);
}
