import type { TaskForceMember } from '../../../api-contract';
import type { FundingStatus } from '../../../funding-contract';
import { isTaskForceLead, pactGrantsOf } from '../pact/pact-permissions';
import type { WorkspaceContext } from '../workspace-layout';

/**
 * What the funding workspace offers to whom. These mirror the server's permission functions
 * (src/modules/funding/model.ts) only to hide actions a person may not take; the server decides, and
 * its refusal is shown as it comes.
 */
export interface FundingRights {
  personId: string;
  isFacilitator: boolean;
  /** Leads and facilitators: plan, projects, campaigns; approving (never their own) and paying expenses. */
  canManage: boolean;
  /** Working members (people named lead or member, the representatives and staff of such organisations) and facilitators. */
  canSubmitExpenses: boolean;
}

export function fundingRightsOf(context: Pick<WorkspaceContext, 'person' | 'isFacilitator' | 'territory'>, members: readonly TaskForceMember[]): FundingRights {
  const grants = pactGrantsOf(context);
  const isWorkingMember = members.some(
    (m) => m.role !== 'observer' && (m.memberType === 'person' ? m.memberId === grants.personId : grants.organisationRoles.has(m.memberId)),
  );
  return {
    personId: grants.personId,
    isFacilitator: context.isFacilitator,
    canManage: context.isFacilitator || isTaskForceLead(grants, members),
    canSubmitExpenses: context.isFacilitator || isWorkingMember,
  };
}

const order: Record<FundingStatus, number> = { planned: 0, requested: 1, granted: 2, received: 3, refused: -1 };

/** model.ts `canMoveFundingLine`: forward, steps may be skipped; refused from planned or requested; received and refused are final. */
export function nextFundingStatuses(from: FundingStatus): FundingStatus[] {
  if (from === 'received' || from === 'refused') return [];
  const forward = (['requested', 'granted', 'received'] as const).filter((to) => order[to] > order[from]);
  return from === 'planned' || from === 'requested' ? [...forward, 'refused'] : forward;
}
