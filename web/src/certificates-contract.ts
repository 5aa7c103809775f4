/*
 * Shapes of the certificates API (src/modules/certificates/route-schemas.ts), as the web app reads them.
 * Kept apart from api-contract.ts so that the modules do not edit the same file. Money is in cents.
 */

export interface LocalisedText {
  fr: string;
  en: string;
}

export const criterionStatuses = ['met', 'partly_met', 'not_met', 'not_applicable'] as const;
export type CriterionStatus = (typeof criterionStatuses)[number];

export const assessmentStatuses = ['draft', 'submitted', 'in_review', 'issued', 'refused', 'withdrawn'] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

export const assessmentKinds = ['initial', 'yearly_update', 'renewal'] as const;
export type AssessmentKind = (typeof assessmentKinds)[number];

/** What the public sees: the stored status, or `expired` once its validity is over. */
export const certificateStatuses = ['active', 'suspended', 'revoked', 'superseded', 'expired'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];

/** In the order the server tries them; the first failing one is `reason`. */
export const verificationReasons = [
  'malformed',
  'unknown_issuer',
  'wrong_issuer',
  'tampered',
  'revoked',
  'suspended',
  'expired',
  'not_yet_valid',
  'status_unavailable',
] as const;
export type VerificationReason = (typeof verificationReasons)[number];

export const verificationChecks = ['format', 'issuer', 'signature', 'dates', 'status'] as const;
export type VerificationCheck = (typeof verificationChecks)[number];
export type CheckOutcome = 'ok' | 'failed' | 'skipped';

export interface ScoreCriterion {
  code: string;
  status: CriterionStatus | null;
  points: number;
  potential: number;
  earned: number;
}

export interface ScoreArea {
  code: string;
  potential: number;
  earned: number;
  /** Null when no criterion of the area applies: the area then drops out of the score. */
  percent: number | null;
  criteria: ScoreCriterion[];
}

export interface Score {
  potential: number;
  earned: number;
  percent: number;
  level: string | null;
  unanswered: string[];
  areas: ScoreArea[];
}

export interface AutomaticRule {
  source: string;
  unit: string;
  metAt: number;
  partlyMetAt: number | null;
}

export interface CriterionDefinition {
  code: string;
  title: LocalisedText;
  description: LocalisedText;
  points: number;
  partlyMetShare?: number;
  evidence: { required: boolean; description: LocalisedText };
  automatic: AutomaticRule | null;
}

export interface AreaDefinition {
  code: string;
  title: LocalisedText;
  description: LocalisedText;
  criteria: CriterionDefinition[];
}

export interface LevelDefinition {
  code: string;
  label: LocalisedText;
  minOverallPercent: number;
  minAreaPercent: number;
}

export interface ReferentialSource {
  name: string;
  url: string;
  usedFor: string;
}

/** What a facilitator publishes: the whole document, without its version. */
export interface ReferentialDocument {
  title: LocalisedText;
  description: LocalisedText;
  partlyMetShare: number;
  levels: LevelDefinition[];
  areas: AreaDefinition[];
  sources: ReferentialSource[];
}

export interface Referential extends ReferentialDocument {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
}

export interface ReferentialVersionHead {
  version: number;
  title: string;
  publishedAt: string;
  publishedBy: string | null;
}

export interface EvidenceSource {
  code: string;
  label: LocalisedText;
  unit: string;
}

export interface AssessmentFields {
  id: string;
  organisationId: string;
  kind: AssessmentKind;
  referentialVersion: number;
  status: AssessmentStatus;
  previousCertificateId: string | null;
  createdAt: string;
  createdBy: string | null;
  submittedAt: string | null;
  auditorId: string | null;
  reviewStartedAt: string | null;
  returnNote: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decision: 'issue' | 'refuse' | null;
  decisionLevel: string | null;
  decisionReasons: string | null;
  certificateId: string | null;
  updatedAt: string;
}

export interface AssessmentListItem extends AssessmentFields {
  organisationName: string;
}

export interface AnswerView {
  criterionCode: string;
  areaCode: string;
  points: number;
  evidenceRequired: boolean;
  selfStatus: CriterionStatus | null;
  evidenceUrl: string | null;
  evidenceNote: string | null;
  automaticSource: string | null;
  automaticUnit: string | null;
  /** False when the referential names a measure no module provides yet: the criterion is assessed on evidence. */
  automaticSourceAvailable: boolean;
  automaticValue: number | null;
  automaticStatus: CriterionStatus | null;
  automaticMeasuredAt: string | null;
  auditorStatus: CriterionStatus | null;
  auditorOpinion: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
}

