import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { peopleRepository } from '../../platform/auth/people.js';
import { conflict, forbidden, invalidInput, notFound, unauthenticated, type FieldError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Grants, Territory } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';
import { sectorOf } from '../pact/model.js';
import type { ChronicleService } from '../pact/chronicle.js';
import type { PactService } from '../pact/service.js';
import type { TaskForcesService } from '../pact/task-forces.js';
import type { CommitmentsService } from '../pact/commitments.js';
import { diffVisions, type Objective, type VisionDiff } from '../pact/vision-model.js';
import {
  acceptsProposals,
  acceptsRegistrations,
  acceptsSupports,
  acceptsTriage,
  canRunConcertation,
  canSpeakFor,
  DEFAULT_MINIMUM_SHARE_PERCENT,
  nextPhase,
  opensIn,
  participationBalance,
  validateEdition,
  validateInitiative,
  validateMinimumShare,
  validateSession,
  type ActorKind,
  type EditionInput,
  type InitiativeInput,
  type ParticipationBalance,
  type Phase,
  type SessionInput,
  type TriageDecision,
} from './model.js';
import { concertationRepository as repo, type Edition, type Initiative, type Registration, type Session } from './repository.js';

export interface SessionView extends Omit<Session, 'editionId' | 'createdAt'> {
  registered: number;
  /** How many came, once the facilitators recorded attendance; null before. */
  attended: number | null;
  myRegistration: { kind: ActorKind; onBehalfOf: string | null; attended: boolean | null } | null;
}

export interface EditionView {
  id: string;
  year: number;
  title: string;
  description: string;
  phase: Phase;
  phaseHistory: { phase: Phase; enteredAt: string; by: string | null; note: string }[];
  nextPhase: Phase | null;
  /** What the phase opens to anyone signed in (the model's rule), whoever reads. */
  opens: ReturnType<typeof opensIn>;
  sessions: SessionView[];
  report: { snapshotId: string; comparedWithSnapshotId: string | null; publishedAt: string; asOf: string } | null;
  visionDraft: { statement: string; basedOnVersion: number; updatedAt: string; publishedVersion: number | null } | null;
  can: { manage: boolean; propose: boolean; support: boolean; register: boolean };
}

export interface EditionSummary {
  id: string;
  year: number;
  title: string;
  phase: Phase;
  opens: ReturnType<typeof opensIn>;
  sessions: number;
  initiatives: number;
  supports: number;
  reportPublishedAt: string | null;
}

export interface InitiativeView {
  id: string;
  editionYear: number;
  title: string;
  description: string;
  proposerName: string;
  kind: ActorKind;
  organisationName: string | null;
  objectiveIds: string[];
  objectives: { id: string; title: string }[];
  createdAt: string;
  supports: number;
  supportedByMe: boolean;
  status: Initiative['status'];
  triage: { decision: TriageDecision; reason: string; decidedAt: string; decidedBy: string | null } | null;
  outcome: { kind: 'task_force' | 'commitment'; id: string; title: string; path: string } | null;
  mergedInto: { id: string; title: string } | null;
}

export interface RegistrationView {
  personId: string;
  personName: string;
  kind: ActorKind;
  onBehalfOf: string | null;
  organisationName: string | null;
  registeredAt: string;
  attended: boolean | null;
}

export type TriageInput =
  | { decision: 'accept_task_force'; reason?: string; taskForce: { name: string; mission: string } }
  | { decision: 'accept_commitment'; reason?: string; commitment: { ownerOrganisationId: string; statement: string; taskForceId?: string | null; deadline?: string | null } }
  | { decision: 'merge'; reason?: string; mergedIntoId: string }
  | { decision: 'decline'; reason: string };

/**
 * The Pact's services bound to one transaction, so that an initiative's triage and the Task Force or
 * commitment it creates (or a vision draft and the version it publishes) commit together. SQLite has a
 * single connection: a service reading through the pool inside another's transaction would wait forever.
 */
export type PactServicesIn = (trx: Executor) => { pact: PactService; taskForces: TaskForcesService; commitments: CommitmentsService };

export interface VisionDraftView {
  statement: string;
  objectives: Objective[];
  basedOnVersion: number;
  updatedAt: string;
  updatedBy: string | null;
  publishedVersion: number | null;
  diff: VisionDiff;
}

/**
 * The yearly concertation workshops of a territory: editions and their phases, sessions with
 * registrations and attendance, emerging initiatives with their supports and public triage, the
 * balance of participation, the edition's report (see EvaluationService for snapshots) and the
 * adjustment of the vision.
 */
