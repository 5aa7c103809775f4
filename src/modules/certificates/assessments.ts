import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, unauthenticated, type FieldError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Grants, Territory } from '../territories/model.js';
import type { OrganisationView, TerritoriesService } from '../territories/service.js';
import { assessmentsRepository as repo, type Assessment, type ScoreSnapshot, type SnapshotStage } from './repository.js';
import { certificatesRepository } from './certificates-repository.js';
import type { CertificatesService, CertificateSummary } from './certificates.js';
import type { ReferentialsService } from './referentials.js';
import type { EvidenceSourceRegistry } from './evidence-sources.js';
import { criteriaOf, findCriterion, findLevel, type Referential } from './referential-model.js';
import { computeScore, levelRank, roundScore, suggestedStatus, type CriterionStatus, type Score } from './scoring-model.js';
import {
  canApplyFor,
  canAudit,
  canListAssessments,
  canReadAssessment,
  nextAssessmentKind,
  OPEN_ASSESSMENT_STATUSES,
  requireAssessmentMove,
  validateAnswer,
  validateReason,
  validateReview,
  validateReviewComplete,
  validateSubmission,
  type Answer,
  type AnswerInput,
  type AssessmentStatus,
} from './workflow-model.js';

export interface AnswerView extends Answer {
  areaCode: string;
  points: number;
  evidenceRequired: boolean;
  automaticSource: string | null;
  automaticUnit: string | null;
  /** False when the referential names a source no module has registered yet (metabolism, for now). */
  automaticSourceAvailable: boolean;
}

export interface AssessmentDetail extends Assessment {
  organisation: { id: string; name: string };
  answers: AnswerView[];
  /** The score of the applicant's own statuses, as it stands. */
  selfScore: Score;
  /** The score of the auditor's statuses so far (criteria not reviewed yet count as not met). */
  auditScore: Score;
  snapshots: ScoreSnapshot[];
}

export interface DecisionInput {
  decision: 'issue' | 'refuse';
  /** The level to issue at: at most the one the audited score reaches; that one when omitted. */
  level?: string;
  reasons?: string;
}

export interface AssessmentListItem extends Assessment {
  organisationName: string;
}

/**
 * The assessment workflow: the representative applies and answers with evidence, submits; an auditor
 * reviews every criterion with an opinion and decides; a decision to issue signs the certificate in
 * the same transaction. Each submission and each audit freezes a score snapshot.
 */
