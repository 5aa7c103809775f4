import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { TerritoriesService } from '../territories/service.js';
import type { ChronicleService } from './chronicle.js';
import type { NotificationsService } from './notifications.js';
import { writerGrants } from './writer-grants.js';
import { isTaskForceLead } from './model.js';
import {
  acceptsVotes,
  isVotingMember,
  optionsFor,
  outcomeOf,
  tallyOf,
  validateDecision,
  voterOf,
  voteReasonOf,
  type Decision,
  type DecisionInput,
  type DecisionOutcome,
  type Tally,
  type Vote,
  type VoteChoice,
} from './decisions-model.js';
import { decisionsRepository as repo } from './decisions-repository.js';
import { taskForcesRepository } from './task-forces-repository.js';

/** A decision with every vote cast: votes per member are public (the Pact's transparency). */
export interface DecisionDetail extends Decision {
  votes: Vote[];
}

const OUTCOME_WORDS: Record<DecisionOutcome, string> = { adopted: 'adoptée', rejected: 'rejetée', no_quorum: 'sans quorum' };

/** Decisions in a Task Force: a lead opens a proposal, voting members vote, the outcome follows the task force's rule. */
export class DecisionsService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly chronicle: ChronicleService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Only a lead of the task force opens a proposal, under the task force's current rule. */
  async open(actor: Actor, slug: string, taskForceId: string, input: DecisionInput): Promise<DecisionDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const now = this.clock().toISOString();
    return inTransaction(this.db, async (trx) => {
      const taskForce = await taskForcesRepository.findTaskForce(trx, territory.id, taskForceId);
      if (!taskForce) throw notFound('The task force');
      const members = await taskForcesRepository.listMembers(trx, territory.id, taskForceId);
      if (!isTaskForceLead(grants, members)) throw forbidden('Only a lead of this task force opens a decision.');
      if (taskForce.status === 'closed') throw conflict('task_force_closed', `The task force ${taskForce.name} is closed.`);
      const errors = validateDecision(input, now);
      if (errors.length > 0) throw invalidInput(errors);
      const decision: Decision = {
        id: newId(),
        taskForceId,
        title: input.title.trim(),
        text: input.text.trim(),
        governance: taskForce.governance,
        options: optionsFor(taskForce.governance.method),
        status: 'open',
        openedBy: actorId(actor),
        openedAt: now,
        closesAt: new Date(input.closesAt).toISOString(),
        reviewDate: input.reviewDate ?? null,
        closedAt: null,
        closedBy: null,
        outcome: null,
        tally: null,
      };
      await repo.insertDecision(trx, territory.id, decision);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'decision.opened', targetType: 'decision', targetId: decision.id, change: { taskForceId, title: decision.title, closesAt: decision.closesAt } }, this.clock);
      return { ...decision, votes: [] };
    });
  }

  /**
   * One vote per voting member, changeable until the closing: a person votes for themselves, an
   * organisation through its current representative (`organisationId`). Observers do not vote.
   */
  async vote(actor: Actor, slug: string, taskForceId: string, id: string, input: { choice: VoteChoice; reason?: string | null; organisationId?: string }): Promise<DecisionDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const now = this.clock().toISOString();
    return inTransaction(this.db, async (trx) => {
      const decision = await repo.findDecision(trx, territory.id, taskForceId, id);
      if (!decision) throw notFound('The decision');
      const members = await taskForcesRepository.listMembers(trx, territory.id, taskForceId);
      const voter = voterOf(grants, members, input.organisationId);
      if (!voter) {
        throw forbidden(
          input.organisationId !== undefined
            ? 'Only the representative of an organisation that is a lead or member of this task force votes for it.'
            : 'Only the leads and members of this task force vote; observers do not.',
        );
      }
      if (!acceptsVotes(decision, now)) throw conflict('voting_closed', 'This decision is closed to votes.');
      if (!decision.options.includes(input.choice)) {
        throw invalidInput([{ field: 'choice', code: 'invalid_choice', message: `The options are ${decision.options.join(', ')}.` }]);
      }
      const reason = voteReasonOf(input.choice, input.reason);
      if (!reason.ok) throw invalidInput([reason.error]);
      const vote: Vote = { memberType: voter.memberType, memberId: voter.memberId, choice: input.choice, reason: reason.value, castBy: actorId(actor), castAt: now };
      await repo.upsertVote(trx, territory.id, id, vote);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'decision.voted', targetType: 'decision', targetId: id, change: { memberType: vote.memberType, memberId: vote.memberId, choice: vote.choice, reason: vote.reason } }, this.clock);
      return { ...decision, votes: await repo.listVotes(trx, territory.id, id) };
    });
  }

  /**
   * Closes the vote: a lead at any time, anyone signed in once the closing date has passed. The tally
   * counts the votes of the task force's voting members at that moment; the outcome goes to the chronicle.
   */
  async close(actor: Actor, slug: string, taskForceId: string, id: string): Promise<DecisionDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const grants = await writerGrants(this.territories, actor, territory.id);
    const now = this.clock().toISOString();
    return inTransaction(this.db, async (trx) => {
      const decision = await repo.findDecision(trx, territory.id, taskForceId, id);
      if (!decision) throw notFound('The decision');
      const taskForce = await taskForcesRepository.findTaskForce(trx, territory.id, taskForceId);
      if (!taskForce) throw notFound('The task force');
      const members = await taskForcesRepository.listMembers(trx, territory.id, taskForceId);
      if (decision.status !== 'open') throw conflict('decision_closed', 'This decision is already closed.');
      if (now < decision.closesAt && !isTaskForceLead(grants, members)) throw forbidden('Before its closing date, only a lead of this task force closes a decision.');
      const voting = members.filter(isVotingMember);
      const key = (m: { memberType: string; memberId: string }) => `${m.memberType}:${m.memberId}`;
      const eligible = new Set(voting.map(key));
      const votes = await repo.listVotes(trx, territory.id, id);
      const tally = tallyOf(votes.filter((v) => eligible.has(key(v))).map((v) => v.choice), voting.length);
      const outcome = outcomeOf(decision.governance, tally);
      const closed = { closedAt: now, closedBy: actorId(actor), outcome, tally };
      if (!(await repo.closeDecision(trx, territory.id, id, closed))) throw conflict('decision_closed', 'This decision is already closed.');
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'decision.closed', targetType: 'decision', targetId: id, change: { outcome, tally } }, this.clock);
      const title = `Décision ${OUTCOME_WORDS[outcome]} (${taskForce.name}) : ${decision.title}`;
      const body = tallyText(decision.options, tally);
      const linkPath = `/task-forces/${taskForceId}`;
      await this.chronicle.record(trx, territory.id, { kind: 'decision.taken', title, body, taskForceId, linkPath, occurredAt: now });
      await this.notifications.notifyFollowers(
        trx,
        territory.id,
        [{ type: 'task_force', id: taskForceId }],
        { kind: 'decision.taken', title, body, linkPath, about: { type: 'task_force', id: taskForceId } },
        actor.kind === 'person' ? actor.personId : null,
      );
      return { ...decision, ...closed, status: 'closed' as const, votes };
    });
  }

  async list(slug: string, taskForceId: string): Promise<Decision[]> {
    const territory = await this.territories.requireTerritory(slug);
    if (!(await taskForcesRepository.findTaskForce(this.db, territory.id, taskForceId))) throw notFound('The task force');
    return repo.listDecisions(this.db, territory.id, taskForceId);
  }

  async get(slug: string, taskForceId: string, id: string): Promise<DecisionDetail> {
    const territory = await this.territories.requireTerritory(slug);
    const decision = await repo.findDecision(this.db, territory.id, taskForceId, id);
    if (!decision) throw notFound('The decision');
    return { ...decision, votes: await repo.listVotes(this.db, territory.id, id) };
  }
}

const CHOICE_WORDS: Record<VoteChoice, string> = { consent: 'consentement', objection: 'objection', for: 'pour', against: 'contre', abstain: 'abstention' };

function tallyText(options: readonly VoteChoice[], tally: Tally): string {
  const counts = options.map((o) => `${tally[o]} ${CHOICE_WORDS[o]}`).join(', ');
  return `${counts} — ${tally.cast} vote(s) sur ${tally.votingMembers} membre(s) votant(s).`;
}
