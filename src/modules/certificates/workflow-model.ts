import { conflict, type FieldError } from '../../platform/errors.js';
import type { Grants } from '../territories/model.js';
import { isCriterionStatus, type CriterionStatus } from './scoring-model.js';
import type { ReferentialDocument } from './referential-model.js';

/**
 * The life of an assessment and of the certificate it may lead to. After B Lab's B Corp process: a
 * self-assessment with evidence, a review by an independent auditor, a certificate for three years
 * with a yearly update, then a renewal.
 *
 *   draft ──submit──► submitted ──start review──► in_review ──decide──► issued | refused
 *     ▲                   │                           │
 *     └──────return───────┴───────────return──────────┘       draft | submitted ──withdraw──► withdrawn
 *
 *   certificate: active ⇄ suspended (reinstate) ; active | suspended ──► revoked (final)
 *                active | suspended ──► superseded (by its yearly update or its renewal)
 */

export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'in_review', 'issued', 'refused', 'withdrawn'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const ASSESSMENT_KINDS = ['initial', 'yearly_update', 'renewal'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const CERTIFICATE_STATUSES = ['active', 'suspended', 'revoked', 'superseded'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** What the public sees: the stored status, or `expired` once its validity has passed. */
export const PUBLIC_CERTIFICATE_STATUSES = [...CERTIFICATE_STATUSES, 'expired'] as const;
export type PublicCertificateStatus = (typeof PUBLIC_CERTIFICATE_STATUSES)[number];

export type AssessmentAction = 'edit' | 'submit' | 'start_review' | 'review' | 'return' | 'decide' | 'withdraw';
export type CertificateAction = 'suspend' | 'reinstate' | 'revoke' | 'supersede';

const ASSESSMENT_MOVES: Record<AssessmentAction, readonly AssessmentStatus[]> = {
  edit: ['draft'],
  submit: ['draft'],
  start_review: ['submitted'],
  review: ['submitted', 'in_review'],
  return: ['submitted', 'in_review'],
  decide: ['in_review'],
  withdraw: ['draft', 'submitted'],
};

const CERTIFICATE_MOVES: Record<CertificateAction, readonly CertificateStatus[]> = {
  suspend: ['active'],
  reinstate: ['suspended'],
  revoke: ['active', 'suspended'],
  supersede: ['active', 'suspended'],
};

const ASSESSMENT_WORDS: Record<AssessmentStatus, string> = {
  draft: 'a draft',
  submitted: 'submitted',
  in_review: 'in review',
  issued: 'decided: a certificate was issued',
  refused: 'decided: refused',
  withdrawn: 'withdrawn',
};

const ASSESSMENT_VERBS: Record<AssessmentAction, string> = {
  edit: 'edited',
  submit: 'submitted',
  start_review: 'taken into review',
  review: 'reviewed',
  return: 'returned to the applicant',
  decide: 'decided',
  withdraw: 'withdrawn',
};

const CERTIFICATE_VERBS: Record<CertificateAction, string> = { suspend: 'suspended', reinstate: 'reinstated', revoke: 'revoked', supersede: 'superseded' };

export const OPEN_ASSESSMENT_STATUSES: readonly AssessmentStatus[] = ['draft', 'submitted', 'in_review'];

export function canMoveAssessment(status: AssessmentStatus, action: AssessmentAction): boolean {
  return ASSESSMENT_MOVES[action].includes(status);
}

/** The 409 of a move the assessment's state does not allow, naming the state it is in. */
export function requireAssessmentMove(status: AssessmentStatus, action: AssessmentAction): void {
  if (!canMoveAssessment(status, action)) {
    throw conflict('invalid_transition', `The assessment is ${ASSESSMENT_WORDS[status]}: it cannot be ${ASSESSMENT_VERBS[action]} now (current status: ${status}).`, 'status');
  }
}

export function canMoveCertificate(status: CertificateStatus, action: CertificateAction): boolean {
  return CERTIFICATE_MOVES[action].includes(status);
}

export function requireCertificateMove(status: CertificateStatus, action: CertificateAction): void {
  if (!canMoveCertificate(status, action)) {
    throw conflict('invalid_transition', `The certificate is ${status}: it cannot be ${CERTIFICATE_VERBS[action]} (current status: ${status}).`, 'status');
  }
}

export function publicStatusOf(c: { status: CertificateStatus; validUntil: string }, now: string): PublicCertificateStatus {
  if ((c.status === 'active' || c.status === 'suspended') && c.validUntil <= now) return 'expired';
  return c.status;
}

const STATUS_AFTER: Record<'issued' | 'suspended' | 'reinstated' | 'revoked' | 'superseded', CertificateStatus> = {
  issued: 'active',
  suspended: 'suspended',
  reinstated: 'active',
  revoked: 'revoked',
  superseded: 'superseded',
};

/**
 * Whether a certificate was in force at an instant: within its validity, and active then by its status
 * history (in order). A superseded certificate no longer counts: its successor, issued at the same
 * moment, holds instead.
 */
export function wasInForceAt(
  c: { validFrom: string; validUntil: string },
  history: readonly { action: keyof typeof STATUS_AFTER; occurredAt: string }[],
  instant: string,
): boolean {
  if (c.validFrom > instant || c.validUntil <= instant) return false;
  let status: CertificateStatus | null = null;
  for (const event of history) if (event.occurredAt <= instant) status = STATUS_AFTER[event.action];
  return status === 'active';
}

// ── validity ─────────────────────────────────────────────────────────────────────────────────────

/** B Corp and the CUT alike: a certificate holds three years, with an update every year. */
export const VALIDITY_YEARS = 3;
/** A renewal (rather than a yearly update) may be filed in the last six months of validity. */
export const RENEWAL_WINDOW_MONTHS = 6;

export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.toISOString();
}

export const addYears = (iso: string, years: number): string => addMonths(iso, years * 12);

export interface CurrentCertificate {
  status: CertificateStatus;
  validUntil: string;
  nextUpdateDue: string;
}

/** Which assessment an organisation files next: a first one, its yearly update, or its renewal. */
export function nextAssessmentKind(current: CurrentCertificate | null, now: string): AssessmentKind {
  if (!current || (current.status !== 'active' && current.status !== 'suspended') || current.validUntil <= now) return 'initial';
  return now >= addMonths(current.validUntil, -RENEWAL_WINDOW_MONTHS) ? 'renewal' : 'yearly_update';
}

/** Validity of the certificate an assessment issues: a yearly update keeps the cycle of the one it updates. */
export function validityOf(kind: AssessmentKind, issuedAt: string, previous: CurrentCertificate | null): { validFrom: string; validUntil: string; nextUpdateDue: string } {
  if (kind === 'yearly_update' && previous) {
    const next = addYears(previous.nextUpdateDue, 1);
    return { validFrom: issuedAt, validUntil: previous.validUntil, nextUpdateDue: next < previous.validUntil ? next : previous.validUntil };
  }
  return { validFrom: issuedAt, validUntil: addYears(issuedAt, VALIDITY_YEARS), nextUpdateDue: addYears(issuedAt, 1) };
}

// ── answers ──────────────────────────────────────────────────────────────────────────────────────

export interface AnswerInput {
  status?: CriterionStatus | null;
  evidenceUrl?: string | null;
  evidenceNote?: string | null;
}

export interface Answer {
  criterionCode: string;
  selfStatus: CriterionStatus | null;
  evidenceUrl: string | null;
  evidenceNote: string | null;
  automaticValue: number | null;
  automaticStatus: CriterionStatus | null;
  automaticMeasuredAt: string | null;
  auditorStatus: CriterionStatus | null;
  auditorOpinion: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function validateAnswer(code: string, input: AnswerInput): FieldError[] {
  const errors: FieldError[] = [];
  const field = `answers.${code}`;
  if (input.status !== undefined && input.status !== null && !isCriterionStatus(input.status)) {
    errors.push({ field: `${field}.status`, code: 'invalid_status', message: 'A status is met, partly_met, not_met or not_applicable.' });
  }
  if (input.evidenceUrl && (!isHttpUrl(input.evidenceUrl) || input.evidenceUrl.length > 2000)) {
    errors.push({ field: `${field}.evidenceUrl`, code: 'invalid_url', message: 'The evidence link is an http(s) address.' });
  }
  if (input.evidenceNote && input.evidenceNote.length > 4000) {
    errors.push({ field: `${field}.evidenceNote`, code: 'too_long', message: 'The evidence note is at most 4,000 characters.' });
  }
  return errors;
}

/** What a submission needs: every criterion answered, with evidence where the referential asks for it. */
export function validateSubmission(referential: Pick<ReferentialDocument, 'areas'>, answers: ReadonlyMap<string, Answer>): FieldError[] {
  const errors: FieldError[] = [];
  for (const c of referential.areas.flatMap((a) => a.criteria)) {
    const a = answers.get(c.code);
    if (!a?.selfStatus) {
      errors.push({ field: `answers.${c.code}.status`, code: 'unanswered', message: `Criterion ${c.code} is not answered.` });
      continue;
    }
    const claims = a.selfStatus === 'met' || a.selfStatus === 'partly_met';
    if (c.evidence.required && claims && !a.evidenceUrl && !a.evidenceNote) {
      errors.push({ field: `answers.${c.code}.evidence`, code: 'evidence_required', message: `Criterion ${c.code} asks for evidence: a link or a note.` });
    }
  }
  return errors;
}

/** What a decision needs: the auditor's opinion on every criterion. */
export function validateReviewComplete(referential: Pick<ReferentialDocument, 'areas'>, answers: ReadonlyMap<string, Answer>): FieldError[] {
  return referential.areas
    .flatMap((a) => a.criteria)
    .filter((c) => !answers.get(c.code)?.auditorStatus)
    .map((c) => ({ field: `reviews.${c.code}`, code: 'not_reviewed', message: `Criterion ${c.code} has no auditor's opinion yet.` }));
}

export function validateReview(code: string, input: { status?: unknown; opinion?: unknown }): FieldError[] {
  const errors: FieldError[] = [];
  if (!isCriterionStatus(input.status)) errors.push({ field: `reviews.${code}.status`, code: 'invalid_status', message: 'The auditor gives a status: met, partly_met, not_met or not_applicable.' });
  if (typeof input.opinion !== 'string' || !input.opinion.trim()) {
    errors.push({ field: `reviews.${code}.opinion`, code: 'required', message: 'The auditor writes an opinion on each criterion.' });
  } else if (input.opinion.length > 4000) errors.push({ field: `reviews.${code}.opinion`, code: 'too_long', message: 'An opinion is at most 4,000 characters.' });
  return errors;
}

export function validateReason(reason: unknown, field = 'reason'): FieldError[] {
  if (typeof reason !== 'string' || !reason.trim()) return [{ field, code: 'required', message: 'A public reason is required: it is shown with the certificate.' }];
  if (reason.length > 2000) return [{ field, code: 'too_long', message: 'A reason is at most 2,000 characters.' }];
  return [];
}

// ── who may do what ──────────────────────────────────────────────────────────────────────────────

export function canPublishReferential(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator');
}

export function canManageCertificateSettings(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator');
}

/** The organisation's representative applies, answers and submits for it. */
export function canApplyFor(grants: Grants, organisationId: string): boolean {
  return grants.organisationRoles.get(organisationId) === 'representative';
}

/** Its members, the auditors and the facilitators read an assessment with its evidence. */
export function canReadAssessment(grants: Grants, organisationId: string): boolean {
  return grants.organisationRoles.has(organisationId) || grants.territoryRoles.has('auditor') || grants.territoryRoles.has('facilitator');
}

/** An auditor of the territory who is not a member of the organisation: no one audits their own. */
export function canAudit(grants: Grants, organisationId: string): boolean {
  return grants.territoryRoles.has('auditor') && !grants.organisationRoles.has(organisationId);
}

export function canListAssessments(grants: Grants): boolean {
  return grants.territoryRoles.has('auditor') || grants.territoryRoles.has('facilitator');
}

export function canRotateKeys(grants: Grants): boolean {
  return grants.territoryRoles.has('facilitator');
}
