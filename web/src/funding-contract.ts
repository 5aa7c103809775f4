/**
 * The shapes the funding API answers with (src/modules/funding: routes.ts, campaign-routes.ts,
 * expense-routes.ts). Amounts are euro cents, as JSON numbers; dates are `YYYY-MM-DD`, times ISO 8601.
 */

export const sourceKinds = ['subsidy', 'public_institution', 'local_savings', 'crowdfunding', 'cee', 'local_currency', 'own_funds'] as const;
export type SourceKind = (typeof sourceKinds)[number];

export const instruments = ['grant', 'loan'] as const;
export type Instrument = (typeof instruments)[number];

export const fundingStatuses = ['planned', 'requested', 'granted', 'received', 'refused'] as const;
export type FundingStatus = (typeof fundingStatuses)[number];

export interface CeeLineDetail {
  code: string;
  variant: string;
  zone: string | null;
  quantity: number;
  factor: number;
  kwhCumac: number;
  priceCentsPerMWh: number;
}

export interface FundingLine {
  id: string;
  taskForceId: string;
  projectId: string | null;
  sourceKind: SourceKind;
  instrument: Instrument | null;
  funderOrganisationId: string | null;
  funderName: string;
  amount: number;
  status: FundingStatus;
  plannedOn: string;
  requestedOn: string | null;
  grantedOn: string | null;
  receivedOn: string | null;
  refusedOn: string | null;
  note: string;
  /** Set on the lines a successful campaign added. */
  campaignId: string | null;
  cee: CeeLineDetail | null;
  createdAt: string;
  updatedAt: string;
}

export interface KindCoverage {
  planned: number;
  requested: number;
  granted: number;
  received: number;
  refused: number;
  /** granted + received. */
  secured: number;
  /** Every line not refused. */
  expected: number;
}

export interface Coverage extends KindCoverage {
  totalCost: number;
  remainingGap: number;
  gapIfExpectedArrives: number;
  surplus: number;
  /** Percent of the cost, one decimal; null without a cost. */
  securedPercent: number | null;
  expectedPercent: number | null;
  byKind: Record<SourceKind, KindCoverage & { securedPercent: number | null }>;
}

export interface CostLine {
  position: number;
  label: string;
  category: string;
  budgetLinePosition: number | null;
  amount: number;
}

export interface FundingPlan {
  scope: 'task_force' | 'project';
  taskForce: { id: string; name: string; status: string };
  project: { id: string; name: string; holderOrganisationId: string | null } | null;
  costLines: CostLine[];
  totalCost: number;
  lines: FundingLine[];
  coverage: Coverage;
  projects: { id: string; name: string; totalCost: number; secured: number }[];
}

export interface ProjectCost {
  budgetLinePosition: number | null;
  label: string;
  amount: number;
}

