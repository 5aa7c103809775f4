import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import type { AssessmentsService } from './assessments.js';
import { CRITERION_STATUSES } from './scoring-model.js';
import { ASSESSMENT_KINDS, ASSESSMENT_STATUSES } from './workflow-model.js';
import { AssessmentDetailSchema, AssessmentFields, CertificateSummarySchema, IdParams } from './route-schemas.js';

const Code = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,31}$' });

/** The workspace's side: applying, answering with evidence, submitting; reviewing and deciding. */
export function registerAssessmentRoutes(app: HttpServer, assessments: AssessmentsService): void {
  app.addSchema(AssessmentDetailSchema);
  const tags = ['certificates'];
  const base = '/api/v1/t/:territory/certificate-assessments';
  const detail = refTo(AssessmentDetailSchema);
  const withDetail = { 200: detail, ...errorResponses(401, 403, 404, 409) };

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Apply for a certificate (the organisation’s representative): opens its first assessment, its yearly update or its renewal',
        params: TerritoryParams,
        body: Type.Object({ organisationId: Type.String({ maxLength: 64 }) }),
        response: { 201: detail, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await assessments.apply(request.actor, request.params.territory, request.body.organisationId)),
  );

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Assessments: all of them for auditors and facilitators, an organisation’s own for its members (organisationId)',
        params: TerritoryParams,
        querystring: Type.Object({ organisationId: Type.Optional(Type.String({ maxLength: 64 })), status: Type.Optional(oneOf(ASSESSMENT_STATUSES)) }),
        response: { 200: Type.Array(Type.Object({ ...AssessmentFields, organisationName: Type.String() })), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => assessments.list(request.actor, request.params.territory, request.query),
  );

  app.get(
    `${base}/organisations/:organisationId/status`,
    {
      schema: {
        tags,
        summary: 'An organisation’s certificates and the kind of its next assessment (its members, auditors, facilitators)',
        params: Type.Object({ territory: TerritoryParams.properties.territory, organisationId: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Object({ nextKind: oneOf(ASSESSMENT_KINDS), certificates: Type.Array(refTo(CertificateSummarySchema)) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => assessments.organisationStatus(request.actor, request.params.territory, request.params.organisationId),
  );

  app.get(
    `${base}/:id`,
    { schema: { tags, summary: 'An assessment with its answers, evidence, measured values, opinions, live scores and frozen snapshots', params: IdParams, response: { 200: detail, ...errorResponses(401, 403, 404) } } },
    async (request) => assessments.get(request.actor, request.params.territory, request.params.id),
  );

  app.patch(
    `${base}/:id/answers`,
    {
      schema: {
        tags,
        summary: 'The applicant’s self-assessment: a status and evidence (a link or a note) per criterion, while a draft',
        params: IdParams,
        body: Type.Object({
          answers: Type.Record(
            Code,
            Type.Object({
              status: Type.Optional(Nullable(oneOf(CRITERION_STATUSES))),
              evidenceUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
              evidenceNote: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
            }),
          ),
        }),
        response: withDetail,
      },
    },
    async (request) => assessments.answer(request.actor, request.params.territory, request.params.id, request.body.answers),
  );

  app.post(
    `${base}/:id/submit`,
    { schema: { tags, summary: 'Submit the self-assessment to the auditors (every criterion answered, evidence where asked); freezes the self score', params: IdParams, response: withDetail } },
    async (request) => assessments.submit(request.actor, request.params.territory, request.params.id),
  );

  app.post(
    `${base}/:id/withdraw`,
    { schema: { tags, summary: 'Withdraw a draft or submitted assessment (the representative)', params: IdParams, response: withDetail } },
    async (request) => assessments.withdraw(request.actor, request.params.territory, request.params.id),
  );

  app.post(
    `${base}/:id/start-review`,
    { schema: { tags, summary: 'Take a submitted assessment into review (auditor)', params: IdParams, response: withDetail } },
    async (request) => assessments.startReview(request.actor, request.params.territory, request.params.id),
  );

  app.patch(
    `${base}/:id/reviews`,
    {
      schema: {
        tags,
        summary: 'The auditor’s status and written opinion per criterion',
        params: IdParams,
        body: Type.Object({ reviews: Type.Record(Code, Type.Object({ status: oneOf(CRITERION_STATUSES), opinion: Type.String({ maxLength: 4000 }) })) }),
        response: withDetail,
      },
    },
    async (request) => assessments.review(request.actor, request.params.territory, request.params.id, request.body.reviews),
  );

  app.post(
    `${base}/:id/return`,
    { schema: { tags, summary: 'Return the assessment to the applicant for more evidence (auditor), with a note', params: IdParams, body: Type.Object({ note: Type.String({ maxLength: 2000 }) }), response: withDetail } },
    async (request) => assessments.returnToApplicant(request.actor, request.params.territory, request.params.id, request.body.note),
  );

  app.post(
    `${base}/:id/decision`,
    {
      schema: {
        tags,
        summary: 'Decide (auditor): issue at a level (at most the one the audited score reaches) or refuse with reasons; freezes the audited score',
        params: IdParams,
        body: Type.Object({
          decision: oneOf(['issue', 'refuse'] as const),
          level: Type.Optional(Type.String({ maxLength: 32 })),
          reasons: Type.Optional(Type.String({ maxLength: 4000 })),
        }),
        response: withDetail,
      },
    },
    async (request) => assessments.decide(request.actor, request.params.territory, request.params.id, request.body),
  );
}
