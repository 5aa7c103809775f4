import { Type } from '@fastify/type-provider-typebox';
import { Nullable, oneOf, refTo } from '../../platform/http/schemas.js';
import { CRITERION_STATUSES } from './scoring-model.js';
import { ASSESSMENT_KINDS, ASSESSMENT_STATUSES, PUBLIC_CERTIFICATE_STATUSES } from './workflow-model.js';
import { VERIFICATION_REASONS } from './verification.js';

/** The shapes of the certificates API, shared by its two route files and the OpenAPI document. */

export const Text = Type.Object({ fr: Type.String(), en: Type.String() });
const Status = oneOf(CRITERION_STATUSES);

export const ScoreSchema = Type.Object(
  {
    potential: Type.Number(),
    earned: Type.Number(),
    percent: Type.Number({ description: 'earned / potential, in percent, one decimal' }),
    level: Nullable(Type.String({ description: 'the highest level reached, null below the first' })),
    unanswered: Type.Array(Type.String()),
    areas: Type.Array(
      Type.Object({
        code: Type.String(),
        potential: Type.Number(),
        earned: Type.Number(),
        percent: Nullable(Type.Number({ description: 'null when no criterion of the area applies' })),
        criteria: Type.Array(Type.Object({ code: Type.String(), status: Nullable(Status), points: Type.Number(), potential: Type.Number(), earned: Type.Number() })),
      }),
    ),
  },
  { $id: 'CertificateScore' },
);
export const scoreRef = refTo(ScoreSchema);

const AutomaticRule = Type.Object({ source: Type.String(), unit: Type.String(), metAt: Type.Number(), partlyMetAt: Nullable(Type.Number()) });
export const ReferentialSchema = Type.Object(
  {
    version: Type.Integer(),
    publishedAt: Type.String({ format: 'date-time' }),
    publishedBy: Nullable(Type.String()),
    title: Text,
    description: Text,
    partlyMetShare: Type.Number(),
    levels: Type.Array(Type.Object({ code: Type.String(), label: Text, minOverallPercent: Type.Number(), minAreaPercent: Type.Number() })),
    areas: Type.Array(
      Type.Object({
        code: Type.String(),
        title: Text,
        description: Text,
        criteria: Type.Array(
          Type.Object({
            code: Type.String(),
            title: Text,
            description: Text,
            points: Type.Number(),
            partlyMetShare: Type.Optional(Type.Number()),
            evidence: Type.Object({ required: Type.Boolean(), description: Text }),
            automatic: Nullable(AutomaticRule),
          }),
        ),
      }),
    ),
    sources: Type.Array(Type.Object({ name: Type.String(), url: Type.String(), usedFor: Type.String() })),
  },
  { $id: 'CertificateReferential' },
);

export const AssessmentFields = {
  id: Type.String(),
  organisationId: Type.String(),
  kind: oneOf(ASSESSMENT_KINDS),
  referentialVersion: Type.Integer(),
  status: oneOf(ASSESSMENT_STATUSES),
  previousCertificateId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Nullable(Type.String()),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  auditorId: Nullable(Type.String()),
  reviewStartedAt: Nullable(Type.String({ format: 'date-time' })),
  returnNote: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decidedBy: Nullable(Type.String()),
  decision: Nullable(oneOf(['issue', 'refuse'] as const)),
  decisionLevel: Nullable(Type.String()),
  decisionReasons: Nullable(Type.String()),
  certificateId: Nullable(Type.String()),
  updatedAt: Type.String({ format: 'date-time' }),
};

export const AssessmentDetailSchema = Type.Object(
  {
    ...AssessmentFields,
    organisation: Type.Object({ id: Type.String(), name: Type.String() }),
    answers: Type.Array(
      Type.Object({
        criterionCode: Type.String(),
        areaCode: Type.String(),
        points: Type.Number(),
        evidenceRequired: Type.Boolean(),
        selfStatus: Nullable(Status),
        evidenceUrl: Nullable(Type.String()),
        evidenceNote: Nullable(Type.String()),
        automaticSource: Nullable(Type.String()),
        automaticUnit: Nullable(Type.String()),
        automaticSourceAvailable: Type.Boolean(),
        automaticValue: Nullable(Type.Number()),
        automaticStatus: Nullable(Status),
        automaticMeasuredAt: Nullable(Type.String({ format: 'date-time' })),
        auditorStatus: Nullable(Status),
        auditorOpinion: Nullable(Type.String()),
        reviewedAt: Nullable(Type.String({ format: 'date-time' })),
        reviewedBy: Nullable(Type.String()),
      }),
    ),
    selfScore: scoreRef,
    auditScore: scoreRef,
    snapshots: Type.Array(
      Type.Object({
        id: Type.String(),
        assessmentId: Type.String(),
        stage: oneOf(['submitted', 'audited'] as const),
        takenAt: Type.String({ format: 'date-time' }),
        takenBy: Nullable(Type.String()),
        referentialVersion: Type.Integer(),
        overallPercent: Type.Number(),
        level: Nullable(Type.String()),
        score: scoreRef,
      }),
    ),
  },
  { $id: 'CertificateAssessment' },
);

const CertificateSummaryFields = {
  id: Type.String(),
  organisation: Type.Object({ id: Type.String(), name: Type.String(), siren: Nullable(Type.String()) }),
  level: Type.Object({ code: Type.String(), label: Text }),
  scorePercent: Type.Number(),
  referentialVersion: Type.Integer(),
  validFrom: Type.String({ format: 'date-time' }),
  validUntil: Type.String({ format: 'date-time' }),
  nextUpdateDue: Type.String({ format: 'date-time' }),
  status: oneOf(PUBLIC_CERTIFICATE_STATUSES),
  statusReason: Nullable(Type.String({ description: 'the public reason of a suspension, revocation or replacement' })),
  statusChangedAt: Type.String({ format: 'date-time' }),
  pageUrl: Type.String(),
};
export const CertificateSummarySchema = Type.Object(CertificateSummaryFields, { $id: 'CertificateSummary' });