export interface ScoreSnapshot {
  id: string;
  assessmentId: string;
  stage: 'submitted' | 'audited';
  takenAt: string;
  takenBy: string | null;
  referentialVersion: number;
  overallPercent: number;
  level: string | null;
  score: Score;
}

export interface AssessmentDetail extends AssessmentFields {
  organisation: { id: string; name: string };
  answers: AnswerView[];
  selfScore: Score;
  auditScore: Score;
  snapshots: ScoreSnapshot[];
}

export interface AnswerInput {
  status?: CriterionStatus | null;
  evidenceUrl?: string | null;
  evidenceNote?: string | null;
}

export interface ReviewInput {
  status: CriterionStatus;
  opinion: string;
}

export interface DecisionInput {
  decision: 'issue' | 'refuse';
  level?: string;
  reasons?: string;
}

export interface CertificateSummary {
  id: string;
  organisation: { id: string; name: string; siren: string | null };
  level: { code: string; label: LocalisedText };
  scorePercent: number;
  referentialVersion: number;
  validFrom: string;
  validUntil: string;
  nextUpdateDue: string;
  status: CertificateStatus;
  /** The public reason of a suspension, revocation or replacement. */
  statusReason: string | null;
  statusChangedAt: string;
  pageUrl: string;
}

export type CertificateEvent = 'issued' | 'suspended' | 'reinstated' | 'revoked' | 'superseded';

export interface CertificateView extends CertificateSummary {
  territory: { slug: string; name: string; did: string };
  issuedAt: string;
  supersededBy: string | null;
  areaScores: { area: string; title: LocalisedText; percent: number | null }[];
  history: { id: string; action: CertificateEvent; reason: string | null; occurredAt: string }[];
  links: {
    page: string;
    /** What the QR code encodes: `<public URL>/verify/{slug}/{id}`. */
    verification: string;
    credential: string;
    pdf: string;
    didDocument: string;
    statusLists: { revocation: string; suspension: string };
  };
}

export interface RegistryPage {
  items: CertificateSummary[];
  nextCursor: string | null;
}

export interface RegistryFilter {
  search?: string;
  level?: string;
  status?: CertificateStatus;
}

export interface Verification {
  valid: boolean;
  reason: VerificationReason | null;
  reasons: VerificationReason[];
  message: LocalisedText;
  checks: Record<VerificationCheck, CheckOutcome>;
  /** The credential as read from the JWT, even when it failed. */
  credential: Record<string, unknown> | null;
  issuer: string | null;
  keyId: string | null;
  /** Set when the issuer is a territory of this server and the certificate is known to it. */
  certificate: {
    id: string;
    territory: string;
    status: CertificateStatus;
    statusReason: string | null;
    statusChangedAt: string;
    supersededBy: string | null;
    pageUrl: string;
  } | null;
}

export interface SigningKey {
  kid: string;
  verificationMethod: string;
  publicJwk: { kty: string; crv: string; x: string };
  createdAt: string;
  retiredAt: string | null;
  active: boolean;
}

export interface CetRates {
  year: number;
  cvae: {
    band1Pcm: number;
    band2Pcm: number;
    band3Pcm: number;
    maxPcm: number;
    smallBusinessReduction: number;
    franchise: number;
  };
  /** 1531 = 1.531 % of the value added. */
  plafonnementPcm: number;
  source: string;
}

export interface CertificateSettings {
  /** Reduction of the CET per level, in basis points (10,000 = all of it). */
  cutReductionsBp: Record<string, number>;
  taxRates: CetRates;
  defaultTaxRates: boolean;
}

export interface TaxInputs {
  /** Cents. */
  cfeBase: number;
  /** Hundredths of a percent: 25.93 % = 2593. */
  cfeRateBp: number;
  turnover: number;
  valueAdded: number;
}

export interface TaxSimulation {
  scenario: LocalisedText;
  rates: CetRates;
  inputs: TaxInputs;
  cet: {
    taxableValueAdded: number;
    /** Effective CVAE rate in pcm (0.001 %). */
    cvaeRatePcm: number;
    cvaeBeforeReductions: number;
    cvaeReduction: number;
    cvaeFranchised: boolean;
    cvae: number;
    cfe: number;
    cetBeforeCap: number;
    cap: number;
    capRelief: number;
    cet: number;
  };
  cut: { level: string | null; label: LocalisedText | null; reductionBp: number; reduction: number; due: number }[];
  organisationLevel: string | null;
}

export interface OrganisationCertificateStatus {
  nextKind: AssessmentKind;
  certificates: CertificateSummary[];
}
