import type { Executor } from '../../platform/db/transaction.js';
import { peopleRepository } from '../../platform/auth/people.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, ProblemError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { TerritoriesService } from '../territories/service.js';
import type { ChronicleService } from './chronicle.js';
import type { NotificationsService } from './notifications.js';
import { writerGrants } from './writer-grants.js';
import {
  canEditTaskForce,
  canManagePact,
  canMoveTaskForce,
  plannedBudgetOf,
  removesLastLead,
  validateTaskForceFields,
  type BudgetLine,
  type Criterion,
  type Governance,
  type TaskForce,
  type TaskForceMember,
  type TaskForceRole,
  type TaskForceStatus,
} from './model.js';
import type { CommitmentStatus } from './commitment-model.js';
import { taskForcesRepository as repo } from './task-forces-repository.js';
import { commitmentsRepository, emptySums, progressOf, type RollUpSums } from './commitments-repository.js';

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

/** A member with its name: the organisation's, or the person's display name (never their email). */
export interface NamedMember extends TaskForceMember {
  name: string;
}

export interface TaskForceDetail extends TaskForceView {
  members: NamedMember[];
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
    private readonly notifications: NotificationsService,
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
      return { ...viewOf(taskForce, emptySums()), members: [] };
    });
  }

  /** The facilitators and the task force's leads edit it; its status only moves forward. */
  async update(actor: Actor, slug: string, id: string, patch: TaskForcePatch): Promise<TaskForceDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const errors = validateTaskForceFields(patch);
    if (errors.length > 0) throw invalidInput(errors);
    const updated = await inTransaction(this.db, async (trx) => {
      const current = await repo.findTaskForce(trx, territory.id, id);
      if (!current) throw notFound('The task force');
      const members = await repo.listMembers(trx, territory.id, id);
      if (!canEditTaskForce(grants, members)) throw forbidden('Only the leads of this task force and the facilitators edit it.');
      if (patch.status !== undefined && patch.status !== current.status && !canMoveTaskForce(current.status, patch.status)) {
        throw conflict('invalid_transition', `A ${current.status} task force cannot become ${patch.status} (proposed → active → closed).`, 'status');
      }
      const next: TaskForce = {
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
      await repo.updateTaskForce(trx, territory.id, next);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'task_force.updated', targetType: 'task_force', targetId: id, change: patch }, this.clock);
      if (next.status !== current.status) {
        const title = `La Task Force ${next.name} est ${STATUS_WORDS[next.status]}`;
        const linkPath = `/task-forces/${id}`;
        await this.chronicle.record(trx, territory.id, { kind: 'task_force.status_changed', title, taskForceId: id, linkPath });
        await this.notifications.notifyFollowers(
          trx,
          territory.id,
          [{ type: 'task_force', id }],
          { kind: 'task_force.status_changed', title, linkPath, about: { type: 'task_force', id } },
          actor.kind === 'person' ? actor.personId : null,
        );
      }
      return next;
    });
    return this.get(slug, updated.id);
  }

  /** Every task force with the roll-up of its commitments, summed by the database in one query. */
  async list(slug: string): Promise<TaskForceView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const taskForces = await repo.listTaskForces(this.db, territory.id);
    const sums = await commitmentsRepository.rollUp(this.db, territory.id, this.today());
    return taskForces.map((tf) => viewOf(tf, sums.get(tf.id) ?? emptySums()));
  }

  async get(slug: string, id: string): Promise<TaskForceDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const taskForce = await repo.findTaskForce(this.db, territory.id, id);
    if (!taskForce) throw notFound('The task force');
    const sums = await commitmentsRepository.rollUp(this.db, territory.id, this.today(), id);
    return { ...viewOf(taskForce, sums.get(id) ?? emptySums()), members: await this.named(slug, await repo.listMembers(this.db, territory.id, id)) };
  }

  /** Members that exist in the territory, whom its leads or facilitators name; a second call changes the role. */
  async setMember(actor: Actor, slug: string, id: string, input: { memberType: 'organisation' | 'person'; memberId: string; role: TaskForceRole }): Promise<NamedMember> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const exists =
      input.memberType === 'organisation'
        ? await this.territories.hasOrganisation(territory.id, input.memberId)
        : await this.territories.hasPerson(territory.id, input.memberId);
    if (!exists) throw notFound(input.memberType === 'organisation' ? 'The organisation' : 'This person in the territory');
    const [named] = await this.named(slug, [{ ...input, since: '' }]);
    const member = await inTransaction(this.db, async (trx) => {
      const { members } = await this.editable(trx, territory.id, id, grants, 'name its members');
      const existing = members.find((m) => m.memberType === input.memberType && m.memberId === input.memberId);
      if (existing && removesLastLead(members, existing, input.role)) throw lastLead();
      const member: TaskForceMember = { ...input, since: existing?.since ?? this.clock().toISOString() };
      await repo.upsertMember(trx, territory.id, id, member);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'task_force.member_set', targetType: 'task_force', targetId: id, change: { ...input } }, this.clock);
      return member;
    });
    return { ...member, name: named!.name };
  }

  /** Gives a current member another role (its leads, facilitators); the last lead stays until another is named. */
  async changeMemberRole(actor: Actor, slug: string, id: string, member: Pick<TaskForceMember, 'memberType' | 'memberId'>, role: TaskForceRole): Promise<NamedMember> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const changed = await inTransaction(this.db, async (trx) => {
      const { members } = await this.editable(trx, territory.id, id, grants, 'change its members’ roles');
      const existing = members.find((m) => m.memberType === member.memberType && m.memberId === member.memberId);
      if (!existing) throw notFound('This member of the task force');
      if (removesLastLead(members, existing, role)) throw lastLead();
      await repo.upsertMember(trx, territory.id, id, { ...existing, role });
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'task_force.member_role_changed', targetType: 'task_force', targetId: id, change: { ...member, from: existing.role, to: role } }, this.clock);
      return { ...existing, role };
    });
    return (await this.named(slug, [changed]))[0]!;
  }

  /** Removes a member (its leads, facilitators); the audit trail keeps who was a member and when. */
  async removeMember(actor: Actor, slug: string, id: string, member: Pick<TaskForceMember, 'memberType' | 'memberId'>): Promise<void> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    await inTransaction(this.db, async (trx) => {
      const { members } = await this.editable(trx, territory.id, id, grants, 'remove its members');
      const existing = members.find((m) => m.memberType === member.memberType && m.memberId === member.memberId);
      if (!existing) throw notFound('This member of the task force');
      if (removesLastLead(members, existing, null)) throw lastLead();
      await repo.deleteMember(trx, territory.id, id, existing);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'task_force.member_removed', targetType: 'task_force', targetId: id, change: { ...member, role: existing.role, since: existing.since } }, this.clock);
    });
  }

  async members(slug: string, id: string): Promise<NamedMember[]> {
    const territory = await this.territories.requireTerritory(slug);
    if (!(await repo.findTaskForce(this.db, territory.id, id))) throw notFound('The task force');
    return this.named(slug, await repo.listMembers(this.db, territory.id, id));
  }

  /** The task force and its members, when the actor may edit it and it is not closed. */
  private async editable(trx: Executor, territoryId: string, id: string, grants: Awaited<ReturnType<typeof writerGrants>>, what: string) {
    const taskForce = await repo.findTaskForce(trx, territoryId, id);
    if (!taskForce) throw notFound('The task force');
    const members = await repo.listMembers(trx, territoryId, id);
    if (!canEditTaskForce(grants, members)) throw forbidden(`Only the leads of this task force and the facilitators ${what}.`);
    if (taskForce.status === 'closed') throw conflict('task_force_closed', 'The task force is closed.');
    return { taskForce, members };
  }

  /** Names read outside any transaction (the territories service has its own connection). */
  private async named(slug: string, members: readonly TaskForceMember[]): Promise<NamedMember[]> {
    const people = await peopleRepository.findByIds(this.db, members.filter((m) => m.memberType === 'person').map((m) => m.memberId));
    const organisations = new Map<string, string>();
    for (const m of members) {
      if (m.memberType !== 'organisation' || organisations.has(m.memberId)) continue;
      try {
        organisations.set(m.memberId, (await this.territories.getOrganisation(slug, m.memberId)).name);
      } catch (error) {
        if (!(error instanceof ProblemError && error.status === 404)) throw error;
      }
    }
    return members.map((m) => ({ ...m, name: (m.memberType === 'organisation' ? organisations.get(m.memberId) : people.get(m.memberId)?.displayName) ?? '' }));
  }

  private today(): string {
    return this.clock().toISOString().slice(0, 10);
  }
}

function viewOf(tf: TaskForce, sums: RollUpSums): TaskForceView {
  return { ...tf, plannedBudget: plannedBudgetOf(tf.budgetLines), progress: progressOf(sums), commitmentCounts: { ...sums.counts } };
}

const lastLead = () => conflict('last_lead', 'This is the last lead of the task force: name another lead first.', 'role');
