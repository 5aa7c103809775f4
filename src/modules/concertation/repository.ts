import type { Executor } from '../../platform/db/transaction.js';
import { fromDbFlag, toSafeNumber } from '../../platform/db/dialect.js';
import { PHASES, type ActorKind, type InitiativeStatus, type Phase, type TriageDecision } from './model.js';
import type { SnapshotContent } from './snapshot-model.js';
import type { ConcertationTables } from './migrations.js';

export interface Edition {
  id: string;
  year: number;
  title: string;
  description: string;
  phase: Phase;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

export interface PhaseChange {
  phase: Phase;
  enteredAt: string;
  enteredBy: string | null;
  note: string;
}

export interface Session {
  id: string;
  editionId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  agenda: string;
  capacity: number | null;
  createdAt: string;
}

export interface Registration {
  sessionId: string;
  personId: string;
  organisationId: string | null;
  kind: ActorKind;
  registeredAt: string;
  attended: boolean | null;
  attendanceRecordedAt: string | null;
}

export interface Initiative {
  id: string;
  editionId: string;
  title: string;
  description: string;
  proposerId: string;
  organisationId: string | null;
  kind: ActorKind;
  objectiveIds: string[];
  status: InitiativeStatus;
  createdAt: string;
  triage: { decision: TriageDecision; reason: string; decidedAt: string; decidedBy: string | null } | null;
  outcome: { kind: 'task_force' | 'commitment'; id: string } | null;
  mergedIntoId: string | null;
}

export interface Support {
  initiativeId: string;
  personId: string;
  organisationId: string | null;
  kind: ActorKind;
  supportedAt: string;
}

export interface StoredSnapshot {
  id: string;
  editionId: string | null;
  asOf: string;
  takenAt: string;
  takenBy: string | null;
  contentSha256: string;
}

export interface PublishedReport {
  editionId: string;
  snapshotId: string;
  comparedWithSnapshotId: string | null;
  publishedAt: string;
  publishedBy: string | null;
}

export interface VisionDraftRow {
  editionId: string;
  statement: string;
  objectives: unknown[];
  basedOnVersion: number;
  updatedAt: string;
  updatedBy: string | null;
  publishedVersion: number | null;
}

const toEdition = (r: { id: string; year: bigint; title: string; description: string; phase: string; created_at: string; created_by: string | null; updated_at: string }): Edition => ({
  id: r.id,
  year: toSafeNumber(r.year),
  title: r.title,
  description: r.description,
  phase: r.phase as Phase,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
});

const toSession = (r: { id: string; edition_id: string; title: string; starts_at: string; ends_at: string; place: string; agenda: string; capacity: bigint | null; created_at: string }): Session => ({
  id: r.id,
  editionId: r.edition_id,
  title: r.title,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  place: r.place,
  agenda: r.agenda,
  capacity: r.capacity === null ? null : toSafeNumber(r.capacity),
  createdAt: r.created_at,
});

type InitiativeRow = Omit<ConcertationTables['concertation_initiatives'], 'territory_id'>;

const toInitiative = (r: InitiativeRow): Initiative => ({
  id: r.id,
  editionId: r.edition_id,
  title: r.title,
  description: r.description,
  proposerId: r.proposer_id,
  organisationId: r.organisation_id,
  kind: r.actor_kind as ActorKind,
  objectiveIds: JSON.parse(r.objective_ids) as string[],
  status: r.status as InitiativeStatus,
  createdAt: r.created_at,
  triage: r.triage_decision === null ? null : { decision: r.triage_decision as TriageDecision, reason: r.triage_reason ?? '', decidedAt: r.triaged_at!, decidedBy: r.triaged_by },
  outcome: r.outcome_kind === null ? null : { kind: r.outcome_kind as 'task_force' | 'commitment', id: r.outcome_id! },
  mergedIntoId: r.merged_into_id,
});

const INITIATIVE_COLUMNS = [
  'id', 'edition_id', 'title', 'description', 'proposer_id', 'organisation_id', 'actor_kind', 'objective_ids', 'status', 'created_at',
  'triage_decision', 'triage_reason', 'triaged_at', 'triaged_by', 'outcome_kind', 'outcome_id', 'merged_into_id',
] as const;

const toRegistration = (r: { session_id: string; person_id: string; organisation_id: string | null; actor_kind: string; registered_at: string; attended: number | null; attendance_recorded_at: string | null }): Registration => ({
  sessionId: r.session_id,
  personId: r.person_id,
  organisationId: r.organisation_id,
  kind: r.actor_kind as ActorKind,
  registeredAt: r.registered_at,
  attended: r.attended === null ? null : fromDbFlag(r.attended),
  attendanceRecordedAt: r.attendance_recorded_at,
});

/** The workshops' tables; every query is scoped by territory. */
export const concertationRepository = {
  // ── editions ───────────────────────────────────────────────────────────────────────────────────
  async insertEdition(db: Executor, territoryId: string, e: Edition): Promise<void> {
    await db
      .insertInto('concertation_editions')
      .values({ territory_id: territoryId, id: e.id, year: BigInt(e.year), title: e.title, description: e.description, phase: e.phase, created_at: e.createdAt, created_by: e.createdBy, updated_at: e.updatedAt })
      .execute();
  },

  async updateEdition(db: Executor, territoryId: string, e: Edition): Promise<void> {
    await db
      .updateTable('concertation_editions')
      .set({ title: e.title, description: e.description, phase: e.phase, updated_at: e.updatedAt })
      .where('territory_id', '=', territoryId)
      .where('id', '=', e.id)
      .execute();
  },

  async findEditionByYear(db: Executor, territoryId: string, year: number): Promise<Edition | undefined> {
    const row = await db.selectFrom('concertation_editions').selectAll().where('territory_id', '=', territoryId).where('year', '=', BigInt(year)).executeTakeFirst();
    return row ? toEdition(row) : undefined;
  },

  async findEdition(db: Executor, territoryId: string, id: string): Promise<Edition | undefined> {
    const row = await db.selectFrom('concertation_editions').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row ? toEdition(row) : undefined;
  },

  async listEditions(db: Executor, territoryId: string): Promise<Edition[]> {
    return (await db.selectFrom('concertation_editions').selectAll().where('territory_id', '=', territoryId).orderBy('year', 'desc').execute()).map(toEdition);
  },

  async insertPhaseChange(db: Executor, territoryId: string, editionId: string, c: PhaseChange): Promise<void> {
    await db.insertInto('concertation_phase_changes').values({ territory_id: territoryId, edition_id: editionId, phase: c.phase, entered_at: c.enteredAt, entered_by: c.enteredBy, note: c.note }).execute();
  },

  async phaseChanges(db: Executor, territoryId: string, editionId: string): Promise<PhaseChange[]> {
    const rows = await db.selectFrom('concertation_phase_changes').selectAll().where('territory_id', '=', territoryId).where('edition_id', '=', editionId).orderBy('entered_at').execute();
    // Phases are entered in their order, one each: that order, not the time (two moves may share an instant).
    return rows.map((r) => ({ phase: r.phase as Phase, enteredAt: r.entered_at, enteredBy: r.entered_by, note: r.note })).sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
  },

  // ── sessions and registrations ──────────────────────────────────────────────────────────────────
  async insertSession(db: Executor, territoryId: string, s: Session): Promise<void> {
    await db
      .insertInto('concertation_sessions')
      .values({ territory_id: territoryId, id: s.id, edition_id: s.editionId, title: s.title, starts_at: s.startsAt, ends_at: s.endsAt, place: s.place, agenda: s.agenda, capacity: s.capacity === null ? null : BigInt(s.capacity), created_at: s.createdAt })
      .execute();
  },

  async updateSession(db: Executor, territoryId: string, s: Session): Promise<void> {
    await db
      .updateTable('concertation_sessions')
      .set({ title: s.title, starts_at: s.startsAt, ends_at: s.endsAt, place: s.place, agenda: s.agenda, capacity: s.capacity === null ? null : BigInt(s.capacity) })
      .where('territory_id', '=', territoryId)
      .where('id', '=', s.id)
      .execute();
  },

  async findSession(db: Executor, territoryId: string, id: string): Promise<Session | undefined> {
    const row = await db.selectFrom('concertation_sessions').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row ? toSession(row) : undefined;
  },

  async listSessions(db: Executor, territoryId: string, editionId: string): Promise<Session[]> {
    return (await db.selectFrom('concertation_sessions').selectAll().where('territory_id', '=', territoryId).where('edition_id', '=', editionId).orderBy('starts_at').orderBy('id').execute()).map(toSession);
  },

  async insertRegistration(db: Executor, territoryId: string, r: Registration): Promise<void> {
    await db
      .insertInto('concertation_registrations')
      .values({ territory_id: territoryId, session_id: r.sessionId, person_id: r.personId, organisation_id: r.organisationId, actor_kind: r.kind, registered_at: r.registeredAt, attended: null, attendance_recorded_at: null })
      .execute();
  },

  async deleteRegistration(db: Executor, territoryId: string, sessionId: string, personId: string): Promise<number> {
    const result = await db.deleteFrom('concertation_registrations').where('territory_id', '=', territoryId).where('session_id', '=', sessionId).where('person_id', '=', personId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  async setAttendance(db: Executor, territoryId: string, sessionId: string, personId: string, attended: boolean, at: string): Promise<number> {
    const result = await db
      .updateTable('concertation_registrations')
      .set({ attended: attended ? 1 : 0, attendance_recorded_at: at })
      .where('territory_id', '=', territoryId)
      .where('session_id', '=', sessionId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /** The registrations of an edition's sessions (or of one session). */
  async registrations(db: Executor, territoryId: string, filter: { editionId?: string; sessionId?: string; personId?: string }): Promise<Registration[]> {
    let query = db
      .selectFrom('concertation_registrations as r')
      .innerJoin('concertation_sessions as s', (j) => j.onRef('s.territory_id', '=', 'r.territory_id').onRef('s.id', '=', 'r.session_id'))
      .select(['r.session_id', 'r.person_id', 'r.organisation_id', 'r.actor_kind', 'r.registered_at', 'r.attended', 'r.attendance_recorded_at'])
      .where('r.territory_id', '=', territoryId);
    if (filter.editionId) query = query.where('s.edition_id', '=', filter.editionId);
    if (filter.sessionId) query = query.where('r.session_id', '=', filter.sessionId);
    if (filter.personId) query = query.where('r.person_id', '=', filter.personId);
    return (await query.orderBy('r.registered_at').orderBy('r.person_id').execute()).map(toRegistration);
  },

  // ── initiatives and supports ────────────────────────────────────────────────────────────────────
  async insertInitiative(db: Executor, territoryId: string, i: Initiative): Promise<void> {
    await db
      .insertInto('concertation_initiatives')
      .values({
        territory_id: territoryId,
        id: i.id,
        edition_id: i.editionId,
        title: i.title,
        description: i.description,
        proposer_id: i.proposerId,
        organisation_id: i.organisationId,
        actor_kind: i.kind,
        objective_ids: JSON.stringify(i.objectiveIds),
        status: i.status,
        created_at: i.createdAt,
        triage_decision: null,
        triage_reason: null,
        triaged_at: null,
        triaged_by: null,
        outcome_kind: null,
        outcome_id: null,
        merged_into_id: null,
      })
      .execute();
  },

  async recordTriage(db: Executor, territoryId: string, i: Initiative): Promise<void> {
    await db
      .updateTable('concertation_initiatives')
      .set({
        status: i.status,
        triage_decision: i.triage?.decision ?? null,
        triage_reason: i.triage?.reason ?? null,
        triaged_at: i.triage?.decidedAt ?? null,
        triaged_by: i.triage?.decidedBy ?? null,
        outcome_kind: i.outcome?.kind ?? null,
        outcome_id: i.outcome?.id ?? null,
        merged_into_id: i.mergedIntoId,
      })
      .where('territory_id', '=', territoryId)
      .where('id', '=', i.id)
      .execute();
  },

  async findInitiative(db: Executor, territoryId: string, id: string): Promise<Initiative | undefined> {
    const row = await db.selectFrom('concertation_initiatives').select(INITIATIVE_COLUMNS).where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row ? toInitiative(row) : undefined;
  },

  async listInitiatives(db: Executor, territoryId: string, filter: { editionId?: string; proposerId?: string }): Promise<Initiative[]> {
    let query = db.selectFrom('concertation_initiatives').select(INITIATIVE_COLUMNS).where('territory_id', '=', territoryId);
    if (filter.editionId) query = query.where('edition_id', '=', filter.editionId);
    if (filter.proposerId) query = query.where('proposer_id', '=', filter.proposerId);
    return (await query.orderBy('created_at').orderBy('id').execute()).map(toInitiative);
  },

  async initiativeByOutcome(db: Executor, territoryId: string, kind: 'task_force' | 'commitment', id: string): Promise<Initiative | undefined> {
    const row = await db
      .selectFrom('concertation_initiatives')
      .select(INITIATIVE_COLUMNS)
      .where('territory_id', '=', territoryId)
      .where('outcome_kind', '=', kind)
      .where('outcome_id', '=', id)
      .executeTakeFirst();
    return row ? toInitiative(row) : undefined;
  },

  async insertSupport(db: Executor, territoryId: string, s: Support): Promise<void> {
    await db
      .insertInto('concertation_supports')
      .values({ territory_id: territoryId, initiative_id: s.initiativeId, person_id: s.personId, organisation_id: s.organisationId, actor_kind: s.kind, supported_at: s.supportedAt })
      .execute();
  },

  async deleteSupport(db: Executor, territoryId: string, initiativeId: string, personId: string): Promise<number> {
    const result = await db.deleteFrom('concertation_supports').where('territory_id', '=', territoryId).where('initiative_id', '=', initiativeId).where('person_id', '=', personId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  async hasSupport(db: Executor, territoryId: string, initiativeId: string, personId: string): Promise<boolean> {
    const row = await db.selectFrom('concertation_supports').select('person_id').where('territory_id', '=', territoryId).where('initiative_id', '=', initiativeId).where('person_id', '=', personId).executeTakeFirst();
    return row !== undefined;
  },

  /** The supports of an edition's initiatives. */
  async supports(db: Executor, territoryId: string, editionId: string): Promise<Support[]> {
    const rows = await db
      .selectFrom('concertation_supports as s')
      .innerJoin('concertation_initiatives as i', (j) => j.onRef('i.territory_id', '=', 's.territory_id').onRef('i.id', '=', 's.initiative_id'))
      .select(['s.initiative_id', 's.person_id', 's.organisation_id', 's.actor_kind', 's.supported_at'])
      .where('s.territory_id', '=', territoryId)
      .where('i.edition_id', '=', editionId)
      .orderBy('s.supported_at')
      .execute();
    return rows.map((r) => ({ initiativeId: r.initiative_id, personId: r.person_id, organisationId: r.organisation_id, kind: r.actor_kind as ActorKind, supportedAt: r.supported_at }));
  },

  // ── settings ────────────────────────────────────────────────────────────────────────────────────
  async minimumShare(db: Executor, territoryId: string): Promise<number | undefined> {
    const row = await db.selectFrom('concertation_settings').select('minimum_share_percent').where('territory_id', '=', territoryId).executeTakeFirst();
    return row?.minimum_share_percent;
  },

  async saveMinimumShare(db: Executor, territoryId: string, value: number, at: string): Promise<void> {
    await db
      .insertInto('concertation_settings')
      .values({ territory_id: territoryId, minimum_share_percent: value, updated_at: at })
      .onConflict((oc) => oc.column('territory_id').doUpdateSet({ minimum_share_percent: value, updated_at: at }))
      .execute();
  },

  // ── snapshots and reports ───────────────────────────────────────────────────────────────────────
  async insertSnapshot(db: Executor, territoryId: string, s: StoredSnapshot, canonicalContent: string): Promise<void> {
    await db
      .insertInto('evaluation_snapshots')
      .values({ territory_id: territoryId, id: s.id, edition_id: s.editionId, as_of: s.asOf, taken_at: s.takenAt, taken_by: s.takenBy, content: canonicalContent, content_sha256: s.contentSha256 })
      .execute();
  },

  async listSnapshots(db: Executor, territoryId: string): Promise<StoredSnapshot[]> {
    const rows = await db
      .selectFrom('evaluation_snapshots')
      .select(['id', 'edition_id', 'as_of', 'taken_at', 'taken_by', 'content_sha256'])
      .where('territory_id', '=', territoryId)
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, editionId: r.edition_id, asOf: r.as_of, takenAt: r.taken_at, takenBy: r.taken_by, contentSha256: r.content_sha256 }));
  },

  async findSnapshot(db: Executor, territoryId: string, id: string): Promise<(StoredSnapshot & { content: SnapshotContent; storedContent: string }) | undefined> {
    const r = await db.selectFrom('evaluation_snapshots').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return { id: r.id, editionId: r.edition_id, asOf: r.as_of, takenAt: r.taken_at, takenBy: r.taken_by, contentSha256: r.content_sha256, content: JSON.parse(r.content) as SnapshotContent, storedContent: r.content };
  },

  /** The territory a snapshot belongs to (ids are UUIDv7, unique across territories). */
  async territoryOfSnapshot(db: Executor, id: string): Promise<string | undefined> {
    const row = await db.selectFrom('evaluation_snapshots').select('territory_id').where('id', '=', id).executeTakeFirst();
    return row?.territory_id;
  },

  async insertReport(db: Executor, territoryId: string, r: PublishedReport): Promise<void> {
    await db
      .insertInto('evaluation_reports')
      .values({ territory_id: territoryId, edition_id: r.editionId, snapshot_id: r.snapshotId, compared_with_snapshot_id: r.comparedWithSnapshotId, published_at: r.publishedAt, published_by: r.publishedBy })
      .execute();
  },

  async findReport(db: Executor, territoryId: string, editionId: string): Promise<PublishedReport | undefined> {
    const r = await db.selectFrom('evaluation_reports').selectAll().where('territory_id', '=', territoryId).where('edition_id', '=', editionId).executeTakeFirst();
    return r ? { editionId: r.edition_id, snapshotId: r.snapshot_id, comparedWithSnapshotId: r.compared_with_snapshot_id, publishedAt: r.published_at, publishedBy: r.published_by } : undefined;
  },

  // ── vision drafts ───────────────────────────────────────────────────────────────────────────────
  async saveVisionDraft(db: Executor, territoryId: string, d: VisionDraftRow): Promise<void> {
    const values = {
      statement: d.statement,
      objectives: JSON.stringify(d.objectives),
      based_on_version: BigInt(d.basedOnVersion),
      updated_at: d.updatedAt,
      updated_by: d.updatedBy,
      published_version: d.publishedVersion === null ? null : BigInt(d.publishedVersion),
    };
    await db
      .insertInto('concertation_vision_drafts')
      .values({ territory_id: territoryId, edition_id: d.editionId, ...values })
      .onConflict((oc) => oc.columns(['territory_id', 'edition_id']).doUpdateSet(values))
      .execute();
  },

  async findVisionDraft(db: Executor, territoryId: string, editionId: string): Promise<VisionDraftRow | undefined> {
    const r = await db.selectFrom('concertation_vision_drafts').selectAll().where('territory_id', '=', territoryId).where('edition_id', '=', editionId).executeTakeFirst();
    if (!r) return undefined;
    return {
      editionId: r.edition_id,
      statement: r.statement,
      objectives: JSON.parse(r.objectives) as unknown[],
      basedOnVersion: toSafeNumber(r.based_on_version),
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
      publishedVersion: r.published_version === null ? null : toSafeNumber(r.published_version),
    };
  },
};