export class ConcertationService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly pact: PactService,
    private readonly taskForces: TaskForcesService,
    private readonly commitments: CommitmentsService,
    private readonly chronicle: ChronicleService,
    private readonly pactIn: PactServicesIn,
    private readonly clock: Clock = systemClock,
  ) {}

  // ── editions ───────────────────────────────────────────────────────────────────────────────────

  async listEditions(slug: string): Promise<EditionSummary[]> {
    const territory = await this.territories.requireTerritory(slug);
    const summaries: EditionSummary[] = [];
    for (const e of await repo.listEditions(this.db, territory.id)) {
      const initiatives = await repo.listInitiatives(this.db, territory.id, { editionId: e.id });
      summaries.push({
        id: e.id,
        year: e.year,
        title: e.title,
        phase: e.phase,
        opens: opensIn(e.phase),
        sessions: (await repo.listSessions(this.db, territory.id, e.id)).length,
        initiatives: initiatives.length,
        supports: (await repo.supports(this.db, territory.id, e.id)).length,
        reportPublishedAt: (await repo.findReport(this.db, territory.id, e.id))?.publishedAt ?? null,
      });
    }
    return summaries;
  }

  async createEdition(actor: Actor, slug: string, input: EditionInput): Promise<EditionView> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator opens a workshop edition.');
    const errors = validateEdition(input, true);
    if (errors.length > 0) throw invalidInput(errors);
    const now = this.now();
    const edition: Edition = { id: newId(), year: input.year, title: input.title.trim(), description: input.description?.trim() ?? '', phase: 'preparation', createdAt: now, createdBy: actorId(actor), updatedAt: now };
    await inTransaction(this.db, async (trx) => {
      if (await repo.findEditionByYear(trx, territory.id, input.year)) throw conflict('edition_exists', `The ${input.year} edition of the workshops already exists: a territory holds one a year.`, 'year');
      await repo.insertEdition(trx, territory.id, edition);
      await repo.insertPhaseChange(trx, territory.id, edition.id, { phase: 'preparation', enteredAt: now, enteredBy: actorId(actor), note: '' });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.edition_created', targetType: 'concertation_edition', targetId: edition.id, change: { year: edition.year, title: edition.title } }, this.clock);
    });
    return this.edition(actor, slug, edition.year);
  }

  async edition(actor: Actor, slug: string, year: number): Promise<EditionView> {
    const territory = await this.territories.requireTerritory(slug);
    const edition = await this.requireEdition(this.db, territory, year);
    const grants = await this.territories.grantsFor(actor, territory.id);
    const sessions = await repo.listSessions(this.db, territory.id, edition.id);
    const registrations = await repo.registrations(this.db, territory.id, { editionId: edition.id });
    const changes = await repo.phaseChanges(this.db, territory.id, edition.id);
    const names = await this.personNames(changes.map((c) => c.enteredBy));
    const report = await repo.findReport(this.db, territory.id, edition.id);
    const reportSnapshot = report ? await repo.findSnapshot(this.db, territory.id, report.snapshotId) : undefined;
    const draft = await repo.findVisionDraft(this.db, territory.id, edition.id);
    const signedIn = grants.personId !== null;
    return {
      id: edition.id,
      year: edition.year,
      title: edition.title,
      description: edition.description,
      phase: edition.phase,
      phaseHistory: changes.map((c) => ({ phase: c.phase, enteredAt: c.enteredAt, by: c.enteredBy ? (names.get(c.enteredBy) ?? null) : null, note: c.note })),
      nextPhase: nextPhase(edition.phase),
      opens: opensIn(edition.phase),
      sessions: sessions.map((s) => sessionView(s, registrations.filter((r) => r.sessionId === s.id), grants.personId)),
      report: report && reportSnapshot ? { snapshotId: report.snapshotId, comparedWithSnapshotId: report.comparedWithSnapshotId, publishedAt: report.publishedAt, asOf: reportSnapshot.asOf } : null,
      visionDraft: draft ? { statement: draft.statement, basedOnVersion: draft.basedOnVersion, updatedAt: draft.updatedAt, publishedVersion: draft.publishedVersion } : null,
      can: {
        manage: canRunConcertation(grants),
        propose: signedIn && acceptsProposals(edition.phase),
        support: signedIn && acceptsSupports(edition.phase),
        register: signedIn && acceptsRegistrations(edition.phase),
      },
    };
  }

  async updateEdition(actor: Actor, slug: string, year: number, patch: Partial<Pick<EditionInput, 'title' | 'description'>>): Promise<EditionView> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator edits a workshop edition.');
    const errors = validateEdition(patch, false);
    if (errors.length > 0) throw invalidInput(errors);
    await inTransaction(this.db, async (trx) => {
      const edition = await this.requireEdition(trx, territory, year);
      const updated = { ...edition, title: patch.title?.trim() ?? edition.title, description: patch.description?.trim() ?? edition.description, updatedAt: this.now() };
      await repo.updateEdition(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.edition_updated', targetType: 'concertation_edition', targetId: edition.id, change: patch }, this.clock);
    });
    return this.edition(actor, slug, year);
  }

  /** Moves an edition to its next phase; the evaluation phase begins by publishing the report. */
  async advancePhase(actor: Actor, slug: string, year: number, input: { to: Phase; note?: string }): Promise<EditionView> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator moves the workshops from one phase to the next.');
    if (input.note !== undefined && input.note.length > 2_000) throw invalidInput([{ field: 'note', code: 'too_long', message: 'The note has at most 2,000 characters.' }]);
    await inTransaction(this.db, async (trx) => {
      const edition = await this.requireEdition(trx, territory, year);
      const next = nextPhase(edition.phase);
      if (input.to !== next) {
        throw conflict('invalid_transition', next === null ? `The ${year} edition is closed: it has no next phase.` : `The ${year} edition is in its ${edition.phase} phase: it can only move to ${next}.`, 'to');
      }
      if (next === 'evaluation' && !(await repo.findReport(trx, territory.id, edition.id))) {
        throw conflict('report_not_published', 'The evaluation phase begins when the evaluation report is published: publish it from a snapshot.', 'to');
      }
      await this.enterPhase(trx, actor, territory, edition, next, input.note?.trim() ?? '');
    });
    return this.edition(actor, slug, year);
  }

  // ── sessions, registrations, attendance ────────────────────────────────────────────────────────

  async addSession(actor: Actor, slug: string, year: number, input: SessionInput): Promise<SessionView> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator schedules workshop sessions.');
    const errors = validateSession(input, true);
    if (errors.length > 0) throw invalidInput(errors);
    const session = await inTransaction(this.db, async (trx) => {
      const edition = await this.requireEdition(trx, territory, year);
      if (edition.phase === 'closed') throw conflict('edition_closed', `The ${year} edition is closed.`);
      const s: Session = { id: newId(), editionId: edition.id, title: input.title.trim(), startsAt: new Date(input.startsAt).toISOString(), endsAt: new Date(input.endsAt).toISOString(), place: input.place.trim(), agenda: input.agenda?.trim() ?? '', capacity: input.capacity ?? null, createdAt: this.now() };
      await repo.insertSession(trx, territory.id, s);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.session_scheduled', targetType: 'concertation_session', targetId: s.id, change: { year, title: s.title, startsAt: s.startsAt, place: s.place } }, this.clock);
      return s;
    });
    return sessionView(session, [], null);
  }

  async updateSession(actor: Actor, slug: string, id: string, patch: Partial<SessionInput>): Promise<SessionView> {
    const { territory, grants } = await this.requireFacilitator(actor, slug, 'Only a facilitator changes workshop sessions.');
    const session = await inTransaction(this.db, async (trx) => {
      const current = await this.requireSession(trx, territory, id);
      await this.requireOpenEdition(trx, territory, current.editionId);
      const merged = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Session;
      const errors = validateSession({ ...merged, capacity: merged.capacity }, false);
      if (errors.length > 0) throw invalidInput(errors);
      const registered = (await repo.registrations(trx, territory.id, { sessionId: id })).length;
      if (merged.capacity !== null && merged.capacity < registered) {
        throw invalidInput([{ field: 'capacity', code: 'below_registrations', message: `${registered} people are already registered: the capacity cannot be lower.` }]);
      }
      const updated: Session = { ...merged, startsAt: new Date(merged.startsAt).toISOString(), endsAt: new Date(merged.endsAt).toISOString(), title: merged.title.trim(), place: merged.place.trim(), agenda: merged.agenda.trim() };
      await repo.updateSession(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.session_updated', targetType: 'concertation_session', targetId: id, change: patch }, this.clock);
      return updated;
    });
    return sessionView(session, await repo.registrations(this.db, territory.id, { sessionId: id }), grants.personId);
  }

  /** A signed-in person registers for a session, for an organisation they belong to or as a citizen. */
  async register(actor: Actor, slug: string, sessionId: string, onBehalfOf: string | null): Promise<SessionView> {
    const { territory, grants, personId } = await this.participant(actor, slug);
    const kind = await this.kindOf(slug, grants, onBehalfOf);
    await inTransaction(this.db, async (trx) => {
      const session = await this.requireSession(trx, territory, sessionId);
      const edition = (await repo.findEdition(trx, territory.id, session.editionId))!;
      if (!acceptsRegistrations(edition.phase) || Date.parse(session.endsAt) <= this.clock().getTime()) {
        throw conflict('registrations_closed', `Registrations for « ${session.title} » are closed.`);
      }
      const registrations = await repo.registrations(trx, territory.id, { sessionId });
      if (registrations.some((r) => r.personId === personId)) throw conflict('already_registered', `You are already registered for « ${session.title} ».`);
      if (session.capacity !== null && registrations.length >= session.capacity) throw conflict('session_full', `« ${session.title} » is full (${session.capacity} places).`);
      await repo.insertRegistration(trx, territory.id, { sessionId, personId, organisationId: onBehalfOf, kind, registeredAt: this.now(), attended: null, attendanceRecordedAt: null });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.registered', targetType: 'concertation_session', targetId: sessionId, change: { personId, onBehalfOf, kind } }, this.clock);
    });
    const session = (await repo.findSession(this.db, territory.id, sessionId))!;
    return sessionView(session, await repo.registrations(this.db, territory.id, { sessionId }), personId);
  }

  async unregister(actor: Actor, slug: string, sessionId: string): Promise<void> {
    const { territory, personId } = await this.participant(actor, slug);
    await inTransaction(this.db, async (trx) => {
      const session = await this.requireSession(trx, territory, sessionId);
      const edition = (await repo.findEdition(trx, territory.id, session.editionId))!;
      if (!acceptsRegistrations(edition.phase)) throw conflict('registrations_closed', `Registrations for « ${session.title} » are closed.`);
      const registration = (await repo.registrations(trx, territory.id, { sessionId, personId }))[0];
      if (!registration) throw notFound('Your registration');
      if (registration.attended !== null) throw conflict('attendance_recorded', `Your attendance at « ${session.title} » is recorded: the registration stays.`);
      await repo.deleteRegistration(trx, territory.id, sessionId, personId);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.unregistered', targetType: 'concertation_session', targetId: sessionId, change: { personId } }, this.clock);
    });
  }

  async sessionRegistrations(actor: Actor, slug: string, sessionId: string): Promise<RegistrationView[]> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator sees who registered.');
    await this.requireSession(this.db, territory, sessionId);
    return this.registrationViews(slug, await repo.registrations(this.db, territory.id, { sessionId }));
  }

  async recordAttendance(actor: Actor, slug: string, sessionId: string, input: { personId: string; attended: boolean }): Promise<RegistrationView> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator records attendance.');
    await inTransaction(this.db, async (trx) => {
      await this.requireSession(trx, territory, sessionId);
      const changed = await repo.setAttendance(trx, territory.id, sessionId, input.personId, input.attended, this.now());
      if (changed === 0) throw invalidInput([{ field: 'personId', code: 'not_registered', message: 'This person is not registered for the session.' }]);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.attendance_recorded', targetType: 'concertation_session', targetId: sessionId, change: input }, this.clock);
    });
    const [view] = await this.registrationViews(slug, await repo.registrations(this.db, territory.id, { sessionId, personId: input.personId }));
    return view!;
  }

  /** What a signed-in person took part in: registrations and initiatives, every edition. */
  async myParticipation(actor: Actor, slug: string): Promise<{ registrations: (RegistrationView & { session: { id: string; title: string; startsAt: string; place: string }; editionYear: number })[]; initiatives: InitiativeView[] }> {
    const { territory, personId } = await this.participant(actor, slug);
    const editions = new Map((await repo.listEditions(this.db, territory.id)).map((e) => [e.id, e]));
    const raw = await repo.registrations(this.db, territory.id, { personId });
    const views = await this.registrationViews(slug, raw);
    const registrations = [];
    for (const [i, r] of raw.entries()) {
      const session = (await repo.findSession(this.db, territory.id, r.sessionId))!;
      registrations.push({ ...views[i]!, session: { id: session.id, title: session.title, startsAt: session.startsAt, place: session.place }, editionYear: editions.get(session.editionId)!.year });
    }
    const mine = await repo.listInitiatives(this.db, territory.id, { proposerId: personId });
    const initiatives: InitiativeView[] = [];
    for (const edition of editions.values()) {
      const ofEdition = mine.filter((i) => i.editionId === edition.id);
      if (ofEdition.length > 0) initiatives.push(...(await this.initiativeViews(territory, edition, ofEdition, personId)));
    }
    return { registrations, initiatives };
  }

  // ── initiatives and supports ───────────────────────────────────────────────────────────────────

  async listInitiatives(actor: Actor, slug: string, year: number): Promise<InitiativeView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const edition = await this.requireEdition(this.db, territory, year);
    const grants = await this.territories.grantsFor(actor, territory.id);
    const views = await this.initiativeViews(territory, edition, await repo.listInitiatives(this.db, territory.id, { editionId: edition.id }), grants.personId);
    return views.sort((a, b) => b.supports - a.supports || a.createdAt.localeCompare(b.createdAt));
  }

  async initiative(actor: Actor, slug: string, id: string): Promise<InitiativeView> {
    const territory = await this.territories.requireTerritory(slug);
    const initiative = await this.requireInitiative(this.db, territory, id);
    const edition = (await repo.findEdition(this.db, territory.id, initiative.editionId))!;
    const grants = await this.territories.grantsFor(actor, territory.id);
    return (await this.initiativeViews(territory, edition, [initiative], grants.personId))[0]!;
  }

  async propose(actor: Actor, slug: string, year: number, input: InitiativeInput): Promise<InitiativeView> {
    const { territory, grants, personId } = await this.participant(actor, slug);
    const kind = await this.kindOf(slug, grants, input.onBehalfOf);
    const objectiveIds = new Set((await this.currentObjectives(slug)).map((o) => o.id));
    const errors = validateInitiative(input, objectiveIds);
    if (errors.length > 0) throw invalidInput(errors);
    const initiative = await inTransaction(this.db, async (trx) => {
      const edition = await this.requireEdition(trx, territory, year);
      if (!acceptsProposals(edition.phase)) throw conflict('contributions_closed', `The ${year} workshops take initiatives while contributions are open; they are in their ${edition.phase} phase.`);
      const i: Initiative = {
        id: newId(),
        editionId: edition.id,
        title: input.title.trim(),
        description: input.description.trim(),
        proposerId: personId,
        organisationId: input.onBehalfOf,
        kind,
        objectiveIds: input.objectiveIds,
        status: 'proposed',
        createdAt: this.now(),
        triage: null,
        outcome: null,
        mergedIntoId: null,
      };
      await repo.insertInitiative(trx, territory.id, i);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.initiative_proposed', targetType: 'concertation_initiative', targetId: i.id, change: { year, title: i.title, onBehalfOf: i.organisationId, kind } }, this.clock);
      return i;
    });
    return this.initiative(actor, slug, initiative.id);
  }

  /** One support per person per initiative, while supports are open and the initiative awaits its triage. */
  async support(actor: Actor, slug: string, id: string, onBehalfOf: string | null): Promise<InitiativeView> {
    const { territory, grants, personId } = await this.participant(actor, slug);
    const kind = await this.kindOf(slug, grants, onBehalfOf);
    await inTransaction(this.db, async (trx) => {
      const initiative = await this.requireInitiative(trx, territory, id);
      const edition = (await repo.findEdition(trx, territory.id, initiative.editionId))!;
      if (!acceptsSupports(edition.phase)) throw conflict('supports_closed', `Supports for the ${edition.year} initiatives are closed (the edition is in its ${edition.phase} phase).`);
      if (initiative.status !== 'proposed') throw conflict('initiative_triaged', `« ${initiative.title} » has been answered (${initiative.status}): it takes no more supports.`);
      if (await repo.hasSupport(trx, territory.id, id, personId)) throw conflict('already_supported', `You already support « ${initiative.title} »: one support per person.`);
      await repo.insertSupport(trx, territory.id, { initiativeId: id, personId, organisationId: onBehalfOf, kind, supportedAt: this.now() });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.initiative_supported', targetType: 'concertation_initiative', targetId: id, change: { personId, onBehalfOf, kind } }, this.clock);
    });
    return this.initiative(actor, slug, id);
  }

  async withdrawSupport(actor: Actor, slug: string, id: string): Promise<void> {
    const { territory, personId } = await this.participant(actor, slug);
    await inTransaction(this.db, async (trx) => {
      const initiative = await this.requireInitiative(trx, territory, id);
      const edition = (await repo.findEdition(trx, territory.id, initiative.editionId))!;
      if (!acceptsSupports(edition.phase) || initiative.status !== 'proposed') throw conflict('supports_closed', `Supports for « ${initiative.title} » are closed: it stays counted.`);
      if ((await repo.deleteSupport(trx, territory.id, id, personId)) === 0) throw notFound('Your support');
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.support_withdrawn', targetType: 'concertation_initiative', targetId: id, change: { personId } }, this.clock);
    });
  }

  /**
   * The facilitators' public answer to an initiative: accepted as a new Task Force or a new commitment
   * (created here, and linked both ways), merged into another initiative, or declined with a reason.
   */
  async triage(actor: Actor, slug: string, id: string, input: TriageInput): Promise<InitiativeView> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator answers the emerging initiatives.');
    const reason = input.reason?.trim() ?? '';
    const errors: FieldError[] = [];
    if (input.decision === 'decline' && !reason) errors.push({ field: 'reason', code: 'required', message: 'Say why the initiative is declined: the answer is public.' });
    if (reason.length > 2_000) errors.push({ field: 'reason', code: 'too_long', message: 'The reason has at most 2,000 characters.' });
    if (errors.length > 0) throw invalidInput(errors);
    await inTransaction(this.db, async (trx) => {
      const initiative = await this.requireInitiative(trx, territory, id);
      const edition = (await repo.findEdition(trx, territory.id, initiative.editionId))!;
      if (initiative.status !== 'proposed') throw conflict('already_triaged', `« ${initiative.title} » has already been answered (${initiative.status}).`);
      if (!acceptsTriage(edition.phase)) throw conflict('triage_closed', `The ${edition.year} edition is in its ${edition.phase} phase: initiatives are answered from the opening of contributions until it closes.`);
      let outcome: Initiative['outcome'] = null;
      let mergedIntoId: string | null = null;
      const origin = `Née de l’initiative émergente « ${initiative.title} » (ateliers ${edition.year}).`;
      if (input.decision === 'accept_task_force') {
        const created = await this.pactIn(trx).taskForces.create(actor, slug, {
          name: input.taskForce.name,
          mission: input.taskForce.mission,
          socialCriteria: [],
          environmentalCriteria: [],
          governance: { method: 'consent', quorumPercent: 50 },
          budgetLines: [],
        });
        outcome = { kind: 'task_force', id: created.id };
      } else if (input.decision === 'accept_commitment') {
        const c = input.commitment;
        const made = await this.pactIn(trx).commitments.make(actor, slug, { ownerOrganisationId: c.ownerOrganisationId, taskForceId: c.taskForceId ?? null, statement: c.statement, milestoneDate: c.deadline ?? `${edition.year + 1}-12-31` });
        outcome = { kind: 'commitment', id: made.id };
      } else if (input.decision === 'merge') {
        const other = await repo.findInitiative(trx, territory.id, input.mergedIntoId);
        if (!other || other.editionId !== edition.id || other.id === id) {
          throw invalidInput([{ field: 'mergedIntoId', code: 'unknown_initiative', message: 'An initiative is merged into another initiative of the same edition.' }]);
        }
        if (other.status === 'merged' || other.status === 'declined') {
          throw invalidInput([{ field: 'mergedIntoId', code: 'not_mergeable', message: `« ${other.title} » is ${other.status}: merge into an initiative still standing.` }]);
        }
        mergedIntoId = other.id;
      }
      const status = input.decision === 'decline' ? 'declined' : input.decision === 'merge' ? 'merged' : 'accepted';
      const triaged: Initiative = { ...initiative, status, triage: { decision: input.decision, reason, decidedAt: this.now(), decidedBy: actorId(actor) }, outcome, mergedIntoId };
      await repo.recordTriage(trx, territory.id, triaged);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.initiative_triaged', targetType: 'concertation_initiative', targetId: id, change: { decision: input.decision, reason, outcome, mergedIntoId } }, this.clock);
      await this.chronicle.record(trx, territory.id, {
        kind: 'concertation.initiative_triaged',
        title: TRIAGE_TITLES[input.decision](initiative.title),
        body: [outcome ? origin : '', reason].filter(Boolean).join(' '),
        ...(outcome?.kind === 'task_force' ? { taskForceId: outcome.id } : {}),
        linkPath: `/concertation/${edition.year}#initiative-${id}`,
      });
    });
    return this.initiative(actor, slug, id);
  }

  /** The initiative a Task Force or a commitment was born from: the link back from the Pact. */
  async originOf(slug: string, kind: 'task_force' | 'commitment', id: string): Promise<{ id: string; title: string; editionYear: number }> {
    const territory = await this.territories.requireTerritory(slug);
    const initiative = await repo.initiativeByOutcome(this.db, territory.id, kind, id);
    if (!initiative) throw notFound(`An initiative that became this ${kind === 'task_force' ? 'task force' : 'commitment'}`);
    const edition = (await repo.findEdition(this.db, territory.id, initiative.editionId))!;
    return { id: initiative.id, title: initiative.title, editionYear: edition.year };
  }

  // ── balance ────────────────────────────────────────────────────────────────────────────────────

  async balance(slug: string, year: number): Promise<ParticipationBalance> {
    const territory = await this.territories.requireTerritory(slug);
    const edition = await this.requireEdition(this.db, territory, year);
    const registrations = await repo.registrations(this.db, territory.id, { editionId: edition.id });
    const initiatives = await repo.listInitiatives(this.db, territory.id, { editionId: edition.id });
    const supports = await repo.supports(this.db, territory.id, edition.id);
    return participationBalance(
      {
        registrations: registrations.map((r) => ({ personId: r.personId, kind: r.kind })),
        attendance: registrations.filter((r) => r.attended === true).map((r) => ({ personId: r.personId, kind: r.kind })),
        initiatives: initiatives.map((i) => ({ personId: i.proposerId, kind: i.kind })),
        supports: supports.map((s) => ({ personId: s.personId, kind: s.kind })),
      },
      await this.minimumShareOf(territory),
    );
  }

  async settings(slug: string): Promise<{ minimumSharePercent: number }> {
    const territory = await this.territories.requireTerritory(slug);
    return { minimumSharePercent: await this.minimumShareOf(territory) };
  }

  async updateSettings(actor: Actor, slug: string, input: { minimumSharePercent: number }): Promise<{ minimumSharePercent: number }> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator sets the balance threshold.');
    const errors = validateMinimumShare(input.minimumSharePercent);
    if (errors.length > 0) throw invalidInput(errors);
    await inTransaction(this.db, async (trx) => {
      await repo.saveMinimumShare(trx, territory.id, input.minimumSharePercent, this.now());
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.settings_updated', targetType: 'territory', targetId: territory.id, change: input }, this.clock);
    });
    return { minimumSharePercent: input.minimumSharePercent };
  }

  // ── the edition's report ───────────────────────────────────────────────────────────────────────

  /** Publishes the report of an edition from a snapshot: the edition enters its evaluation phase, and the chronicle says so. */
  async publishReport(actor: Actor, slug: string, year: number, input: { snapshotId: string; comparedWithSnapshotId?: string | null }): Promise<EditionView> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator publishes the evaluation report.');
    await inTransaction(this.db, async (trx) => {
      const edition = await this.requireEdition(trx, territory, year);
      if (await repo.findReport(trx, territory.id, edition.id)) throw conflict('report_already_published', `The report of the ${year} workshops is published; a published report is not replaced.`);
      if (edition.phase !== 'sessions') throw conflict('invalid_transition', `The report is published at the end of the workshop sessions; the ${year} edition is in its ${edition.phase} phase.`);
      const snapshot = await repo.findSnapshot(trx, territory.id, input.snapshotId);
      if (!snapshot) throw invalidInput([{ field: 'snapshotId', code: 'unknown_snapshot', message: 'No snapshot of this territory has this id.' }]);
      const compared = input.comparedWithSnapshotId ? await repo.findSnapshot(trx, territory.id, input.comparedWithSnapshotId) : null;
      if (input.comparedWithSnapshotId && !compared) throw invalidInput([{ field: 'comparedWithSnapshotId', code: 'unknown_snapshot', message: 'No snapshot of this territory has this id.' }]);
      if (compared && compared.asOf >= snapshot.asOf) throw invalidInput([{ field: 'comparedWithSnapshotId', code: 'not_earlier', message: 'The report compares with an earlier snapshot.' }]);
      const publishedAt = this.now();
      await repo.insertReport(trx, territory.id, { editionId: edition.id, snapshotId: snapshot.id, comparedWithSnapshotId: compared?.id ?? null, publishedAt, publishedBy: actorId(actor) });
      await this.enterPhase(trx, actor, territory, edition, 'evaluation', `Rapport d’évaluation publié (situation au ${snapshot.asOf}).`);
      await this.chronicle.record(trx, territory.id, {
        kind: 'concertation.report_published',
        title: `Rapport d’évaluation des ateliers ${year}`,
        body: `Les ateliers de concertation ${year} publient l’évaluation du Pacte, situation au ${frenchDate(snapshot.asOf)}${compared ? `, comparée à celle du ${frenchDate(compared.asOf)}` : ''}.`,
        linkPath: `/concertation/${year}/report`,
      });
    });
    return this.edition(actor, slug, year);
  }

  async publishedReport(slug: string, year: number): Promise<{ snapshotId: string; comparedWithSnapshotId: string | null; publishedAt: string }> {
    const territory = await this.territories.requireTerritory(slug);
    const edition = await this.requireEdition(this.db, territory, year);
    const report = await repo.findReport(this.db, territory.id, edition.id);
    if (!report) throw notFound(`The report of the ${year} workshops`);
    return report;
  }

  // ── vision adjustment ──────────────────────────────────────────────────────────────────────────

  /** The facilitators' draft of the next vision, from the workshop; objectives keep their id when they are the same objective. */
  async saveVisionDraft(actor: Actor, slug: string, year: number, input: { statement: string; objectives: (Omit<Objective, 'id'> & { id?: string })[] }): Promise<VisionDraftView> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator drafts the vision.');
    const current = await this.pact.currentVision(slug);
    const objectives: Objective[] = input.objectives.map((o) => ({ ...o, id: o.id ?? newId(), title: o.title.trim() }));
    const errors: FieldError[] = [];
    if (!input.statement.trim()) errors.push({ field: 'statement', code: 'required', message: 'The vision has a statement.' });
    objectives.forEach((o, i) => {
      if (!o.title) errors.push({ field: `objectives[${i}].title`, code: 'required', message: 'Each objective has a title.' });
      if (o.targetValue !== null && !o.unit) errors.push({ field: `objectives[${i}].unit`, code: 'required', message: 'A target value needs its unit.' });
    });
    if (new Set(objectives.map((o) => o.id)).size !== objectives.length) errors.push({ field: 'objectives', code: 'duplicate_objective', message: 'An objective appears twice.' });
    if (errors.length > 0) throw invalidInput(errors);
    await inTransaction(this.db, async (trx) => {
      const edition = await this.requireEdition(trx, territory, year);
      if (edition.phase === 'closed') throw conflict('edition_closed', `The ${year} edition is closed: its vision draft no longer changes.`);
      const existing = await repo.findVisionDraft(trx, territory.id, edition.id);
      if (existing?.publishedVersion != null) throw conflict('draft_published', `The vision drafted at the ${year} workshops is published (version ${existing.publishedVersion}).`);
      await repo.saveVisionDraft(trx, territory.id, { editionId: edition.id, statement: input.statement.trim(), objectives, basedOnVersion: current.version, updatedAt: this.now(), updatedBy: actorId(actor), publishedVersion: null });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.vision_drafted', targetType: 'concertation_edition', targetId: edition.id, change: { statement: input.statement.trim(), objectives: objectives.length } }, this.clock);
    });
    return this.visionDraft(slug, year);
  }

  async visionDraft(slug: string, year: number): Promise<VisionDraftView> {
    const territory = await this.territories.requireTerritory(slug);
    const edition = await this.requireEdition(this.db, territory, year);
    const draft = await repo.findVisionDraft(this.db, territory.id, edition.id);
    if (!draft) throw notFound(`The vision drafted at the ${year} workshops`);
    const objectives = draft.objectives as Objective[];
    const against = draft.publishedVersion !== null ? await this.pact.visionVersion(slug, draft.basedOnVersion) : await this.pact.currentVision(slug);
    const updatedBy = draft.updatedBy ? ((await this.personNames([draft.updatedBy])).get(draft.updatedBy) ?? null) : null;
    return {
      statement: draft.statement,
      objectives,
      basedOnVersion: draft.basedOnVersion,
      updatedAt: draft.updatedAt,
      updatedBy,
      publishedVersion: draft.publishedVersion,
      diff: diffVisions(against, { version: draft.publishedVersion ?? against.version + 1, statement: draft.statement, objectives }),
    };
  }

  /** Publishing the draft makes it the Pact's current vision, with the reason kept in the vision's history. */
  async publishVisionDraft(actor: Actor, slug: string, year: number, input: { reason: string }): Promise<{ version: number; reason: string | null; publishedAt: string }> {
    const { territory } = await this.requireFacilitator(actor, slug, 'Only a facilitator publishes the vision.');
    const reason = input.reason?.trim() ?? '';
    if (!reason) throw invalidInput([{ field: 'reason', code: 'required', message: 'Say why the vision changes: the reason is kept with the new version.' }]);
    return inTransaction(this.db, async (trx) => {
      const edition = await this.requireEdition(trx, territory, year);
      if (edition.phase === 'closed') throw conflict('edition_closed', `The ${year} edition is closed: publish a vision from an open edition.`);
      const draft = await repo.findVisionDraft(trx, territory.id, edition.id);
      if (!draft) throw notFound(`The vision drafted at the ${year} workshops`);
      if (draft.publishedVersion !== null) throw conflict('draft_published', `This draft is already published (version ${draft.publishedVersion}).`);
      const pactInTrx = this.pactIn(trx).pact;
      const latest = (await pactInTrx.visionVersions(slug))[0];
      if (latest && latest.version !== draft.basedOnVersion) {
        throw conflict('vision_changed', `The vision changed since the draft was written (version ${latest.version}, the draft starts from ${draft.basedOnVersion}): save the draft again to review the difference.`);
      }
      const version = await pactInTrx.publishVision(actor, slug, { statement: draft.statement, objectives: draft.objectives as Objective[], reason: `${reason} (ateliers ${year})` });
      await repo.saveVisionDraft(trx, territory.id, { ...draft, publishedVersion: version.version });
      return { version: version.version, reason: version.reason, publishedAt: version.publishedAt };
    });
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────

  private now(): string {
    return this.clock().toISOString();
  }

  private async enterPhase(trx: Executor, actor: Actor, territory: Territory, edition: Edition, phase: Phase, note: string): Promise<void> {
    const at = this.now();
    await repo.updateEdition(trx, territory.id, { ...edition, phase, updatedAt: at });
    await repo.insertPhaseChange(trx, territory.id, edition.id, { phase, enteredAt: at, enteredBy: actorId(actor), note });
    await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'concertation.phase_entered', targetType: 'concertation_edition', targetId: edition.id, change: { from: edition.phase, to: phase, note } }, this.clock);
    const title = PHASE_CHRONICLE[phase]?.(edition.year);
    if (title) await this.chronicle.record(trx, territory.id, { kind: `concertation.${phase}`, title, body: note || edition.title, linkPath: `/concertation/${edition.year}` });
  }

  private async requireFacilitator(actor: Actor, slug: string, message: string): Promise<{ territory: Territory; grants: Grants }> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!canRunConcertation(grants)) throw forbidden(message);
    return { territory, grants };
  }

  /** Anyone signed in as a person takes part. */
  private async participant(actor: Actor, slug: string): Promise<{ territory: Territory; grants: Grants; personId: string }> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (grants.personId === null) throw forbidden('Only a person takes part in the workshops.');
    return { territory, grants, personId: grants.personId };
  }

  private async kindOf(slug: string, grants: Grants, onBehalfOf: string | null): Promise<ActorKind> {
    if (onBehalfOf === null) return 'civil_society';
    if (!canSpeakFor(grants, onBehalfOf)) throw forbidden('You take part for an organisation you belong to, or as a citizen.');
    return sectorOf((await this.territories.getOrganisation(slug, onBehalfOf)).kind);
  }

  private async requireEdition(db: Executor, territory: Territory, year: number): Promise<Edition> {
    const edition = await repo.findEditionByYear(db, territory.id, year);
    if (!edition) throw notFound(`The ${year} edition of the workshops`);
    return edition;
  }

  private async requireOpenEdition(db: Executor, territory: Territory, editionId: string): Promise<Edition> {
    const edition = (await repo.findEdition(db, territory.id, editionId))!;
    if (edition.phase === 'closed') throw conflict('edition_closed', `The ${edition.year} edition is closed.`);
    return edition;
  }

  private async requireSession(db: Executor, territory: Territory, id: string): Promise<Session> {
    const session = await repo.findSession(db, territory.id, id);
    if (!session) throw notFound('The workshop session');
    return session;
  }

  private async requireInitiative(db: Executor, territory: Territory, id: string): Promise<Initiative> {
    const initiative = await repo.findInitiative(db, territory.id, id);
    if (!initiative) throw notFound('The initiative');
    return initiative;
  }

  private async minimumShareOf(territory: Territory): Promise<number> {
    return (await repo.minimumShare(this.db, territory.id)) ?? DEFAULT_MINIMUM_SHARE_PERCENT;
  }

  private async currentObjectives(slug: string): Promise<Objective[]> {
    try {
      return (await this.pact.currentVision(slug)).objectives;
    } catch {
      return [];
    }
  }

  private async personNames(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const people = await peopleRepository.findByIds(this.db, [...new Set(ids.filter((id): id is string => id !== null))]);
    return new Map([...people].map(([id, p]) => [id, p.displayName]));
  }

  private async organisationName(slug: string, id: string | null): Promise<string | null> {
    return id === null ? null : (await this.territories.getOrganisation(slug, id)).name;
  }

  private async registrationViews(slug: string, registrations: readonly Registration[]): Promise<RegistrationView[]> {
    const names = await this.personNames(registrations.map((r) => r.personId));
    const views: RegistrationView[] = [];
    for (const r of registrations) {
      views.push({ personId: r.personId, personName: names.get(r.personId) ?? '—', kind: r.kind, onBehalfOf: r.organisationId, organisationName: await this.organisationName(slug, r.organisationId), registeredAt: r.registeredAt, attended: r.attended });
    }
    return views;
  }

  private async initiativeViews(territory: Territory, edition: Edition, initiatives: readonly Initiative[], viewerId: string | null): Promise<InitiativeView[]> {
    const supports = await repo.supports(this.db, territory.id, edition.id);
    const all = new Map((await repo.listInitiatives(this.db, territory.id, { editionId: edition.id })).map((i) => [i.id, i]));
    const names = await this.personNames([...initiatives.map((i) => i.proposerId), ...initiatives.map((i) => i.triage?.decidedBy ?? null)]);
    const objectives = new Map((await this.currentObjectives(territory.slug)).map((o) => [o.id, o.title]));
    const views: InitiativeView[] = [];
    for (const i of initiatives) {
      const own = supports.filter((s) => s.initiativeId === i.id);
      views.push({
        id: i.id,
        editionYear: edition.year,
        title: i.title,
        description: i.description,
        proposerName: names.get(i.proposerId) ?? '—',
        kind: i.kind,
        organisationName: await this.organisationName(territory.slug, i.organisationId),
        objectiveIds: i.objectiveIds,
        objectives: i.objectiveIds.map((id) => ({ id, title: objectives.get(id) ?? id })),
        createdAt: i.createdAt,
        supports: own.length,
        supportedByMe: viewerId !== null && own.some((s) => s.personId === viewerId),
        status: i.status,
        triage: i.triage && { ...i.triage, decidedBy: i.triage.decidedBy ? (names.get(i.triage.decidedBy) ?? null) : null },
        outcome: i.outcome && (await this.outcomeView(territory.slug, i.outcome)),
        mergedInto: i.mergedIntoId ? { id: i.mergedIntoId, title: all.get(i.mergedIntoId)?.title ?? '' } : null,
      });
    }
    return views;
  }

  private async outcomeView(slug: string, outcome: NonNullable<Initiative['outcome']>): Promise<InitiativeView['outcome']> {
    if (outcome.kind === 'task_force') {
      const tf = await this.taskForces.get(slug, outcome.id);
      return { kind: 'task_force', id: tf.id, title: tf.name, path: `/task-forces/${tf.id}` };
    }
    const c = await this.commitments.get(slug, outcome.id);
    return { kind: 'commitment', id: c.id, title: c.statement, path: `/commitments/${c.id}` };
  }
}

