import type { Readable } from 'node:stream';
import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent, appendAuditEvents } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, type FieldError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Territory } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';
import type { ChronicleService } from './chronicle.js';
import type { NotificationsService } from './notifications.js';
import { writerGrants } from './writer-grants.js';
import { canEditCommitment, canImportCommitments, canMakeCommitment, canUpdateCommitment } from './model.js';
import {
  applyCommitmentPatch,
  applyCommitmentUpdate,
  dueDateOf,
  isLate,
  updateFromForm,
  validateCommitment,
  type Commitment,
  type CommitmentInput,
  type CommitmentPatch,
  type CommitmentStatus,
  type CommitmentUpdate,
} from './commitment-model.js';
import { cleanFileName, evidenceTypeOf, fileTooLarge, type EvidenceFile } from './evidence-model.js';
import type { EvidenceStore, StagedEvidence } from './evidence-store.js';
import { commitmentsRepository as repo } from './commitments-repository.js';
import { pactRepository } from './repository.js';
import { taskForcesRepository } from './task-forces-repository.js';

export interface CommitmentView extends Commitment {
  late: boolean;
}

export interface CommitmentUpdateView extends CommitmentUpdate {
  /** Where the uploaded file is downloaded (API path), when there is one. */
  evidenceDownloadPath: string | null;
}

export interface CommitmentDetail extends CommitmentView {
  updates: CommitmentUpdateView[];
}

export interface CommitmentUpdateInput {
  progress?: number;
  status?: CommitmentStatus;
  note?: string | null;
  evidenceUrl?: string | null;
}

/** An upload as the HTTP layer receives it: the form's text fields and, if sent, one file. */
export interface EvidenceForm {
  fields: Record<string, string>;
  file: StagedEvidence | null;
}

/** Receives the multipart body once the actor may report, staging the file through `stage`. */
export type ReceiveEvidence = (stage: EvidenceStore['stage']) => Promise<EvidenceForm>;

const STATUS_WORDS: Record<CommitmentStatus, string> = { planned: 'prévu', in_progress: 'en cours', done: 'tenu', abandoned: 'abandonné' };