export const CertificateViewSchema = Type.Object(
  {
    ...CertificateSummaryFields,
    territory: Type.Object({ slug: Type.String(), name: Type.String(), did: Type.String() }),
    issuedAt: Type.String({ format: 'date-time' }),
    supersededBy: Nullable(Type.String()),
    areaScores: Type.Array(Type.Object({ area: Type.String(), title: Text, percent: Nullable(Type.Number()) })),
    history: Type.Array(Type.Object({ id: Type.String(), action: oneOf(['issued', 'suspended', 'reinstated', 'revoked', 'superseded'] as const), reason: Nullable(Type.String()), occurredAt: Type.String({ format: 'date-time' }) })),
    links: Type.Object({
      page: Type.String(),
      verification: Type.String({ description: 'what the QR code encodes' }),
      credential: Type.String(),
      pdf: Type.String(),
      didDocument: Type.String(),
      statusLists: Type.Object({ revocation: Type.String(), suspension: Type.String() }),
    }),
  },
  { $id: 'CertificateView' },
);

const Check = oneOf(['ok', 'failed', 'skipped'] as const);
export const VerificationSchema = Type.Object(
  {
    valid: Type.Boolean(),
    reason: Nullable(oneOf(VERIFICATION_REASONS)),
    reasons: Type.Array(oneOf(VERIFICATION_REASONS)),
    message: Text,
    checks: Type.Object({ format: Check, issuer: Check, signature: Check, dates: Check, status: Check }),
    credential: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'the credential as read from the JWT payload' })),
    issuer: Nullable(Type.String()),
    keyId: Nullable(Type.String()),
    certificate: Nullable(
      Type.Object({
        id: Type.String(),
        territory: Type.String(),
        status: oneOf(PUBLIC_CERTIFICATE_STATUSES),
        statusReason: Nullable(Type.String()),
        statusChangedAt: Type.String({ format: 'date-time' }),
        supersededBy: Nullable(Type.String()),
        pageUrl: Type.String(),
      }),
    ),
  },
  { $id: 'CertificateVerification' },
);

const Jwk = Type.Object({ kty: Type.String(), crv: Type.String(), x: Type.String() });
export const DidDocumentSchema = Type.Object(
  {
    '@context': Type.Array(Type.String()),
    id: Type.String(),
    verificationMethod: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), controller: Type.String(), publicKeyJwk: Jwk })),
    assertionMethod: Type.Array(Type.String()),
  },
  { $id: 'DidDocument' },
);

export const KeySchema = Type.Object({
  kid: Type.String(),
  verificationMethod: Type.String(),
  publicJwk: Jwk,
  createdAt: Type.String({ format: 'date-time' }),
  retiredAt: Nullable(Type.String({ format: 'date-time' })),
  active: Type.Boolean(),
});

export const CetRatesSchema = Type.Object({
  year: Type.Integer(),
  cvae: Type.Object({
    band1Pcm: Type.Integer({ description: 'pcm = 0.001 %; 500 k€–3 M€ band' }),
    band2Pcm: Type.Integer({ description: '3 M€–10 M€ band' }),
    band3Pcm: Type.Integer({ description: '10 M€–50 M€ band' }),
    maxPcm: Type.Integer({ description: 'above 50 M€' }),
    smallBusinessReduction: Type.Integer({ description: 'euros, turnover under 2 M€' }),
    franchise: Type.Integer({ description: 'euros: not due at or under' }),
  }),
  plafonnementPcm: Type.Integer({ description: 'cap of the CET in pcm of the value added: 1531 = 1.531 %' }),
  source: Type.String(),
});

export const SettingsSchema = Type.Object({
  cutReductionsBp: Type.Record(Type.String(), Type.Integer(), { description: 'reduction of the CET per level, basis points (10000 = all of it)' }),
  taxRates: CetRatesSchema,
  defaultTaxRates: Type.Boolean(),
});

const Cents = Type.Integer({ description: 'cents' });
export const TaxSimulationSchema = Type.Object({
  scenario: Text,
  rates: CetRatesSchema,
  inputs: Type.Object({ cfeBase: Cents, cfeRateBp: Type.Integer(), turnover: Cents, valueAdded: Cents }),
  cet: Type.Object({
    taxableValueAdded: Cents,
    cvaeRatePcm: Type.Number({ description: 'effective CVAE rate in pcm (0.001 %)' }),
    cvaeBeforeReductions: Cents,
    cvaeReduction: Cents,
    cvaeFranchised: Type.Boolean(),
    cvae: Cents,
    cfe: Cents,
    cetBeforeCap: Cents,
    cap: Cents,
    capRelief: Cents,
    cet: Cents,
  }),
  cut: Type.Array(Type.Object({ level: Nullable(Type.String()), label: Nullable(Text), reductionBp: Type.Integer(), reduction: Cents, due: Cents })),
  organisationLevel: Nullable(Type.String()),
});

export const IdParams = Type.Object({ territory: Type.String({ pattern: '^[a-z0-9-]{2,64}$' }), id: Type.String({ format: 'uuid' }) });
export const ReasonBody = Type.Object({ reason: Type.String({ maxLength: 2000, description: 'public: shown with the certificate' }) });
