import type { Executor } from '../../platform/db/transaction.js';
import { toSafeNumber } from '../../platform/db/dialect.js';
import type { CertificatesTables } from './migrations.js';
import type { Referential, ReferentialDocument } from './referential-model.js';
import type { CriterionStatus, Score } from './scoring-model.js';
import type { Answer, AssessmentKind, AssessmentStatus } from './workflow-model.js';

export interface Assessment {
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

export type SnapshotStage = 'submitted' | 'audited';

export interface ScoreSnapshot {
  id: string;
  assessmentId: string;
  stage: SnapshotStage;
  takenAt: string;
  takenBy: string | null;
  referentialVersion: number;
  overallPercent: number;
  level: string | null;
  score: Score;
}

export interface CertificateSettingsRecord {
  cutReductionsBp: Record<string, number>;
  taxRates: string | null;
}

type AssessmentRow = CertificatesTables['certificate_assessments'];
type AnswerRow = CertificatesTables['certificate_answers'];

const toAssessment = (r: AssessmentRow): Assessment => ({
  id: r.id,
  organisationId: r.organisation_id,
  kind: r.kind as AssessmentKind,
  referentialVersion: toSafeNumber(r.referential_version),
  status: r.status as AssessmentStatus,
  previousCertificateId: r.previous_certificate_id,
  createdAt: r.created_at,
  createdBy: r.created_by,
  submittedAt: r.submitted_at,
  auditorId: r.auditor_id,
  reviewStartedAt: r.review_started_at,
  returnNote: r.return_note,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
  decision: r.decision as Assessment['decision'],
  decisionLevel: r.decision_level,
  decisionReasons: r.decision_reasons,
  certificateId: r.certificate_id,
  updatedAt: r.updated_at,
});

const assessmentRow = (territoryId: string, a: Assessment): AssessmentRow => ({
  territory_id: territoryId,
  id: a.id,
  organisation_id: a.organisationId,
  kind: a.kind,
  referential_version: BigInt(a.referentialVersion),
  status: a.status,
  previous_certificate_id: a.previousCertificateId,
  created_at: a.createdAt,
  created_by: a.createdBy,
  submitted_at: a.submittedAt,
  auditor_id: a.auditorId,
  review_started_at: a.reviewStartedAt,
  return_note: a.returnNote,
  decided_at: a.decidedAt,
  decided_by: a.decidedBy,
  decision: a.decision,
  decision_level: a.decisionLevel,
  decision_reasons: a.decisionReasons,
  certificate_id: a.certificateId,
  updated_at: a.updatedAt,
});

const toAnswer = (r: AnswerRow): Answer => ({
  criterionCode: r.criterion_code,
  selfStatus: r.self_status as CriterionStatus | null,
  evidenceUrl: r.evidence_url,
  evidenceNote: r.evidence_note,
  automaticValue: r.automatic_value === null ? null : Number(r.automatic_value),
  automaticStatus: r.automatic_status as CriterionStatus | null,
  automaticMeasuredAt: r.automatic_measured_at,
  auditorStatus: r.auditor_status as CriterionStatus | null,
  auditorOpinion: r.auditor_opinion,
  reviewedAt: r.reviewed_at,
  reviewedBy: r.reviewed_by,
});

const answerRow = (territoryId: string, assessmentId: string, a: Answer, updatedAt: string): AnswerRow => ({
  territory_id: territoryId,
  assessment_id: assessmentId,
  criterion_code: a.criterionCode,
  self_status: a.selfStatus,
  evidence_url: a.evidenceUrl,
  evidence_note: a.evidenceNote,
  automatic_value: a.automaticValue,
  automatic_status: a.automaticStatus,
  automatic_measured_at: a.automaticMeasuredAt,
  auditor_status: a.auditorStatus,
  auditor_opinion: a.auditorOpinion,
  reviewed_at: a.reviewedAt,
  reviewed_by: a.reviewedBy,
  updated_at: updatedAt,
});

export const assessmentsRepository = {
  // ── referentials ──────────────────────────────────────────────────────────────────────────────

  async latestReferentialVersion(db: Executor, territoryId: string): Promise<number> {
    const row = await db.selectFrom('certificate_referentials').select((eb) => eb.fn.max('version').as('v')).where('territory_id', '=', territoryId).executeTakeFirst();
    return row?.v === null || row?.v === undefined ? 0 : toSafeNumber(row.v as bigint);
  },

  async findReferential(db: Executor, territoryId: string, version: number): Promise<Referential | undefined> {
    const row = await db.selectFrom('certificate_referentials').selectAll().where('territory_id', '=', territoryId).where('version', '=', BigInt(version)).executeTakeFirst();
    return row && { ...(JSON.parse(row.document) as ReferentialDocument), version, publishedAt: row.published_at, publishedBy: row.published_by };
  },

  async listReferentials(db: Executor, territoryId: string): Promise<{ version: number; title: string; publishedAt: string; publishedBy: string | null }[]> {
    const rows = await db.selectFrom('certificate_referentials').select(['version', 'title', 'published_at', 'published_by']).where('territory_id', '=', territoryId).orderBy('version', 'desc').execute();
    return rows.map((r) => ({ version: toSafeNumber(r.version), title: r.title, publishedAt: r.published_at, publishedBy: r.published_by }));
  },

  async insertReferential(db: Executor, territoryId: string, r: Referential): Promise<void> {
    const { version, publishedAt, publishedBy, ...document } = r;
    await db
      .insertInto('certificate_referentials')
      .values({ territory_id: territoryId, version: BigInt(version), title: document.title.fr, document: JSON.stringify(document), published_at: publishedAt, published_by: publishedBy })
      .execute();
  },

  // ── settings ──────────────────────────────────────────────────────────────────────────────────

  async findSettings(db: Executor, territoryId: string): Promise<CertificateSettingsRecord | undefined> {
    const row = await db.selectFrom('certificate_settings').select(['cut_reductions', 'tax_rates']).where('territory_id', '=', territoryId).executeTakeFirst();
    return row && { cutReductionsBp: JSON.parse(row.cut_reductions) as Record<string, number>, taxRates: row.tax_rates };
  },

  async saveSettings(db: Executor, territoryId: string, s: CertificateSettingsRecord, updatedAt: string, updatedBy: string | null): Promise<void> {
    const values = { cut_reductions: JSON.stringify(s.cutReductionsBp), tax_rates: s.taxRates, updated_at: updatedAt, updated_by: updatedBy };
    await db
      .insertInto('certificate_settings')
      .values({ territory_id: territoryId, ...values })
      .onConflict((oc) => oc.column('territory_id').doUpdateSet(values))
      .execute();
  },

  // ── assessments ───────────────────────────────────────────────────────────────────────────────

  async insertAssessment(db: Executor, territoryId: string, a: Assessment): Promise<void> {
    await db.insertInto('certificate_assessments').values(assessmentRow(territoryId, a)).execute();
  },

  async updateAssessment(db: Executor, territoryId: string, a: Assessment): Promise<void> {
    const { territory_id: _t, id: _i, ...values } = assessmentRow(territoryId, a);
    await db.updateTable('certificate_assessments').set(values).where('territory_id', '=', territoryId).where('id', '=', a.id).execute();
  },

  async findAssessment(db: Executor, territoryId: string, id: string): Promise<Assessment | undefined> {
    const row = await db.selectFrom('certificate_assessments').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toAssessment(row);
  },

  async listAssessments(db: Executor, territoryId: string, filter: { organisationId?: string; statuses?: readonly AssessmentStatus[] } = {}): Promise<Assessment[]> {
    const rows = await db
      .selectFrom('certificate_assessments')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.organisationId !== undefined, (q) => q.where('organisation_id', '=', filter.organisationId!))
      .$if(filter.statuses !== undefined && filter.statuses.length > 0, (q) => q.where('status', 'in', [...filter.statuses!]))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toAssessment);
  },

  async listAnswers(db: Executor, territoryId: string, assessmentId: string): Promise<Map<string, Answer>> {
    const rows = await db.selectFrom('certificate_answers').selectAll().where('territory_id', '=', territoryId).where('assessment_id', '=', assessmentId).execute();
    return new Map(rows.map((r) => [r.criterion_code, toAnswer(r)]));
  },

  async insertAnswers(db: Executor, territoryId: string, assessmentId: string, answers: readonly Answer[], now: string): Promise<void> {
    if (answers.length === 0) return;
    await db.insertInto('certificate_answers').values(answers.map((a) => answerRow(territoryId, assessmentId, a, now))).execute();
  },

  async updateAnswer(db: Executor, territoryId: string, assessmentId: string, a: Answer, now: string): Promise<void> {
    const { territory_id: _t, assessment_id: _a, criterion_code: _c, ...values } = answerRow(territoryId, assessmentId, a, now);
    await db
      .updateTable('certificate_answers')
      .set(values)
      .where('territory_id', '=', territoryId)
      .where('assessment_id', '=', assessmentId)
      .where('criterion_code', '=', a.criterionCode)
      .execute();
  },

  // ── score snapshots: inserted, never updated ──────────────────────────────────────────────────

  async insertSnapshot(db: Executor, territoryId: string, s: ScoreSnapshot): Promise<void> {
    await db
      .insertInto('certificate_score_snapshots')
      .values({
        territory_id: territoryId,
        id: s.id,
        assessment_id: s.assessmentId,
        stage: s.stage,
        taken_at: s.takenAt,
        taken_by: s.takenBy,
        referential_version: BigInt(s.referentialVersion),
        overall_percent: s.overallPercent,
        level: s.level,
        score: JSON.stringify(s.score),
      })
      .execute();
  },

  async listSnapshots(db: Executor, territoryId: string, assessmentId: string): Promise<ScoreSnapshot[]> {
    const rows = await db
      .selectFrom('certificate_score_snapshots')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('assessment_id', '=', assessmentId)
      .orderBy('taken_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      assessmentId: r.assessment_id,
      stage: r.stage as SnapshotStage,
      takenAt: r.taken_at,
      takenBy: r.taken_by,
      referentialVersion: toSafeNumber(r.referential_version),
      overallPercent: Number(r.overall_percent),
      level: r.level,
      score: JSON.parse(r.score) as Score,
    }));
  },
};
