import type { FieldError } from '../../platform/errors.js';
import type { Grants, OrganisationKind } from '../territories/model.js';

// ── the Pact and its signatories ─────────────────────────────────────────────────────────────────

export const PACT_STATUSES = ['draft', 'signed', 'closed'] as const;
export type PactStatus = (typeof PACT_STATUSES)[number];

/** The seed: a Pact 21 sets its action plans over five years. */
export const PACT_HORIZON_YEARS = 5;

export interface Pact {
  id: string;
  title: string;
  horizonStartYear: number;
  horizonEndYear: number;
  status: PactStatus;
  createdAt: string;
  signedAt: string | null;
}

export interface Signature {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  representativeId: string;
  signedOn: string;
}

export const ACTOR_SECTORS = ['public', 'private', 'civil_society'] as const;
export type ActorSector = (typeof ACTOR_SECTORS)[number];

const SECTOR_OF_KIND: Record<OrganisationKind, ActorSector> = {
  public_body: 'public',
  business: 'private',
  cooperative: 'private',
  association: 'civil_society',
  citizen_collective: 'civil_society',
};

export function sectorOf(kind: OrganisationKind): ActorSector {
  return SECTOR_OF_KIND[kind];
}

/** How many signatories each kind of actor counts: the Pact is "porté par un collectif de partenaires". */
export function signatoryBalance(signatures: readonly Pick<Signature, 'organisationKind'>[]): Record<ActorSector, number> {
  const balance: Record<ActorSector, number> = { public: 0, private: 0, civil_society: 0 };
  for (const s of signatures) balance[sectorOf(s.organisationKind)] += 1;
  return balance;
}

export const horizonEndOf = (startYear: number): number => startYear + PACT_HORIZON_YEARS;

export function validatePactFields(input: { title?: string; horizonStartYear?: number }): FieldError[] {
  const errors: FieldError[] = [];
  if (input.title !== undefined && !input.title.trim()) errors.push({ field: 'title', code: 'required', message: 'The title is required.' });
  if (input.horizonStartYear !== undefined && (!Number.isInteger(input.horizonStartYear) || input.horizonStartYear < 2000 || input.horizonStartYear > 2100)) {
    errors.push({ field: 'horizonStartYear', code: 'invalid_year', message: 'The horizon starts in a year between 2000 and 2100.' });
  }
  return errors;
}

// ── task forces ──────────────────────────────────────────────────────────────────────────────────

export const TASK_FORCE_STATUSES = ['proposed', 'active', 'closed'] as const;
export type TaskForceStatus = (typeof TASK_FORCE_STATUSES)[number];

export const TASK_FORCE_ROLES = ['lead', 'member', 'observer'] as const;
export type TaskForceRole = (typeof TASK_FORCE_ROLES)[number];

export const DECISION_METHODS = ['consent', 'majority', 'two_thirds'] as const;
export type DecisionMethod = (typeof DECISION_METHODS)[number];

export const CRITERION_DIMENSIONS = ['social', 'environmental'] as const;
export type CriterionDimension = (typeof CRITERION_DIMENSIONS)[number];

export interface Criterion {
  statement: string;
  threshold: number | null;
  unit: string | null;
  indicatorCode: string | null;
}

export interface BudgetLine {
  label: string;
  category: string;
  /** Euro cents. */
  plannedAmount: bigint;
}

export interface Governance {
  method: DecisionMethod;
  quorumPercent: number;
}

export interface TaskForceMember {
  memberType: 'organisation' | 'person';
  memberId: string;
  role: TaskForceRole;
  since: string;
}

export interface TaskForce {
  id: string;
  name: string;
  mission: string;
  socialCriteria: Criterion[];
  environmentalCriteria: Criterion[];
  governance: Governance;
  budgetLines: BudgetLine[];
  status: TaskForceStatus;
  createdAt: string;
  updatedAt: string;
}

const TASK_FORCE_TRANSITIONS: Record<TaskForceStatus, readonly TaskForceStatus[]> = {
  proposed: ['active', 'closed'],
  active: ['closed'],
  closed: [],
};

/** A task force is proposed, becomes active, and is closed; it never goes back. */
export function canMoveTaskForce(from: TaskForceStatus, to: TaskForceStatus): boolean {
  return TASK_FORCE_TRANSITIONS[from].includes(to);
}