export class AssessmentsService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly referentials: ReferentialsService,
    private readonly certificates: CertificatesService,
    private readonly evidence: EvidenceSourceRegistry,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Opens the organisation's next assessment (first, yearly update or renewal) against the current referential. */
  async apply(actor: Actor, slug: string, organisationId: string): Promise<AssessmentDetail> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const organisation = await this.territories.getOrganisation(slug, organisationId);
    if (actor.kind !== 'system' && !canApplyFor(grants, organisationId)) throw forbidden(`Only the representative of ${organisation.name} applies for its certificate.`);
    if (organisation.closedAt) throw conflict('organisation_closed', `${organisation.name} is closed: it cannot apply.`);
    const referential = await this.referentials.currentOf(territory);
    const now = this.clock().toISOString();
    const measured = await this.measure(territory, organisationId, referential, now);
    const id = newId();
    await inTransaction(this.db, async (trx) => {
      const open = await repo.listAssessments(trx, territory.id, { organisationId, statuses: OPEN_ASSESSMENT_STATUSES });
      if (open.length > 0) throw conflict('assessment_open', `${organisation.name} already has an assessment in progress (status: ${open[0]!.status}).`, 'organisationId');
      const current = await certificatesRepository.currentOfOrganisation(trx, territory.id, organisationId);
      const kind = nextAssessmentKind(current ?? null, now);
      const assessment: Assessment = {
        id,
        organisationId,
        kind,
        referentialVersion: referential.version,
        status: 'draft',
        previousCertificateId: kind === 'initial' ? null : current!.id,
        createdAt: now,
        createdBy: actorId(actor),
        submittedAt: null,
        auditorId: null,
        reviewStartedAt: null,
        returnNote: null,
        decidedAt: null,
        decidedBy: null,
        decision: null,
        decisionLevel: null,
        decisionReasons: null,
        certificateId: null,
        updatedAt: now,
      };
      await repo.insertAssessment(trx, territory.id, assessment);
      const answers = criteriaOf(referential).map((c): Answer => {
        const value = c.automatic ? (measured.get(c.automatic.source) ?? null) : null;
        return {
          criterionCode: c.code,
          selfStatus: null,
          evidenceUrl: null,
          evidenceNote: null,
          automaticValue: value,
          automaticStatus: c.automatic ? suggestedStatus(c.automatic, value) : null,
          automaticMeasuredAt: c.automatic && value !== null ? now : null,
          auditorStatus: null,
          auditorOpinion: null,
          reviewedAt: null,
          reviewedBy: null,
        };
      });
      await repo.insertAnswers(trx, territory.id, id, answers, now);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'certificate_assessment.opened', targetType: 'certificate_assessment', targetId: id, change: { organisationId, kind, referentialVersion: referential.version } }, this.clock);
    });
    return this.detail(territory, id, organisation);
  }

  /** The applicant's statuses and evidence, criterion by criterion, while the assessment is a draft. */
  async answer(actor: Actor, slug: string, id: string, answers: Readonly<Record<string, AnswerInput>>): Promise<AssessmentDetail> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const assessment = await this.requireAssessment(territory, id);
    if (actor.kind !== 'system' && !canApplyFor(grants, assessment.organisationId)) throw forbidden("Only the organisation's representative answers its assessment.");
    const referential = await this.referentials.versionOf(this.db, territory.id, assessment.referentialVersion);
    const errors: FieldError[] = [];
    for (const [code, input] of Object.entries(answers)) {
      if (!findCriterion(referential, code)) errors.push({ field: `answers.${code}`, code: 'unknown_criterion', message: `${code} is not a criterion of referential version ${referential.version}.` });
      else errors.push(...validateAnswer(code, input));
    }
    if (errors.length > 0) throw invalidInput(errors);
    await inTransaction(this.db, async (trx) => {
      const current = await this.requireAssessmentIn(trx, territory, id);
      requireAssessmentMove(current.status, 'edit');
      const stored = await repo.listAnswers(trx, territory.id, id);
      const now = this.clock().toISOString();
      for (const [code, input] of Object.entries(answers)) {
        const before = stored.get(code)!;
        await repo.updateAnswer(trx, territory.id, id, {
          ...before,
          ...(input.status !== undefined ? { selfStatus: input.status } : {}),
          ...(input.evidenceUrl !== undefined ? { evidenceUrl: input.evidenceUrl?.trim() || null } : {}),
          ...(input.evidenceNote !== undefined ? { evidenceNote: input.evidenceNote?.trim() || null } : {}),
        }, now);
      }
      await repo.updateAssessment(trx, territory.id, { ...current, updatedAt: now });
      await appendAuditEvent(trx, actor, {
        territoryId: territory.id,
        action: 'certificate_assessment.answered',
        targetType: 'certificate_assessment',
        targetId: id,
        change: { answers: Object.fromEntries(Object.entries(answers).map(([code, a]) => [code, { status: a.status, evidenceUrl: a.evidenceUrl }])) },
      }, this.clock);
    });
    return this.detail(territory, id);
  }

  /** Sends the self-assessment to the auditors: every criterion answered, evidence where asked; measures refreshed; the self score frozen. */
  async submit(actor: Actor, slug: string, id: string): Promise<AssessmentDetail> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const assessment = await this.requireAssessment(territory, id);
    if (actor.kind !== 'system' && !canApplyFor(grants, assessment.organisationId)) throw forbidden("Only the organisation's representative submits its assessment.");
    requireAssessmentMove(assessment.status, 'submit');
    const referential = await this.referentials.versionOf(this.db, territory.id, assessment.referentialVersion);
    const now = this.clock().toISOString();
    const measured = await this.measure(territory, assessment.organisationId, referential, now);
    await inTransaction(this.db, async (trx) => {
      const current = await this.requireAssessmentIn(trx, territory, id);
      requireAssessmentMove(current.status, 'submit');
      const answers = await repo.listAnswers(trx, territory.id, id);
      const errors = validateSubmission(referential, answers);
      if (errors.length > 0) throw invalidInput(errors, `${errors.length} criterion answer(s) are missing or lack evidence; nothing was submitted.`);
      for (const c of criteriaOf(referential)) {
        if (!c.automatic) continue;
        const value = measured.get(c.automatic.source) ?? null;
        await repo.updateAnswer(trx, territory.id, id, { ...answers.get(c.code)!, automaticValue: value, automaticStatus: suggestedStatus(c.automatic, value), automaticMeasuredAt: value !== null ? now : null }, now);
      }
      const score = scoreOf(referential, answers, 'self');
      await this.freeze(trx, actor, territory, current, 'submitted', referential, score, now);
      await repo.updateAssessment(trx, territory.id, { ...current, status: 'submitted', submittedAt: now, returnNote: null, updatedAt: now });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'certificate_assessment.submitted', targetType: 'certificate_assessment', targetId: id, change: { selfPercent: score.percent, selfLevel: score.level } }, this.clock);
    });
    return this.detail(territory, id);
  }

  async withdraw(actor: Actor, slug: string, id: string): Promise<AssessmentDetail> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const assessment = await this.requireAssessment(territory, id);
    if (actor.kind !== 'system' && !canApplyFor(grants, assessment.organisationId)) throw forbidden("Only the organisation's representative withdraws its assessment.");
    await this.move(actor, territory, id, 'withdraw', (a, now) => ({ ...a, status: 'withdrawn', updatedAt: now }), {});
    return this.detail(territory, id);
  }

  /** An auditor takes the assessment: from now on they review it. */
  async startReview(actor: Actor, slug: string, id: string): Promise<AssessmentDetail> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const assessment = await this.requireAssessment(territory, id);
    this.requireAuditor(grants, assessment);
    await this.move(actor, territory, id, 'start_review', (a, now) => ({ ...a, status: 'in_review', auditorId: actorId(actor), reviewStartedAt: now, updatedAt: now }), {});
    return this.detail(territory, id);
  }

  /** The auditor's status and opinion on criteria; a submitted assessment goes into review with the first one. */
  async review(actor: Actor, slug: string, id: string, reviews: Readonly<Record<string, { status: CriterionStatus; opinion: string }>>): Promise<AssessmentDetail> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const assessment = await this.requireAssessment(territory, id);
    this.requireAuditor(grants, assessment);
    const referential = await this.referentials.versionOf(this.db, territory.id, assessment.referentialVersion);
    const errors: FieldError[] = [];
    if (Object.keys(reviews).length === 0) errors.push({ field: 'reviews', code: 'required', message: 'Give the opinion on at least one criterion.' });
    for (const [code, r] of Object.entries(reviews)) {
      if (!findCriterion(referential, code)) errors.push({ field: `reviews.${code}`, code: 'unknown_criterion', message: `${code} is not a criterion of referential version ${referential.version}.` });
      else errors.push(...validateReview(code, r));
    }
    if (errors.length > 0) throw invalidInput(errors);
    await inTransaction(this.db, async (trx) => {
      const current = await this.requireAssessmentIn(trx, territory, id);
      requireAssessmentMove(current.status, 'review');
      const answers = await repo.listAnswers(trx, territory.id, id);
      const now = this.clock().toISOString();
      for (const [code, r] of Object.entries(reviews)) {
        await repo.updateAnswer(trx, territory.id, id, { ...answers.get(code)!, auditorStatus: r.status, auditorOpinion: r.opinion.trim(), reviewedAt: now, reviewedBy: actorId(actor) }, now);
      }
      const started = current.status === 'submitted' ? { status: 'in_review' as const, auditorId: actorId(actor), reviewStartedAt: now } : {};
      await repo.updateAssessment(trx, territory.id, { ...current, ...started, updatedAt: now });
      await appendAuditEvent(trx, actor, {
        territoryId: territory.id,
        action: 'certificate_assessment.reviewed',
        targetType: 'certificate_assessment',
        targetId: id,
        change: { reviews: Object.fromEntries(Object.entries(reviews).map(([code, r]) => [code, r.status])) },
      }, this.clock);
    });
    return this.detail(territory, id);
  }

  /** Back to the applicant for more evidence, with the auditor's note; the opinions already given stay. */
  async returnToApplicant(actor: Actor, slug: string, id: string, note: string): Promise<AssessmentDetail> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const assessment = await this.requireAssessment(territory, id);
    this.requireAuditor(grants, assessment);
    const errors = validateReason(note, 'note');
    if (errors.length > 0) throw invalidInput(errors);
    await this.move(actor, territory, id, 'return', (a, now) => ({ ...a, status: 'draft', returnNote: note.trim(), updatedAt: now }), { note: note.trim() });
    return this.detail(territory, id);
  }

  /**
   * The auditor's decision, once every criterion has an opinion: the audited score is frozen; to issue,
   * the level is at most the one that score reaches, and the certificate is signed in the same
   * transaction; to refuse, reasons are given. Deciding again the same way answers the first outcome.
   */
  async decide(actor: Actor, slug: string, id: string, input: DecisionInput): Promise<AssessmentDetail> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const assessment = await this.requireAssessment(territory, id);
    this.requireAuditor(grants, assessment);
    if (assessment.status === 'issued' || assessment.status === 'refused') {
      const same = assessment.decision === input.decision && (input.level === undefined || input.level === assessment.decisionLevel);
      if (same) return this.detail(territory, id);
    }
    const referential = await this.referentials.versionOf(this.db, territory.id, assessment.referentialVersion);
    const organisation = await this.territories.getOrganisation(slug, assessment.organisationId);
    if (input.decision === 'refuse') {
      const errors = validateReason(input.reasons, 'reasons');
      if (errors.length > 0) throw invalidInput(errors);
    } else if (input.level !== undefined && !findLevel(referential, input.level)) {
      throw invalidInput([{ field: 'level', code: 'unknown_level', message: `"${input.level}" is not a level of referential version ${referential.version}.` }]);
    }
    await inTransaction(this.db, async (trx) => {
      const current = await this.requireAssessmentIn(trx, territory, id);
      requireAssessmentMove(current.status, 'decide');
      const answers = await repo.listAnswers(trx, territory.id, id);
      const missing = validateReviewComplete(referential, answers);
      if (missing.length > 0) throw invalidInput(missing, `${missing.length} criterion(s) have no auditor's opinion yet; nothing was decided.`);
      const score = scoreOf(referential, answers, 'audit');
      const now = this.clock().toISOString();
      await this.freeze(trx, actor, territory, current, 'audited', referential, score, now);
      const decided = { ...current, decidedAt: now, decidedBy: actorId(actor), decision: input.decision, updatedAt: now };
      if (input.decision === 'refuse') {
        await repo.updateAssessment(trx, territory.id, { ...decided, status: 'refused', decisionReasons: input.reasons!.trim() });
        await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'certificate_assessment.refused', targetType: 'certificate_assessment', targetId: id, change: { auditedPercent: score.percent, reasons: input.reasons!.trim() } }, this.clock);
        return;
      }
      const levelCode = input.level ?? score.level;
      if (levelCode === null || levelRank(referential.levels, levelCode) > levelRank(referential.levels, score.level)) {
        const reached = score.level ? findLevel(referential, score.level)!.label.fr : 'none';
        throw invalidInput([{ field: 'level', code: 'level_not_reached', message: `The audited score (${score.percent} %) does not reach that level; the highest level reached is ${reached}.` }]);
      }
      const previous = current.previousCertificateId ? await certificatesRepository.findCertificate(trx, territory.id, current.previousCertificateId) : undefined;
      const certificate = await this.certificates.issueIn(trx, actor, {
        territory,
        assessment: current,
        organisation: { id: organisation.id, name: organisation.name, siret: organisation.siret },
        referential,
        score,
        level: findLevel(referential, levelCode)!,
        previous: previous ?? null,
      });
      await repo.updateAssessment(trx, territory.id, { ...decided, status: 'issued', decisionLevel: levelCode, decisionReasons: input.reasons?.trim() || null, certificateId: certificate.id });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'certificate_assessment.issued', targetType: 'certificate_assessment', targetId: id, change: { auditedPercent: score.percent, level: levelCode, certificateId: certificate.id } }, this.clock);
    });
    return this.detail(territory, id, organisation);
  }

  async get(actor: Actor, slug: string, id: string): Promise<AssessmentDetail> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const assessment = await this.requireAssessment(territory, id);
    if (actor.kind !== 'system' && !canReadAssessment(grants, assessment.organisationId)) throw forbidden("Only the organisation's members, the auditors and the facilitators read an assessment.");
    return this.detail(territory, id);
  }

  /** Auditors and facilitators see every assessment; a member sees those of the organisations they belong to. */
  async list(actor: Actor, slug: string, filter: { organisationId?: string; status?: AssessmentStatus } = {}): Promise<AssessmentListItem[]> {
    const { territory, grants } = await this.signedIn(actor, slug);
    const all = actor.kind === 'system' || canListAssessments(grants);
    if (!all && (filter.organisationId === undefined || !grants.organisationRoles.has(filter.organisationId))) {
      throw forbidden('Auditors and facilitators list assessments; a member lists those of their own organisation (organisationId).');
    }
    const items = await repo.listAssessments(this.db, territory.id, { ...(filter.organisationId ? { organisationId: filter.organisationId } : {}), ...(filter.status ? { statuses: [filter.status] } : {}) });
    const names = new Map<string, string>();
    for (const organisationId of new Set(items.map((a) => a.organisationId))) names.set(organisationId, (await this.territories.getOrganisation(slug, organisationId)).name);
    return items.map((a) => ({ ...a, organisationName: names.get(a.organisationId)! }));
  }

  /** An organisation's certificates and its next assessment kind, for its workspace. */
  async organisationStatus(actor: Actor, slug: string, organisationId: string): Promise<{ nextKind: Assessment['kind']; certificates: CertificateSummary[] }> {
    const { territory, grants } = await this.signedIn(actor, slug);
    if (actor.kind !== 'system' && !canReadAssessment(grants, organisationId)) throw forbidden("Only the organisation's members, the auditors and the facilitators see this.");
    const current = await certificatesRepository.currentOfOrganisation(this.db, territory.id, organisationId);
    return { nextKind: nextAssessmentKind(current ?? null, this.clock().toISOString()), certificates: await this.certificates.ofOrganisation(slug, organisationId) };
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  private async signedIn(actor: Actor, slug: string): Promise<{ territory: Territory; grants: Grants }> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    return { territory, grants: await this.territories.grantsFor(actor, territory.id) };
  }

  private requireAuditor(grants: Grants, assessment: Assessment): void {
    if (!canAudit(grants, assessment.organisationId)) throw forbidden('Only an auditor of this territory who is not a member of the organisation reviews and decides its assessment.');
  }

  private async requireAssessment(territory: Territory, id: string): Promise<Assessment> {
    return this.requireAssessmentIn(this.db, territory, id);
  }

  private async requireAssessmentIn(db: Executor, territory: Territory, id: string): Promise<Assessment> {
    const found = await repo.findAssessment(db, territory.id, id);
    if (!found) throw notFound('The assessment');
    return found;
  }

  private async move(actor: Actor, territory: Territory, id: string, action: 'withdraw' | 'start_review' | 'return', next: (a: Assessment, now: string) => Assessment, change: Record<string, unknown>): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const current = await this.requireAssessmentIn(trx, territory, id);
      requireAssessmentMove(current.status, action);
      const updated = next(current, this.clock().toISOString());
      await repo.updateAssessment(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: `certificate_assessment.${action === 'start_review' ? 'review_started' : action === 'return' ? 'returned' : 'withdrawn'}`, targetType: 'certificate_assessment', targetId: id, change: { from: current.status, to: updated.status, ...change } }, this.clock);
    });
  }

  private async freeze(trx: Executor, actor: Actor, territory: Territory, assessment: Assessment, stage: SnapshotStage, referential: Referential, score: Score, now: string): Promise<void> {
    await repo.insertSnapshot(trx, territory.id, { id: newId(), assessmentId: assessment.id, stage, takenAt: now, takenBy: actorId(actor), referentialVersion: referential.version, overallPercent: score.percent, level: score.level, score });
  }

  private async measure(territory: Territory, organisationId: string, referential: Referential, asOf: string): Promise<Map<string, number | null>> {
    const codes = criteriaOf(referential).flatMap((c) => (c.automatic ? [c.automatic.source] : []));
    return this.evidence.measureAll(codes, { territory, organisationId, asOf });
  }

  private async detail(territory: Territory, id: string, organisation?: OrganisationView): Promise<AssessmentDetail> {
    const assessment = await this.requireAssessment(territory, id);
    const referential = await this.referentials.versionOf(this.db, territory.id, assessment.referentialVersion);
    const answers = await repo.listAnswers(this.db, territory.id, id);
    const org = organisation ?? (await this.territories.getOrganisation(territory.slug, assessment.organisationId));
    const views: AnswerView[] = referential.areas.flatMap((area) =>
      area.criteria.map((c) => ({
        ...answers.get(c.code)!,
        areaCode: area.code,
        points: c.points,
        evidenceRequired: c.evidence.required,
        automaticSource: c.automatic?.source ?? null,
        automaticUnit: c.automatic?.unit ?? null,
        automaticSourceAvailable: c.automatic ? this.evidence.get(c.automatic.source) !== undefined : false,
      })),
    );
    return {
      ...assessment,
      organisation: { id: org.id, name: org.name },
      answers: views,
      selfScore: scoreOf(referential, answers, 'self'),
      auditScore: scoreOf(referential, answers, 'audit'),
      snapshots: await repo.listSnapshots(this.db, territory.id, id),
    };
  }
}

function scoreOf(referential: Referential, answers: ReadonlyMap<string, Answer>, by: 'self' | 'audit'): Score {
  const statuses = Object.fromEntries([...answers.values()].map((a) => [a.criterionCode, by === 'self' ? a.selfStatus : a.auditorStatus]));
  return roundScore(computeScore(referential, statuses));
}
