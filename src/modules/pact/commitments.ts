import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { TerritoriesService } from '../territories/service.js';
import type { ChronicleService } from './chronicle.js';
import { writerGrants } from './writer-grants.js';
import { canMakeCommitment, canUpdateCommitment } from './model.js';
import {
  applyCommitmentUpdate,
  isLate,
  validateCommitment,
  type Commitment,
  type CommitmentInput,
  type CommitmentStatus,
  type CommitmentUpdate,
} from './commitment-model.js';
import { commitmentsRepository as repo } from './commitments-repository.js';
import { pactRepository } from './repository.js';
import { taskForcesRepository } from './task-forces-repository.js';

export interface CommitmentView extends Commitment {
  late: boolean;
}

export interface CommitmentDetail extends CommitmentView {
  updates: CommitmentUpdate[];
}

export interface CommitmentUpdateInput {
  progress?: number;
  status?: CommitmentStatus;
  note?: string | null;
  evidenceUrl?: string | null;
}

/** Commitments to the Pact (engagements): who commits to what, by when, and how far they are. */
export class CommitmentsService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly chronicle: ChronicleService,
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
      if (commitment.taskForceId !== null) {
        const taskForce = await taskForcesRepository.findTaskForce(trx, territory.id, commitment.taskForceId);
        if (!taskForce) throw notFound('The task force');
        if (taskForce.status === 'closed') throw conflict('task_force_closed', `The task force ${taskForce.name} is closed.`, 'taskForceId');
      }
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
   * Reports progress: a new history row with its note and evidence, never an overwrite. The owner's
   * representative and staff, the task force's leads and the facilitators may.
   */
  async update(actor: Actor, slug: string, id: string, input: CommitmentUpdateInput): Promise<CommitmentDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    return inTransaction(this.db, async (trx) => {
      const current = await repo.findCommitment(trx, territory.id, id);
      if (!current) throw notFound('The commitment');
      const members = current.taskForceId ? await taskForcesRepository.listMembers(trx, territory.id, current.taskForceId) : [];
      if (!canUpdateCommitment(grants, current.ownerOrganisationId, members)) {
        throw forbidden("Only the owner organisation's members, the task force's leads and the facilitators report on this commitment.");
      }
      const next = applyCommitmentUpdate(current, input);
      if (!next.ok) throw invalidInput(next.errors);
      const update: CommitmentUpdate = {
        id: newId(),
        progress: next.progress,
        status: next.status,
        note: input.note?.trim() || null,
        evidenceUrl: input.evidenceUrl?.trim() || null,
        recordedAt: this.clock().toISOString(),
        recordedBy: actorId(actor),
      };
      await repo.recordUpdate(trx, territory.id, id, update);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'commitment.updated', targetType: 'commitment', targetId: id, change: { progress: update.progress, status: update.status, evidenceUrl: update.evidenceUrl } }, this.clock);
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
      const updated = { ...current, status: update.status, progress: update.progress, updatedAt: update.recordedAt };
      return { ...this.view(updated), updates: await repo.listUpdates(trx, territory.id, id) };
    });
  }

  async list(slug: string, filter: { taskForceId?: string; organisationId?: string; status?: CommitmentStatus; late?: boolean } = {}): Promise<CommitmentView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const { late, ...query } = filter;
    const views = (await repo.listCommitments(this.db, territory.id, query)).map((c) => this.view(c));
    return late === undefined ? views : views.filter((c) => c.late === late);
  }

  async get(slug: string, id: string): Promise<CommitmentDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const commitment = await repo.findCommitment(this.db, territory.id, id);
    if (!commitment) throw notFound('The commitment');
    return { ...this.view(commitment), updates: await repo.listUpdates(this.db, territory.id, id) };
  }

  async updates(slug: string, id: string): Promise<CommitmentUpdate[]> {
    return (await this.get(slug, id)).updates;
  }

  private view(c: Commitment): CommitmentView {
    return { ...c, late: isLate(c, this.clock().toISOString().slice(0, 10)) };
  }
}
