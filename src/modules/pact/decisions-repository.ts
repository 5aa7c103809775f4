import type { Executor } from '../../platform/db/transaction.js';
import { toSafeNumber } from '../../platform/db/dialect.js';
import type { DecisionMethod } from './model.js';
import type { PactTables } from './migrations.js';
import { optionsFor, type Decision, type DecisionOutcome, type DecisionStatus, type Tally, type Vote, type VoteChoice } from './decisions-model.js';

type DecisionRow = Omit<PactTables['task_force_decisions'], 'territory_id'>;

const columns = [
  'id',
  'task_force_id',
  'title',
  'text',
  'decision_method',
  'quorum_percent',
  'status',
  'opened_by',
  'opened_at',
  'closes_at',
  'review_date',
  'closed_at',
  'closed_by',
  'outcome',
  'tally_consent',
  'tally_objection',
  'tally_for',
  'tally_against',
  'tally_abstain',
  'voting_members',
] as const;

function decisionOf(r: DecisionRow): Decision {
  const method = r.decision_method as DecisionMethod;
  let tally: Tally | null = null;
  if (r.voting_members !== null) {
    const counts = {
      consent: toSafeNumber(r.tally_consent),
      objection: toSafeNumber(r.tally_objection),
      for: toSafeNumber(r.tally_for),
      against: toSafeNumber(r.tally_against),
      abstain: toSafeNumber(r.tally_abstain),
    };
    tally = { ...counts, cast: counts.consent + counts.objection + counts.for + counts.against + counts.abstain, votingMembers: toSafeNumber(r.voting_members) };
  }
  return {
    id: r.id,
    taskForceId: r.task_force_id,
    title: r.title,
    text: r.text,
    governance: { method, quorumPercent: toSafeNumber(r.quorum_percent) },
    options: optionsFor(method),
    status: r.status as DecisionStatus,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    closesAt: r.closes_at,
    reviewDate: r.review_date,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    outcome: r.outcome as DecisionOutcome | null,
    tally,
  };
}

export const decisionsRepository = {
  async insertDecision(db: Executor, territoryId: string, d: Decision): Promise<void> {
    await db
      .insertInto('task_force_decisions')
      .values({
        territory_id: territoryId,
        id: d.id,
        task_force_id: d.taskForceId,
        title: d.title,
        text: d.text,
        decision_method: d.governance.method,
        quorum_percent: BigInt(d.governance.quorumPercent),
        status: d.status,
        opened_by: d.openedBy,
        opened_at: d.openedAt,
        closes_at: d.closesAt,
        review_date: d.reviewDate,
        closed_at: null,
        closed_by: null,
        outcome: null,
        tally_consent: null,
        tally_objection: null,
        tally_for: null,
        tally_against: null,
        tally_abstain: null,
        voting_members: null,
      })
      .execute();
  },

  /** Closes an open decision with its outcome and tally; false when it was no longer open. */
  async closeDecision(db: Executor, territoryId: string, id: string, close: { closedAt: string; closedBy: string | null; outcome: DecisionOutcome; tally: Tally }): Promise<boolean> {
    const result = await db
      .updateTable('task_force_decisions')
      .set({
        status: 'closed',
        closed_at: close.closedAt,
        closed_by: close.closedBy,
        outcome: close.outcome,
        tally_consent: BigInt(close.tally.consent),
        tally_objection: BigInt(close.tally.objection),
        tally_for: BigInt(close.tally.for),
        tally_against: BigInt(close.tally.against),
        tally_abstain: BigInt(close.tally.abstain),
        voting_members: BigInt(close.tally.votingMembers),
      })
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async findDecision(db: Executor, territoryId: string, taskForceId: string, id: string): Promise<Decision | undefined> {
    const row = await db
      .selectFrom('task_force_decisions')
      .select(columns)
      .where('territory_id', '=', territoryId)
      .where('task_force_id', '=', taskForceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? decisionOf(row) : undefined;
  },

  /** A task force's decisions, newest first. */
  async listDecisions(db: Executor, territoryId: string, taskForceId: string): Promise<Decision[]> {
    const rows = await db
      .selectFrom('task_force_decisions')
      .select(columns)
      .where('territory_id', '=', territoryId)
      .where('task_force_id', '=', taskForceId)
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(decisionOf);
  },

  /** Casts a member's vote, or changes it. */
  async upsertVote(db: Executor, territoryId: string, decisionId: string, v: Vote): Promise<void> {
    await db
      .insertInto('task_force_decision_votes')
      .values({ territory_id: territoryId, decision_id: decisionId, member_type: v.memberType, member_id: v.memberId, choice: v.choice, reason: v.reason, cast_by: v.castBy, cast_at: v.castAt })
      .onConflict((oc) => oc.columns(['territory_id', 'decision_id', 'member_type', 'member_id']).doUpdateSet({ choice: v.choice, reason: v.reason, cast_by: v.castBy, cast_at: v.castAt }))
      .execute();
  },

  async listVotes(db: Executor, territoryId: string, decisionId: string): Promise<Vote[]> {
    const rows = await db
      .selectFrom('task_force_decision_votes')
      .select(['member_type', 'member_id', 'choice', 'reason', 'cast_by', 'cast_at'])
      .where('territory_id', '=', territoryId)
      .where('decision_id', '=', decisionId)
      .orderBy('cast_at')
      .orderBy('member_type')
      .orderBy('member_id')
      .execute();
    return rows.map((r) => ({ memberType: r.member_type as Vote['memberType'], memberId: r.member_id, choice: r.choice as VoteChoice, reason: r.reason, castBy: r.cast_by, castAt: r.cast_at }));
  },
};