export interface FundingProject {
  id: string;
  taskForceId: string;
  name: string;
  description: string;
  holderOrganisationId: string | null;
  costs: ProjectCost[];
  totalCost: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectInput {
  name: string;
  description?: string;
  holderOrganisationId?: string | null;
  costs?: ProjectCost[];
}

export interface FundingLineInput {
  projectId?: string | null;
  sourceKind: SourceKind;
  instrument?: Instrument | null;
  funderOrganisationId?: string | null;
  funderName?: string | null;
  amount: number;
  status?: Exclude<FundingStatus, 'refused'>;
  note?: string;
}

export interface FundingLinePatch {
  amount?: number;
  instrument?: Instrument | null;
  funderOrganisationId?: string | null;
  funderName?: string | null;
  note?: string;
  status?: FundingStatus;
  /** `YYYY-MM-DD`; today by default. */
  statusDate?: string;
}

// ── CEE ─────────────────────────────────────────────────────────────────────────────────────────

export const climateZones = ['H1', 'H2', 'H3'] as const;
export type ClimateZone = (typeof climateZones)[number];

export interface CeeOperation {
  code: string;
  variant: string;
  label: string;
  unit: 'm2' | 'appliance' | 'dwelling';
  kwhCumacByZone: Record<ClimateZone, number> | null;
  kwhCumac: number | null;
  sheetVersion: string;
  source: string;
}

export interface CeeCatalogue {
  origin: 'shipped' | 'territory';
  replacedAt: string | null;
  operations: CeeOperation[];
}

export interface CeeEstimateInput {
  code: string;
  variant?: string;
  zone?: ClimateZone | null;
  quantity: number;
  factor?: number;
  priceCentsPerMWh?: number;
}

export interface CeeEstimate {
  code: string;
  variant: string;
  label: string;
  unit: CeeOperation['unit'];
  zone: string | null;
  quantity: number;
  factor: number;
  kwhCumacPerUnit: number;
  kwhCumac: number;
  priceCentsPerMWh: number;
  /** Euro cents. */
  value: number;
  sheetVersion: string;
  source: string;
}

export interface CeeLineInput extends CeeEstimateInput {
  projectId?: string | null;
  funderOrganisationId?: string | null;
  funderName?: string | null;
  note?: string;
}

export interface FundingSettings {
  /** Euro cents per MWh cumac. */
  ceePriceCentsPerMWh: number | null;
  climateZone: ClimateZone | null;
  ceeCatalogueReplacedAt: string | null;
}

// ── campaigns and matchfunding ──────────────────────────────────────────────────────────────────

export const campaignStatuses = ['draft', 'open', 'succeeded', 'failed', 'closed'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const pledgeStatuses = ['pledged', 'confirmed', 'released'] as const;
export type PledgeStatus = (typeof pledgeStatuses)[number];

export interface CampaignTotals {
  pledgedEuros: number;
  /** Local-currency cents held in the ledger, counted at par. */
  pledgedLocal: number;
  matched: number;
  raised: number;
  /** Pledges given back when the campaign failed, at par. */
  released: number;
  pledgeCount: number;
  pledgerCount: number;
}

export interface Campaign {
  id: string;
  taskForceId: string;
  projectId: string;
  projectName: string;
  title: string;
  description: string;
  goal: number;
  deadline: string;
  allOrNothing: boolean;
  beneficiaryOrganisationId: string | null;
  status: CampaignStatus;
  createdBy: string | null;
  createdAt: string;
  openedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  totals: CampaignTotals;
  /** raised / goal, percent, one decimal. */
  progressPercent: number;
  acceptsLocalCurrency: boolean;
  currencyCode: string;
}

export interface CampaignPool {
  poolId: string;
  funderName: string;
  ratioPledge: number;
  ratioMatch: number;
  /** What the pool matched on this campaign. */
  matched: number;
  status: 'open' | 'closed';
}

export interface PublicPledge {
  id: string;
  pledgerType: 'person' | 'organisation';
  /** An organisation's name; null for people, who stay anonymous. */
  pledgerName: string | null;
  unit: string;
  amount: number;
  matched: number;
  status: PledgeStatus;
  createdAt: string;
}

export interface CampaignDetail extends Campaign {
  pools: CampaignPool[];
  pledges: PublicPledge[];
}

export interface CampaignInput {
  title: string;
  description?: string;
  goal: number;
  /** ISO 8601 date-time. */
  deadline: string;
  allOrNothing?: boolean;
  beneficiaryOrganisationId?: string | null;
}

export interface Pledge {
  id: string;
  campaignId: string;
  campaignTitle: string;
  pledgerType: 'person' | 'organisation';
  pledgerId: string;
  /** EUR or the local currency code. */
  unit: string;
  amount: number;
  matched: number;
  status: PledgeStatus;
  pendingTransferId: string | null;
  pledgedBy: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

export interface PledgeInput {
  currency: 'EUR' | 'local';
  amount: number;
  organisationId?: string;
}

export interface MatchPool {
  id: string;
  /** null: every campaign of the territory. */
  taskForceId: string | null;
  funderOrganisationId: string | null;
  funderName: string;
  amount: number;
  ratioPledge: number;
  ratioMatch: number;
  capPerPledge: number | null;
  capPerProject: number | null;
  committed: number;
  remaining: number;
  status: 'open' | 'closed';
  createdBy: string | null;
  createdAt: string;
}

export interface MatchPoolInput {
  taskForceId?: string | null;
  funderOrganisationId?: string | null;
  funderName?: string;
  amount: number;
  ratio?: { pledge: number; match: number };
  capPerPledge?: number | null;
  capPerProject?: number | null;
}

export interface CampaignResolution {
  campaignId: string;
  title: string;
  outcome: 'succeeded' | 'failed';
  raised: number;
  goal: number;
}

// ── budget execution ────────────────────────────────────────────────────────────────────────────

export const expenseStatuses = ['drafted', 'submitted', 'approved', 'rejected', 'paid'] as const;
export type ExpenseStatus = (typeof expenseStatuses)[number];

export interface ExpenseApproval {
  approverId: string;
  /** The approver's display name; approvals are public. */
  approverName: string;
  decision: 'approve' | 'reject';
  note: string;
  decidedAt: string;
}

export interface Expense {
  id: string;
  taskForceId: string;
  projectId: string | null;
  budgetLinePosition: number;
  budgetLineLabel: string;
  fundingLineId: string | null;
  payee: string;
  description: string;
  amount: number;
  incurredOn: string;
  status: ExpenseStatus;
  submittedBy: string | null;
  submittedByName: string | null;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  paidAt: string | null;
  paidBy: string | null;
  paidByName: string | null;
  receipt: { sha256: string; name: string; mediaType: string; size: number } | null;
  approvals: ExpenseApproval[];
  approversRequired: number;
}

export interface ExpenseInput {
  projectId?: string | null;
  budgetLinePosition: number;
  fundingLineId?: string | null;
  payee: string;
  description: string;
  amount: number;
  /** `YYYY-MM-DD`. */
  incurredOn: string;
}

export interface ExecutionRow {
  planned: number;
  /** Approved and paid. */
  committed: number;
  paid: number;
  /** planned − committed; negative when overspent. */
  remaining: number;
  committedPercent: number | null;
}

export interface Execution {
  taskForceId: string;
  byBudgetLine: (ExecutionRow & { position: number; label: string; category: string })[];
  byFunder: (ExecutionRow & { funderKey: string | null; funderName: string; funderOrganisationId: string | null; secured: number })[];
  totals: { planned: number; committed: number; paid: number };
  counts: Record<string, number>;
}

export interface ApprovalRule {
  taskForceId: string;
  approversRequired: number;
}