export function validateTaskForceFields(input: {
  name?: string;
  mission?: string;
  governance?: Governance;
  socialCriteria?: readonly Criterion[];
  environmentalCriteria?: readonly Criterion[];
  budgetLines?: readonly BudgetLine[];
}): FieldError[] {
  const errors: FieldError[] = [];
  if (input.name !== undefined && !input.name.trim()) errors.push({ field: 'name', code: 'required', message: 'The name is required.' });
  if (input.mission !== undefined && !input.mission.trim()) errors.push({ field: 'mission', code: 'required', message: 'The mission is required.' });
  const q = input.governance?.quorumPercent;
  if (q !== undefined && (!Number.isInteger(q) || q < 0 || q > 100)) {
    errors.push({ field: 'governance.quorumPercent', code: 'invalid_quorum', message: 'The quorum is a whole percentage from 0 to 100.' });
  }
  for (const [field, list] of [['socialCriteria', input.socialCriteria], ['environmentalCriteria', input.environmentalCriteria]] as const) {
    list?.forEach((c, i) => {
      if (!c.statement.trim()) errors.push({ field: `${field}[${i}].statement`, code: 'required', message: 'Each criterion states what it asks.' });
      if (c.threshold !== null && !c.unit) errors.push({ field: `${field}[${i}].unit`, code: 'required', message: 'A threshold needs its unit.' });
    });
  }
  input.budgetLines?.forEach((line, i) => {
    if (!line.label.trim()) errors.push({ field: `budgetLines[${i}].label`, code: 'required', message: 'Each budget line has a label.' });
    if (line.plannedAmount < 0n) errors.push({ field: `budgetLines[${i}].plannedAmount`, code: 'negative_amount', message: 'A planned amount is not negative.' });
  });
  return errors;
}

export const plannedBudgetOf = (lines: readonly BudgetLine[]): bigint => lines.reduce((sum, l) => sum + l.plannedAmount, 0n);

/**
 * A task force's leads: people named lead, and the representatives of organisations named lead (the
 * organisation leads through whoever represents it today).
 */
export function isTaskForceLead(grants: Grants, members: readonly TaskForceMember[]): boolean {
  return members.some(
    (m) =>
      m.role === 'lead' &&
      ((m.memberType === 'person' && m.memberId === grants.personId) ||
        (m.memberType === 'organisation' && grants.organisationRoles.get(m.memberId) === 'representative')),
  );
}

// ── permissions ──────────────────────────────────────────────────────────────────────────────────

export const isFacilitator = (grants: Grants): boolean => grants.territoryRoles.has('facilitator');

/** The facilitators write the Pact, publish the vision and create task forces. */
export const canManagePact = isFacilitator;

/** Only the organisation's current representative signs for it. */
export function canSignFor(grants: Grants, organisationId: string): boolean {
  return grants.organisationRoles.get(organisationId) === 'representative';
}

export function canEditTaskForce(grants: Grants, members: readonly TaskForceMember[]): boolean {
  return isFacilitator(grants) || isTaskForceLead(grants, members);
}

/** A commitment is made by its owner's representative, or recorded by a facilitator. */
export function canMakeCommitment(grants: Grants, ownerOrganisationId: string): boolean {
  return isFacilitator(grants) || grants.organisationRoles.get(ownerOrganisationId) === 'representative';
}

/** The owner's representative and staff report progress, as do the task force's leads and the facilitators. */
export function canUpdateCommitment(grants: Grants, ownerOrganisationId: string, taskForceMembers: readonly TaskForceMember[]): boolean {
  return isFacilitator(grants) || grants.organisationRoles.has(ownerOrganisationId) || isTaskForceLead(grants, taskForceMembers);
}

/** The owner's representative and staff edit what their organisation committed to, as do the facilitators. */
export function canEditCommitment(grants: Grants, ownerOrganisationId: string): boolean {
  return isFacilitator(grants) || grants.organisationRoles.has(ownerOrganisationId);
}

/** The facilitators import commitments in bulk and announce the late ones. */
export const canImportCommitments = isFacilitator;

/**
 * Whether removing a member (`nextRole` null) or giving it another role takes away the task force's
 * last lead: someone must stay able to open decisions, so another lead is named first.
 */
export function removesLastLead(members: readonly TaskForceMember[], member: Pick<TaskForceMember, 'memberType' | 'memberId'>, nextRole: TaskForceRole | null): boolean {
  const isIt = (m: TaskForceMember) => m.memberType === member.memberType && m.memberId === member.memberId;
  const current = members.find(isIt);
  if (current?.role !== 'lead' || nextRole === 'lead') return false;
  return !members.some((m) => !isIt(m) && m.role === 'lead');
}
