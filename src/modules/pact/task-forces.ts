import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { TerritoriesService } from '../territories/service.js';
import type { ChronicleService } from './chronicle.js';
import { writerGrants } from './writer-grants.js';
import {
  canEditTaskForce,
  canManagePact,
  canMoveTaskForce,
  plannedBudgetOf,
  validateTaskForceFields,
  type BudgetLine,
  type Criterion,
  type Governance,
  type TaskForce,
  type TaskForceMember,
  type TaskForceRole,
  type TaskForceStatus,
} from './model.js';
import { countByStatus, isLate, rollUpProgress, type Commitment, type CommitmentStatus } from './commitment-model.js';
import { taskForcesRepository as repo } from './task-forces-repository.js';
import { commitmentsRepository } from './commitments-repository.js';

export interface TaskForceInput {
  name: string;
  mission: string;
  socialCriteria?: Criterion[];
  environmentalCriteria?: Criterion[];
  governance?: Governance;
  budgetLines?: BudgetLine[];
}

export type TaskForcePatch = Partial<TaskForceInput> & { status?: TaskForceStatus };

export interface TaskForceView extends TaskForce {
  plannedBudget: bigint;
  progress: number | null;
  commitmentCounts: Record<CommitmentStatus, number> & { late: number };
}

export interface TaskForceDetail extends TaskForceView {
  members: TaskForceMember[];
}

/** The seed's default: decisions by consent, half of the members present. */
const DEFAULT_GOVERNANCE: Governance = { method: 'consent', quorumPercent: 50 };

const STATUS_WORDS: Record<TaskForceStatus, string> = { proposed: 'proposée', active: 'active', closed: 'close' };