const TRIAGE_TITLES: Record<TriageDecision, (title: string) => string> = {
  accept_task_force: (t) => `L’initiative « ${t} » devient une Task Force 21`,
  accept_commitment: (t) => `L’initiative « ${t} » devient un engagement du Pacte`,
  merge: (t) => `L’initiative « ${t} » rejoint une initiative voisine`,
  decline: (t) => `L’initiative « ${t} » n’est pas retenue`,
};

const PHASE_CHRONICLE: Partial<Record<Phase, (year: number) => string>> = {
  contributions: (y) => `Ateliers de concertation ${y} : les contributions sont ouvertes`,
  sessions: (y) => `Ateliers de concertation ${y} : place aux ateliers`,
  closed: (y) => `Ateliers de concertation ${y} : édition close`,
};

function frenchDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function sessionView(s: Session, registrations: readonly Registration[], viewerId: string | null): SessionView {
  const mine = viewerId ? registrations.find((r) => r.personId === viewerId) : undefined;
  const recorded = registrations.filter((r) => r.attended !== null);
  return {
    id: s.id,
    title: s.title,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    place: s.place,
    agenda: s.agenda,
    capacity: s.capacity,
    registered: registrations.length,
    attended: recorded.length === 0 ? null : recorded.filter((r) => r.attended).length,
    myRegistration: mine ? { kind: mine.kind, onBehalfOf: mine.organisationId, attended: mine.attended } : null,
  };
}