/** Commitments to the Pact (engagements): who commits to what, by when, and how far they are. */
export class CommitmentsService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly chronicle: ChronicleService,
    private readonly notifications: NotificationsService,
    private readonly evidence: EvidenceStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async make(actor: Actor, slug: string, input: CommitmentInput & { ownerOrganisationId: string; taskForceId?: string | null }): Promise<CommitmentView> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const owner = await this.territories.getOrganisation(slug, input.ownerOrganisationId);
    if (!canMakeCommitment(grants, owner.id)) throw forbidden(`Only the representative of ${owner.name} or a facilitator commits it.`);
    const errors = validateCommitment(input);
    if (errors.length > 0) throw invalidInput(errors);
    const now = this.clock().toISOString();
    const commitment: Commitment = {
      id: newId(),
      ownerOrganisationId: owner.id,
      taskForceId: input.taskForceId ?? null,
      statement: input.statement.trim(),
      target: input.target ?? null,
      milestoneDate: input.milestoneDate ?? null,
      weight: input.weight ?? 1,
      status: 'planned',
      progress: 0,
      createdAt: now,
      updatedAt: now,
    };
    return inTransaction(this.db, async (trx) => {
      if (!(await pactRepository.isSignatory(trx, territory.id, owner.id))) {
        throw conflict('not_a_signatory', `${owner.name} has not signed the Pact: an organisation commits to the Pact it signed.`, 'ownerOrganisationId');
      }
      await requireOpenTaskForce(trx, territory.id, commitment.taskForceId);
      await repo.insertCommitment(trx, territory.id, commitment);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'commitment.made', targetType: 'commitment', targetId: commitment.id, change: { ...input } }, this.clock);
      await this.chronicle.record(trx, territory.id, {
        kind: 'commitment.made',
        title: `${owner.name} s’engage`,
        body: commitment.statement,
        organisationId: owner.id,
        taskForceId: commitment.taskForceId,
        linkPath: `/commitments/${commitment.id}`,
      });
      return this.view(commitment);
    });
  }

  /**
   * Changes what was committed while it is open: the statement, the target or milestone, the weight,
   * the task force. The owner's representative and staff, and the facilitators, may.
   */
  async edit(actor: Actor, slug: string, id: string, patch: CommitmentPatch): Promise<CommitmentView> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    return inTransaction(this.db, async (trx) => {
      const current = await repo.findCommitment(trx, territory.id, id);
      if (!current) throw notFound('The commitment');
      if (!canEditCommitment(grants, current.ownerOrganisationId)) throw forbidden("Only the owner organisation's members and the facilitators edit this commitment.");
      const next = applyCommitmentPatch(current, patch);
      if (!next.ok) throw invalidInput(next.errors);
      if (next.value.taskForceId !== current.taskForceId) await requireOpenTaskForce(trx, territory.id, next.value.taskForceId);
      const edited = { ...next.value, updatedAt: this.clock().toISOString() };
      await repo.updateCommitmentFields(trx, territory.id, edited);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'commitment.edited', targetType: 'commitment', targetId: id, change: { ...patch } }, this.clock);
      return this.view(edited);
    });
  }

  /**
   * Reports progress: a new history row with its note and evidence, never an overwrite. The owner's
   * representative and staff, the task force's leads and the facilitators may.
   */
  async update(actor: Actor, slug: string, id: string, input: CommitmentUpdateInput): Promise<CommitmentDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    return this.report(actor, territory, id, input, null, async (current, members) => {
      if (!canUpdateCommitment(grants, current.ownerOrganisationId, members)) throw forbiddenToReport();
    });
  }

  /**
   * Reports progress with an uploaded file. The permission is checked before the body is read, so a
   * stranger's upload is never written; a refused or failed report leaves no file behind.
   */
  async reportWithEvidence(actor: Actor, slug: string, id: string, receive: ReceiveEvidence): Promise<CommitmentDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const current = await repo.findCommitment(this.db, territory.id, id);
    if (!current) throw notFound('The commitment');
    const members = current.taskForceId ? await taskForcesRepository.listMembers(this.db, territory.id, current.taskForceId) : [];
    if (!canUpdateCommitment(grants, current.ownerOrganisationId, members)) throw forbiddenToReport();
    const staged: StagedEvidence[] = [];
    try {
      const form = await receive(async (source, name, truncated) => {
        const file = await this.evidence.stage(source, cleanFileName(name), truncated);
        staged.push(file);
        return file;
      });
      const fields = updateFromForm(form.fields);
      const errors: FieldError[] = fields.ok ? [] : [...fields.errors];
      let file: EvidenceFile | null = null;
      if (form.file === null) errors.push({ field: 'file', code: 'required', message: 'Attach the evidence file.' });
      else if (form.file.tooLarge) errors.push(fileTooLarge());
      else {
        const type = evidenceTypeOf(form.file.name, form.file.head);
        if (type.ok) file = { sha256: form.file.sha256, size: form.file.size, mediaType: type.mediaType, name: form.file.name };
        else errors.push(type.error);
      }
      if (!fields.ok || file === null) throw invalidInput(errors);
      const kept = form.file!;
      return await this.report(
        actor,
        territory,
        id,
        fields.value,
        file,
        async (latest, latestMembers) => {
          if (!canUpdateCommitment(grants, latest.ownerOrganisationId, latestMembers)) throw forbiddenToReport();
        },
        () => this.evidence.keep(kept),
      );
    } finally {
      // A kept file was moved away; whatever is still staged was refused.
      for (const file of staged) await this.evidence.discard(file);
    }
  }

  /** The bytes of an update's evidence file, with what the download needs to describe them. */
  async evidenceFile(slug: string, id: string, updateId: string): Promise<{ file: EvidenceFile; content: Readable }> {
    const territory = await this.territories.requireTerritory(slug);
    const update = await repo.findUpdate(this.db, territory.id, id, updateId);
    if (!update?.evidenceFile) throw notFound('The evidence file');
    return { file: update.evidenceFile, content: this.evidence.open(update.evidenceFile.sha256) };
  }

  /**
   * Announces, once, each open commitment whose due date has passed: a `commitment.late` chronicle
   * entry, an audit event and a notification to its followers. Remembers the announcement per due
   * date, so running it again (every hour, on several servers) announces nothing twice, and a
   * commitment given a new deadline is announced again only if it misses that one too.
   */
  async recordLate(actor: Actor, slug: string): Promise<CommitmentView[]> {
    const territory = await this.territories.requireTerritory(slug);
    if (!canImportCommitments(await writerGrants(this.territories, actor, territory.id))) throw forbidden('Only a facilitator announces late commitments.');
    const now = this.clock().toISOString();
    const candidates = await repo.unannouncedLate(this.db, territory.id, now.slice(0, 10));
    if (candidates.length === 0) return [];
    const owners = new Map<string, string>();
    for (const c of candidates) {
      if (!owners.has(c.ownerOrganisationId)) owners.set(c.ownerOrganisationId, (await this.territories.getOrganisation(slug, c.ownerOrganisationId)).name);
    }
    return inTransaction(this.db, async (trx) => {
      const announced: Commitment[] = [];
      for (const c of candidates) {
        const due = dueDateOf(c)!;
        if (!(await repo.announceLate(trx, territory.id, c.id, due, now))) continue;
        announced.push(c);
        const title = `Engagement en retard : ${c.statement}`;
        const body = `${owners.get(c.ownerOrganisationId)} — échéance du ${due} dépassée.`;
        const linkPath = `/commitments/${c.id}`;
        await this.chronicle.record(trx, territory.id, { kind: 'commitment.late', title, body, organisationId: c.ownerOrganisationId, taskForceId: c.taskForceId, linkPath, occurredAt: now });
        await this.notifications.notifyFollowers(trx, territory.id, followedBy(c), { kind: 'commitment.late', title, body, linkPath, about: { type: 'commitment', id: c.id } }, null);
      }
      await appendAuditEvents(
        trx,
        actor,
        territory.id,
        announced.map((c) => ({ action: 'commitment.late_announced', targetType: 'commitment', targetId: c.id, change: { dueDate: dueDateOf(c) } })),
        this.clock,
      );
      return announced.map((c) => this.view(c));
    });
  }

  /** The sweep over every territory, as the server's timer and the command line run it. */
  async recordLateEverywhere(actor: Actor): Promise<{ territory: string; announced: number }[]> {
    const results: { territory: string; announced: number }[] = [];
    for (const territory of await this.territories.listTerritories()) {
      results.push({ territory: territory.slug, announced: (await this.recordLate(actor, territory.slug)).length });
    }
    return results;
  }

  async list(slug: string, filter: { taskForceId?: string; organisationId?: string; status?: CommitmentStatus; late?: boolean } = {}): Promise<CommitmentView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const { late, ...query } = filter;
    const views = (await repo.listCommitments(this.db, territory.id, query)).map((c) => this.view(c));
    return late === undefined ? views : views.filter((c) => c.late === late);
  }

  /**
   * The commitments as they stood at an instant: those made by then, each with the status and progress
   * of its last update recorded by then (planned, 0 % before any), and late if due before that day.
   */
  async asOf(slug: string, instant: string): Promise<CommitmentView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const states = await repo.statesAt(this.db, territory.id, instant);
    const day = instant.slice(0, 10);
    return (await repo.listCommitments(this.db, territory.id, {}))
      .filter((c) => c.createdAt <= instant)
      .map((c) => {
        const state = states.get(c.id) ?? { status: 'planned' as const, progress: 0 };
        const then = { ...c, ...state };
        return { ...then, late: isLate(then, day) };
      });
  }

  async get(slug: string, id: string): Promise<CommitmentDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const commitment = await repo.findCommitment(this.db, territory.id, id);
    if (!commitment) throw notFound('The commitment');
    return { ...this.view(commitment), updates: viewUpdates(territory, id, await repo.listUpdates(this.db, territory.id, id)) };
  }

  async updates(slug: string, id: string): Promise<CommitmentUpdateView[]> {
    return (await this.get(slug, id)).updates;
  }

  /** Records one update: the rule, the history row, the audit event, the chronicle and the followers. */
  private async report(
    actor: Actor,
    territory: Territory,
    id: string,
    input: CommitmentUpdateInput,
    file: EvidenceFile | null,
    authorise: (current: Commitment, members: Awaited<ReturnType<typeof taskForcesRepository.listMembers>>) => Promise<void>,
    beforeCommit?: () => Promise<void>,
  ): Promise<CommitmentDetail> {
    return inTransaction(this.db, async (trx) => {
      const current = await repo.findCommitment(trx, territory.id, id);
      if (!current) throw notFound('The commitment');
      const members = current.taskForceId ? await taskForcesRepository.listMembers(trx, territory.id, current.taskForceId) : [];
      await authorise(current, members);
      const next = applyCommitmentUpdate(current, input);
      if (!next.ok) throw invalidInput(next.errors);
      const update: CommitmentUpdate = {
        id: newId(),
        progress: next.progress,
        status: next.status,
        note: input.note?.trim() || null,
        evidenceUrl: input.evidenceUrl?.trim() || null,
        evidenceFile: file,
        recordedAt: this.clock().toISOString(),
        recordedBy: actorId(actor),
      };
      await repo.recordUpdate(trx, territory.id, id, update);
      await appendAuditEvent(
        trx,
        actor,
        { territoryId: territory.id, action: 'commitment.updated', targetType: 'commitment', targetId: id, change: { progress: update.progress, status: update.status, evidenceUrl: update.evidenceUrl, evidenceSha256: file?.sha256 ?? null } },
        this.clock,
      );
      if (update.status !== current.status && (update.status === 'done' || update.status === 'abandoned')) {
        await this.chronicle.record(trx, territory.id, {
          kind: `commitment.${update.status}`,
          title: update.status === 'done' ? `Engagement tenu : ${current.statement}` : `Engagement abandonné : ${current.statement}`,
          body: update.note ?? current.statement,
          organisationId: current.ownerOrganisationId,
          taskForceId: current.taskForceId,
          linkPath: `/commitments/${id}`,
        });
      }
      const statusChanged = update.status !== current.status;
      await this.notifications.notifyFollowers(
        trx,
        territory.id,
        followedBy(current),
        {
          kind: statusChanged ? 'commitment.status_changed' : 'commitment.updated',
          title: statusChanged ? `Engagement ${STATUS_WORDS[update.status]} : ${current.statement}` : `Engagement à ${update.progress} % : ${current.statement}`,
          body: update.note ?? '',
          linkPath: `/commitments/${id}`,
          about: { type: 'commitment', id },
        },
        actor.kind === 'person' ? actor.personId : null,
      );
      await beforeCommit?.();
      const updated = { ...current, status: update.status, progress: update.progress, updatedAt: update.recordedAt };
      return { ...this.view(updated), updates: viewUpdates(territory, id, await repo.listUpdates(trx, territory.id, id)) };
    });
  }

  private view(c: Commitment): CommitmentView {
    return { ...c, late: isLate(c, this.clock().toISOString().slice(0, 10)) };
  }
}

/** Who hears of a change to a commitment: its followers, and those of its task force, whose progress it moves. */
function followedBy(c: Commitment): { type: 'commitment' | 'task_force'; id: string }[] {
  return [{ type: 'commitment', id: c.id }, ...(c.taskForceId ? [{ type: 'task_force' as const, id: c.taskForceId }] : [])];
}

function viewUpdates(territory: Territory, commitmentId: string, updates: readonly CommitmentUpdate[]): CommitmentUpdateView[] {
  return updates.map((u) => ({
    ...u,
    evidenceDownloadPath: u.evidenceFile ? `/api/v1/t/${territory.slug}/commitments/${commitmentId}/updates/${u.id}/evidence` : null,
  }));
}

const forbiddenToReport = () => forbidden("Only the owner organisation's members, the task force's leads and the facilitators report on this commitment.");

async function requireOpenTaskForce(trx: Executor, territoryId: string, taskForceId: string | null): Promise<void> {
  if (taskForceId === null) return;
  const taskForce = await taskForcesRepository.findTaskForce(trx, territoryId, taskForceId);
  if (!taskForce) throw notFound('The task force');
  if (taskForce.status === 'closed') throw conflict('task_force_closed', `The task force ${taskForce.name} is closed.`, 'taskForceId');
}
