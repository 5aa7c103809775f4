import type { FieldError } from '../../platform/errors.js';
import type { Grants } from '../territories/model.js';
import type { DecisionMethod, Governance, TaskForceMember, TaskForceRole } from './model.js';

// ── decisions in a Task Force (Loomio's proposals: consent, quorum, closing and review dates) ────

export const DECISION_STATUSES = ['open', 'closed'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const DECISION_OUTCOMES = ['adopted', 'rejected', 'no_quorum'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const VOTE_CHOICES = ['consent', 'objection', 'for', 'against', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

const CONSENT_OPTIONS: readonly VoteChoice[] = ['consent', 'objection', 'abstain'];
const VOTE_OPTIONS: readonly VoteChoice[] = ['for', 'against', 'abstain'];

/** The fixed options of a proposal: consent / objection / abstain by consent, for / against / abstain otherwise. */
export const optionsFor = (method: DecisionMethod): VoteChoice[] => [...(method === 'consent' ? CONSENT_OPTIONS : VOTE_OPTIONS)];

/** Leads and members vote; observers follow without voting. */
export const VOTING_ROLES: readonly TaskForceRole[] = ['lead', 'member'];
export const isVotingMember = (m: Pick<TaskForceMember, 'role'>): boolean => VOTING_ROLES.includes(m.role);

export interface Decision {
  id: string;
  taskForceId: string;
  title: string;
  text: string;
  /** The task force's rule when the proposal was opened: changing the rule later does not change an open vote. */
  governance: Governance;
  options: VoteChoice[];
  status: DecisionStatus;
  openedBy: string | null;
  openedAt: string;
  closesAt: string;
  reviewDate: string | null;
  closedAt: string | null;
  closedBy: string | null;
  outcome: DecisionOutcome | null;
  /** Recorded when the decision is closed. */
  tally: Tally | null;
}

/** One vote per voting member: an organisation votes through its representative, a person for themselves. */
export interface Vote {
  memberType: 'organisation' | 'person';
  memberId: string;
  choice: VoteChoice;
  /** Why the member votes so; an objection always carries one. */
  reason: string | null;
  castBy: string | null;
  castAt: string;
}

export interface Tally extends Record<VoteChoice, number> {
  /** Votes cast, abstentions included (they count for the quorum). */
  cast: number;
  /** Voting members (leads and members) when the decision was closed. */
  votingMembers: number;
}

export function tallyOf(choices: readonly VoteChoice[], votingMembers: number): Tally {
  const tally: Tally = { consent: 0, objection: 0, for: 0, against: 0, abstain: 0, cast: choices.length, votingMembers };
  for (const c of choices) tally[c] += 1;
  return tally;
}

/** Votes cast ≥ quorum % of the voting members, in integers: no rounding at the boundary. */
export const quorumReached = (tally: Pick<Tally, 'cast' | 'votingMembers'>, quorumPercent: number): boolean => tally.cast * 100 >= quorumPercent * tally.votingMembers;

/**
 * The outcome of a closed decision under the task force's rule. Without the quorum, nothing is
 * decided. Consent: adopted unless anyone objects. Majority: more for than against (a tie is
 * rejected). Two-thirds: for ≥ 2/3 of the votes cast for or against (abstentions left out), and at
 * least one such vote.
 */
export function outcomeOf(governance: Governance, tally: Tally): DecisionOutcome {
  if (!quorumReached(tally, governance.quorumPercent)) return 'no_quorum';
  switch (governance.method) {
    case 'consent':
      return tally.objection > 0 ? 'rejected' : 'adopted';
    case 'majority':
      return tally.for > tally.against ? 'adopted' : 'rejected';
    case 'two_thirds': {
      const expressed = tally.for + tally.against;
      return expressed > 0 && 3 * tally.for >= 2 * expressed ? 'adopted' : 'rejected';
    }
  }
}

/**
 * The member a person votes as: with `organisationId`, that organisation if the person is its current
 * representative and it is a voting member; without, the person themselves if they are a voting
 * member. Null when they may not vote.
 */
export function voterOf(grants: Grants, members: readonly TaskForceMember[], organisationId?: string): TaskForceMember | null {
  const voting = members.filter(isVotingMember);
  if (organisationId !== undefined) {
    if (grants.organisationRoles.get(organisationId) !== 'representative') return null;
    return voting.find((m) => m.memberType === 'organisation' && m.memberId === organisationId) ?? null;
  }
  if (grants.personId === null) return null;
  return voting.find((m) => m.memberType === 'person' && m.memberId === grants.personId) ?? null;
}

export const MAX_VOTE_REASON_LENGTH = 2000;

/**
 * The reason given with a vote, trimmed (blank is none), or the field at fault. Under consent an
 * objection blocks the proposal, so the members must be told why: it cannot be cast without one.
 */
export function voteReasonOf(choice: VoteChoice, reason: string | null | undefined): { ok: true; value: string | null } | { ok: false; error: FieldError } {
  const value = reason?.trim() || null;
  if (value !== null && value.length > MAX_VOTE_REASON_LENGTH) {
    return { ok: false, error: { field: 'reason', code: 'too_long', message: `The reason is at most ${MAX_VOTE_REASON_LENGTH} characters.` } };
  }
  if (choice === 'objection' && value === null) {
    return { ok: false, error: { field: 'reason', code: 'objection_reason_required', message: 'An objection says why the proposal would harm the mission.' } };
  }
  return { ok: true, value };
}

/** Votes are taken while the decision is open and before its closing date. */
export const acceptsVotes = (d: Pick<Decision, 'status' | 'closesAt'>, now: string): boolean => d.status === 'open' && now < d.closesAt;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export interface DecisionInput {
  title: string;
  text: string;
  closesAt: string;
  reviewDate?: string | null;
}

/** A title and a text, a closing date in the future, and a review date (if any) not before the closing. */
export function validateDecision(input: DecisionInput, now: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.title.trim()) errors.push({ field: 'title', code: 'required', message: 'The proposal has a title.' });
  if (!input.text.trim()) errors.push({ field: 'text', code: 'required', message: 'The proposal says what is proposed.' });
  const closes = Date.parse(input.closesAt);
  if (Number.isNaN(closes)) errors.push({ field: 'closesAt', code: 'invalid_date', message: 'The closing date is a date and time (ISO 8601).' });
  else if (new Date(closes).toISOString() <= now) errors.push({ field: 'closesAt', code: 'closing_in_past', message: 'The closing date is in the future.' });
  const review = input.reviewDate ?? null;
  if (review !== null) {
    if (!isDate(review)) errors.push({ field: 'reviewDate', code: 'invalid_date', message: 'The review date is a date YYYY-MM-DD.' });
    else if (!Number.isNaN(closes) && review < new Date(closes).toISOString().slice(0, 10)) {
      errors.push({ field: 'reviewDate', code: 'review_before_closing', message: 'The review date is not before the closing date.' });
    }
  }
  return errors;
}