/** Task Forces 21: their mission, criteria, members, governance and budget plan. */
export class TaskForcesService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly chronicle: ChronicleService,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(actor: Actor, slug: string, input: TaskForceInput): Promise<TaskForceDetail> {
    const territory = await this.territories.requireTerritory(slug);
    if (!canManagePact(await writerGrants(this.territories, actor, territory.id))) throw forbidden('Only a facilitator creates a task force.');
    const errors = validateTaskForceFields(input);
    if (errors.length > 0) throw invalidInput(errors);
    const now = this.clock().toISOString();
    const taskForce: TaskForce = {
      id: newId(),
      name: input.name.trim(),
      mission: input.mission.trim(),
      socialCriteria: input.socialCriteria ?? [],
      environmentalCriteria: input.environmentalCriteria ?? [],
      governance: input.governance ?? DEFAULT_GOVERNANCE,
      budgetLines: input.budgetLines ?? [],
      status: 'proposed',
      createdAt: now,
      updatedAt: now,
    };
    return inTransaction(this.db, async (trx) => {
      await repo.insertTaskForce(trx, territory.id, taskForce);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'task_force.created', targetType: 'task_force', targetId: taskForce.id, change: { name: taskForce.name } }, this.clock);
      await this.chronicle.record(trx, territory.id, {
        kind: 'task_force.created',
        title: `Nouvelle Task Force : ${taskForce.name}`,
        body: taskForce.mission,
        taskForceId: taskForce.id,
        linkPath: `/task-forces/${taskForce.id}`,
      });
      return { ...viewOf(taskForce, [], now.slice(0, 10)), members: [] };
    });
  }

  /** The facilitators and the task force's leads edit it; its status only moves forward. */
  async update(actor: Actor, slug: string, id: string, patch: TaskForcePatch): Promise<TaskForceDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const errors = validateTaskForceFields(patch);
    if (errors.length > 0) throw invalidInput(errors);
    return inTransaction(this.db, async (trx) => {
      const current = await repo.findTaskForce(trx, territory.id, id);
      if (!current) throw notFound('The task force');
      const members = await repo.listMembers(trx, territory.id, id);
      if (!canEditTaskForce(grants, members)) throw forbidden('Only the leads of this task force and the facilitators edit it.');
      if (patch.status !== undefined && patch.status !== current.status && !canMoveTaskForce(current.status, patch.status)) {
        throw conflict('invalid_transition', `A ${current.status} task force cannot become ${patch.status} (proposed → active → closed).`, 'status');
      }
      const updated: TaskForce = {
        ...current,
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.mission !== undefined ? { mission: patch.mission.trim() } : {}),
        ...(patch.socialCriteria ? { socialCriteria: patch.socialCriteria } : {}),
        ...(patch.environmentalCriteria ? { environmentalCriteria: patch.environmentalCriteria } : {}),
        ...(patch.governance ? { governance: patch.governance } : {}),
        ...(patch.budgetLines ? { budgetLines: patch.budgetLines } : {}),
        ...(patch.status ? { status: patch.status } : {}),
        updatedAt: this.clock().toISOString(),
      };
      await repo.updateTaskForce(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'task_force.updated', targetType: 'task_force', targetId: id, change: patch }, this.clock);
      if (updated.status !== current.status) {
        await this.chronicle.record(trx, territory.id, {
          kind: 'task_force.status_changed',
          title: `La Task Force ${updated.name} est ${STATUS_WORDS[updated.status]}`,
          taskForceId: id,
          linkPath: `/task-forces/${id}`,
        });
      }
      const commitments = await commitmentsRepository.listCommitments(trx, territory.id, { taskForceId: id });
      return { ...viewOf(updated, commitments, this.today()), members };
    });
  }

  async list(slug: string): Promise<TaskForceView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const taskForces = await repo.listTaskForces(this.db, territory.id);
    const commitments = await commitmentsRepository.listCommitments(this.db, territory.id);
    return taskForces.map((tf) => viewOf(tf, commitments.filter((c) => c.taskForceId === tf.id), this.today()));
  }

  async get(slug: string, id: string): Promise<TaskForceDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const taskForce = await repo.findTaskForce(this.db, territory.id, id);
    if (!taskForce) throw notFound('The task force');
    const commitments = await commitmentsRepository.listCommitments(this.db, territory.id, { taskForceId: id });
    return { ...viewOf(taskForce, commitments, this.today()), members: await repo.listMembers(this.db, territory.id, id) };
  }

  /** Members that exist in the territory, whom its leads or facilitators name; a second call changes the role. */
  async setMember(actor: Actor, slug: string, id: string, input: { memberType: 'organisation' | 'person'; memberId: string; role: TaskForceRole }): Promise<TaskForceMember> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const exists =
      input.memberType === 'organisation'
        ? await this.territories.hasOrganisation(territory.id, input.memberId)
        : await this.territories.hasPerson(territory.id, input.memberId);
    if (!exists) throw notFound(input.memberType === 'organisation' ? 'The organisation' : 'This person in the territory');
    return inTransaction(this.db, async (trx) => {
      const taskForce = await repo.findTaskForce(trx, territory.id, id);
      if (!taskForce) throw notFound('The task force');
      const members = await repo.listMembers(trx, territory.id, id);
      if (!canEditTaskForce(grants, members)) throw forbidden('Only the leads of this task force and the facilitators name its members.');
      if (taskForce.status === 'closed') throw conflict('task_force_closed', 'The task force is closed.');
      const existing = members.find((m) => m.memberType === input.memberType && m.memberId === input.memberId);
      const member: TaskForceMember = { ...input, since: existing?.since ?? this.clock().toISOString() };
      await repo.upsertMember(trx, territory.id, id, member);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'task_force.member_set', targetType: 'task_force', targetId: id, change: { ...input } }, this.clock);
      return member;
    });
  }

  async members(slug: string, id: string): Promise<TaskForceMember[]> {
    const territory = await this.territories.requireTerritory(slug);
    if (!(await repo.findTaskForce(this.db, territory.id, id))) throw notFound('The task force');
    return repo.listMembers(this.db, territory.id, id);
  }

  private today(): string {
    return this.clock().toISOString().slice(0, 10);
  }
}

function viewOf(tf: TaskForce, commitments: readonly Commitment[], today: string): TaskForceView {
  return {
    ...tf,
    plannedBudget: plannedBudgetOf(tf.budgetLines),
    progress: rollUpProgress(commitments),
    commitmentCounts: { ...countByStatus(commitments), late: commitments.filter((c) => isLate(c, today)).length },
  };
}
