import type { Commitment, Decision, TaskForceMember } from '../../../api-contract';
import type { WorkspaceContext } from '../workspace-layout';

/**
 * What the workspace offers to whom. These mirror the server's permission functions
 * (src/modules/pact/model.ts, decisions-model.ts) only to hide actions a person may not take; the
 * server decides, and its refusal is shown as it comes.
 */
export interface PactGrants {
  personId: string;
  isFacilitator: boolean;
  /** Organisation id → `representative` or `staff`. */
  organisationRoles: Map<string, string>;
}

export function pactGrantsOf(context: Pick<WorkspaceContext, 'person' | 'isFacilitator' | 'territory'>): PactGrants {
  return {
    personId: context.person.id,
    isFacilitator: context.isFacilitator,
    organisationRoles: new Map(context.territory.organisations.map((o) => [o.id, o.role])),
  };
}

const represents = (grants: PactGrants, organisationId: string) => grants.organisationRoles.get(organisationId) === 'representative';

/** The member I act as: myself, or an organisation I represent. */
export function isMe(grants: PactGrants, member: Pick<TaskForceMember, 'memberType' | 'memberId'>): boolean {
  return member.memberType === 'person' ? member.memberId === grants.personId : represents(grants, member.memberId);
}

export const isTaskForceLead = (grants: PactGrants, members: readonly TaskForceMember[]): boolean =>
  members.some((m) => m.role === 'lead' && isMe(grants, m));

export const canEditTaskForce = (grants: PactGrants, members: readonly TaskForceMember[]): boolean =>
  grants.isFacilitator || isTaskForceLead(grants, members);

export const canMakeCommitmentFor = (grants: PactGrants, organisationId: string): boolean =>
  grants.isFacilitator || represents(grants, organisationId);

export const canUpdateCommitment = (
  grants: PactGrants,
  commitment: Pick<Commitment, 'ownerOrganisationId'>,
  taskForceMembers: readonly TaskForceMember[],
): boolean => grants.isFacilitator || grants.organisationRoles.has(commitment.ownerOrganisationId) || isTaskForceLead(grants, taskForceMembers);

/** The owner's representative and staff edit what their organisation committed to, as do the facilitators (model.ts `canEditCommitment`). */
export const canEditCommitment = (grants: PactGrants, commitment: Pick<Commitment, 'ownerOrganisationId'>): boolean =>
  grants.isFacilitator || grants.organisationRoles.has(commitment.ownerOrganisationId);

/** Leads and members vote, observers do not: as whom I may vote (myself, organisations I represent). */
export const votingIdentities = (grants: PactGrants, members: readonly TaskForceMember[]): TaskForceMember[] =>
  members.filter((m) => (m.role === 'lead' || m.role === 'member') && isMe(grants, m));

/** A lead closes a decision at any time; once its closing date has passed, anyone signed in may. */
export const canCloseDecision = (grants: PactGrants, members: readonly TaskForceMember[], decision: Pick<Decision, 'status' | 'closesAt'>, now: Date): boolean =>
  decision.status === 'open' && (isTaskForceLead(grants, members) || now.toISOString() >= decision.closesAt);

export const acceptsVotes = (decision: Pick<Decision, 'status' | 'closesAt'>, now: Date): boolean =>
  decision.status === 'open' && now.toISOString() < decision.closesAt;

/** My role in a task force: the highest of mine and of the organisations I represent. */
export function myTaskForceRole(grants: PactGrants, members: readonly TaskForceMember[]): TaskForceMember['role'] | null {
  const mine = members.filter((m) => isMe(grants, m));
  for (const role of ['lead', 'member', 'observer'] as const) if (mine.some((m) => m.role === role)) return role;
  return null;
}
