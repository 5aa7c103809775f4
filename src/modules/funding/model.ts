import type { FieldError } from '../../platform/errors.js';
import type { Grants } from '../territories/model.js';
import { isFacilitator, isTaskForceLead, type TaskForceMember } from '../pact/model.js';

// ── funding plans ────────────────────────────────────────────────────────────────────────────────

/** The seed's sources: "subventions, financement de grandes institutions publiques, appel à l'épargne locale, CEE…". */
export const SOURCE_KINDS = ['subsidy', 'public_institution', 'local_savings', 'crowdfunding', 'cee', 'local_currency', 'own_funds'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A public institution (Banque des Territoires, ADEME, the Region…) grants or lends. */
export const INSTRUMENTS = ['grant', 'loan'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

export const FUNDING_STATUSES = ['planned', 'requested', 'granted', 'received', 'refused'] as const;
export type FundingStatus = (typeof FUNDING_STATUSES)[number];

/** Secured money: what a funder has granted or already paid. */
export const SECURED_STATUSES: readonly FundingStatus[] = ['granted', 'received'];

export interface FundingLine {
  id: string;
  taskForceId: string;
  projectId: string | null;
  sourceKind: SourceKind;
  instrument: Instrument | null;
  funderOrganisationId: string | null;
  funderName: string;
  /** Euro cents. */
  amount: bigint;
  status: FundingStatus;
  plannedOn: string;
  requestedOn: string | null;
  grantedOn: string | null;
  receivedOn: string | null;
  refusedOn: string | null;
  note: string;
  campaignId: string | null;
  cee: CeeLineDetail | null;
  createdAt: string;
  updatedAt: string;
}

export interface CeeLineDetail {
  code: string;
  variant: string;
  zone: string | null;
  quantity: number;
  factor: number;
  kwhCumac: bigint;
  priceCentsPerMWh: bigint;
}

const STATUS_ORDER: Record<FundingStatus, number> = { planned: 0, requested: 1, granted: 2, received: 3, refused: -1 };

/**
 * A funding line moves forward (planned → requested → granted → received, steps may be skipped: own
 * funds are never "requested"), or is refused while still planned or requested. Received and refused
 * are final.
 */
export function canMoveFundingLine(from: FundingStatus, to: FundingStatus): boolean {
  if (from === to) return false;
  if (from === 'received' || from === 'refused') return false;
  if (to === 'refused') return from === 'planned' || from === 'requested';
  return STATUS_ORDER[to] > STATUS_ORDER[from];
}

/** The date column each status sets. */
export function statusDateField(status: FundingStatus): 'plannedOn' | 'requestedOn' | 'grantedOn' | 'receivedOn' | 'refusedOn' {
  return `${status}On` as 'plannedOn';
}

export interface KindCoverage {
  planned: bigint;
  requested: bigint;
  granted: bigint;
  received: bigint;
  refused: bigint;
  /** granted + received. */
  secured: bigint;
  /** Everything not refused. */
  expected: bigint;
}

export interface Coverage extends KindCoverage {
  totalCost: bigint;
  /** What the secured money still leaves to find (0 when covered). */
  remainingGap: bigint;
  /** What the expected money would still leave to find. */
  gapIfExpectedArrives: bigint;
  /** Secured money beyond the cost. */
  surplus: bigint;
  /** Secured / cost, in percent with one decimal; null when there is no cost. */
  securedPercent: number | null;
  expectedPercent: number | null;
  byKind: Record<SourceKind, KindCoverage & { securedPercent: number | null }>;
}

const emptyKind = (): KindCoverage => ({ planned: 0n, requested: 0n, granted: 0n, received: 0n, refused: 0n, secured: 0n, expected: 0n });

/** Percent with one decimal, rounded half up, exact on integers. */
export function percentOf(part: bigint, whole: bigint): number | null {
  if (whole <= 0n) return null;
  return Number((part * 1000n + whole / 2n) / whole) / 10;
}

function addTo(k: KindCoverage, status: FundingStatus, amount: bigint): void {
  k[status] += amount;
  if (status === 'granted' || status === 'received') k.secured += amount;
  if (status !== 'refused') k.expected += amount;
}

/** Coverage of a cost by funding lines: in total and by source kind. Pure; see model.test.ts for worked examples. */
export function coverageOf(totalCost: bigint, lines: readonly Pick<FundingLine, 'sourceKind' | 'status' | 'amount'>[]): Coverage {
  const total = emptyKind();
  const byKind = Object.fromEntries(SOURCE_KINDS.map((k) => [k, emptyKind()])) as Record<SourceKind, KindCoverage>;
  for (const l of lines) {
    addTo(total, l.status, l.amount);
    addTo(byKind[l.sourceKind], l.status, l.amount);
  }
  const gap = (money: bigint) => (totalCost > money ? totalCost - money : 0n);
  return {
    ...total,
    totalCost,
    remainingGap: gap(total.secured),
    gapIfExpectedArrives: gap(total.expected),
    surplus: total.secured > totalCost ? total.secured - totalCost : 0n,
    securedPercent: percentOf(total.secured, totalCost),
    expectedPercent: percentOf(total.expected, totalCost),
    byKind: Object.fromEntries(SOURCE_KINDS.map((k) => [k, { ...byKind[k], securedPercent: percentOf(byKind[k].secured, totalCost) }])) as Coverage['byKind'],
  };
}

export interface FundingLineFields {
  sourceKind?: string;
  instrument?: string | null;
  funderOrganisationId?: string | null;
  funderName?: string | null;
  amount?: bigint;
  note?: string;
}

const includes = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

export function validateFundingLine(input: FundingLineFields, creating: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (creating || input.sourceKind !== undefined) {
    if (!input.sourceKind || !includes(SOURCE_KINDS, input.sourceKind)) {
      errors.push({ field: 'sourceKind', code: 'invalid_source_kind', message: `The source is one of ${SOURCE_KINDS.join(', ')}.` });
    }
  }
  if (input.instrument !== undefined && input.instrument !== null && !includes(INSTRUMENTS, input.instrument)) {
    errors.push({ field: 'instrument', code: 'invalid_instrument', message: 'A public institution grants or lends: grant or loan.' });
  }
  if (input.sourceKind === 'public_institution' && creating && !input.instrument) {
    errors.push({ field: 'instrument', code: 'required', message: 'Say whether the public institution grants or lends (grant or loan).' });
  }
  if (creating && !input.funderOrganisationId && !input.funderName?.trim()) {
    errors.push({ field: 'funderName', code: 'required', message: 'Name the funder: one of the territory’s organisations, or in words.' });
  }
  if (input.funderName !== undefined && input.funderName !== null && input.funderName.length > 300) {
    errors.push({ field: 'funderName', code: 'too_long', message: 'The funder’s name has at most 300 characters.' });
  }
  if ((creating || input.amount !== undefined) && (input.amount === undefined || input.amount <= 0n)) {
    errors.push({ field: 'amount', code: 'amount_must_be_positive', message: 'The amount is a positive number of euro cents.' });
  }
  if (input.note !== undefined && input.note.length > 2000) errors.push({ field: 'note', code: 'too_long', message: 'The note has at most 2,000 characters.' });
  return errors;
}

export const isIsoDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

// ── permissions ──────────────────────────────────────────────────────────────────────────────────

/** The facilitators and the task force's leads write its funding plan, its projects and its campaigns. */
export function canManageFunding(grants: Grants, members: readonly TaskForceMember[]): boolean {
  return isFacilitator(grants) || isTaskForceLead(grants, members);
}

/**
 * A task force's working members: people named lead or member, and the representatives and staff of
 * organisations named lead or member (observers follow, they do not spend).
 */
export function isWorkingMember(grants: Grants, members: readonly TaskForceMember[]): boolean {
  return members.some(
    (m) =>
      m.role !== 'observer' &&
      ((m.memberType === 'person' && m.memberId === grants.personId) || (m.memberType === 'organisation' && grants.organisationRoles.has(m.memberId))),
  );
}

/** Expenses are submitted by the task force's working members (and facilitators, who help with paperwork). */
export function canSubmitExpense(grants: Grants, members: readonly TaskForceMember[]): boolean {
  return grants.personId !== null && (isFacilitator(grants) || isWorkingMember(grants, members));
}

/** Approvers are the task force's leads and the facilitators; never on their own expense (see approvalOutcome). */
export const canApproveExpenses = canManageFunding;

/** Receipts may carry personal data: the working members, facilitators and auditors see them, not the public. */
export function canSeeReceipts(grants: Grants, members: readonly TaskForceMember[]): boolean {
  return isFacilitator(grants) || grants.territoryRoles.has('auditor') || isWorkingMember(grants, members);
}

/** A matching pool is opened by a facilitator, or by the representative of the organisation that funds it. */
export function canOpenMatchPool(grants: Grants, funderOrganisationId: string | null): boolean {
  if (isFacilitator(grants)) return true;
  return funderOrganisationId !== null && grants.organisationRoles.get(funderOrganisationId) === 'representative';
}

/** A person pledges for themself once they joined the territory; an organisation through its representative. */
export function canPledgeAs(grants: Grants, pledger: { type: 'person' | 'organisation'; id: string }): boolean {
  if (pledger.type === 'person') return grants.citizen && grants.personId === pledger.id;
  return grants.organisationRoles.get(pledger.id) === 'representative';
}

export const canManageFundingSettings = isFacilitator;
