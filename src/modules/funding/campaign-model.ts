import type { FieldError } from '../../platform/errors.js';

// ── crowdfunding campaigns ───────────────────────────────────────────────────────────────────────

export const CAMPAIGN_STATUSES = ['draft', 'open', 'succeeded', 'failed', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * draft → open by its managers; open → succeeded or failed only at the deadline (closeDueCampaigns);
 * a draft may be dropped, and a resolved campaign archived, by closing it.
 */
const CAMPAIGN_TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['open', 'closed'],
  open: ['succeeded', 'failed'],
  succeeded: ['closed'],
  failed: ['closed'],
  closed: [],
};

export function canMoveCampaign(from: CampaignStatus, to: CampaignStatus): boolean {
  return CAMPAIGN_TRANSITIONS[from].includes(to);
}

/** A pledge is held until the deadline, then confirmed (the campaign succeeded) or released (it failed). */
export const PLEDGE_STATUSES = ['pledged', 'confirmed', 'released'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export interface CampaignTotals {
  /** Euro pledges, recorded (no payment provider: see docs/funding.md). */
  pledgedEuros: bigint;
  /** Local-currency pledges held in the ledger, counted at par: the currency is backed 1:1 by euros. */
  pledgedLocal: bigint;
  matched: bigint;
  raised: bigint;
  /** Pledges given back when the campaign failed (euros released, local currency voided), at par. */
  released: bigint;
  pledgeCount: number;
  pledgerCount: number;
}

/** What counts toward the goal: every pledge and match not released. */
export function campaignTotals(
  pledges: readonly { unit: string; amount: bigint; status: PledgeStatus; pledgerType: string; pledgerId: string }[],
  matches: readonly { amount: bigint; status: PledgeStatus }[],
): CampaignTotals {
  const live = pledges.filter((p) => p.status !== 'released');
  const pledgedEuros = live.filter((p) => p.unit === 'EUR').reduce((s, p) => s + p.amount, 0n);
  const pledgedLocal = live.filter((p) => p.unit !== 'EUR').reduce((s, p) => s + p.amount, 0n);
  const matched = matches.filter((m) => m.status !== 'released').reduce((s, m) => s + m.amount, 0n);
  return {
    pledgedEuros,
    pledgedLocal,
    matched,
    raised: pledgedEuros + pledgedLocal + matched,
    released: pledges.filter((p) => p.status === 'released').reduce((s, p) => s + p.amount, 0n),
    pledgeCount: live.length,
    pledgerCount: new Set(live.map((p) => `${p.pledgerType}:${p.pledgerId}`)).size,
  };
}

/**
 * At the deadline: all-or-nothing campaigns succeed only if they reached their goal; a keep-it-all
 * campaign succeeds with anything raised.
 */
export function outcomeAtDeadline(campaign: { goal: bigint; allOrNothing: boolean }, raised: bigint): 'succeeded' | 'failed' {
  if (raised >= campaign.goal) return 'succeeded';
  return !campaign.allOrNothing && raised > 0n ? 'succeeded' : 'failed';
}

export function validateCampaign(input: { title?: string; description?: string; goal?: bigint; deadline?: string }, now: Date, creating: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if ((creating || input.title !== undefined) && !input.title?.trim()) errors.push({ field: 'title', code: 'required', message: 'The campaign has a title.' });
  if (input.title !== undefined && input.title.length > 200) errors.push({ field: 'title', code: 'too_long', message: 'The title has at most 200 characters.' });
  if (input.description !== undefined && input.description.length > 10_000) errors.push({ field: 'description', code: 'too_long', message: 'The description has at most 10,000 characters.' });
  if ((creating || input.goal !== undefined) && (input.goal === undefined || input.goal <= 0n)) {
    errors.push({ field: 'goal', code: 'amount_must_be_positive', message: 'The goal is a positive number of euro cents.' });
  }
  if (creating || input.deadline !== undefined) {
    const at = input.deadline === undefined ? Number.NaN : Date.parse(input.deadline);
    if (Number.isNaN(at)) errors.push({ field: 'deadline', code: 'invalid_date', message: 'The deadline is a date and time (ISO 8601).' });
    else if (at <= now.getTime()) errors.push({ field: 'deadline', code: 'deadline_in_the_past', message: 'The deadline is in the future.' });
  }
  return errors;
}

// ── matchfunding ─────────────────────────────────────────────────────────────────────────────────

export interface MatchPoolRules {
  /** Euro cents the funder puts in. */
  amount: bigint;
  /** The pool gives `ratioMatch` for every `ratioPledge` pledged: 1:1 is (1, 1); "1 € for 2 €" is (2, 1). */
  ratioPledge: bigint;
  ratioMatch: bigint;
  capPerPledge: bigint | null;
  capPerProject: bigint | null;
}

/**
 * Goteo's matchfunding rule: the pool adds `ratio × pledge`, within the cap per pledge, what is left
 * for the project under the cap per project, and what is left in the pool; a person is matched once
 * per pool. Rounded down to the cent, so the pool never gives more than the ratio says.
 */
export function matchFor(
  rules: MatchPoolRules,
  state: { pledge: bigint; committed: bigint; committedForProject: bigint; pledgerAlreadyMatched: boolean },
): bigint {
  if (state.pledgerAlreadyMatched || state.pledge <= 0n) return 0n;
  let match = (state.pledge * rules.ratioMatch) / rules.ratioPledge;
  if (rules.capPerPledge !== null && match > rules.capPerPledge) match = rules.capPerPledge;
  if (rules.capPerProject !== null) {
    const left = rules.capPerProject - state.committedForProject;
    if (match > left) match = left;
  }
  const poolLeft = rules.amount - state.committed;
  if (match > poolLeft) match = poolLeft;
  return match > 0n ? match : 0n;
}

export function validateMatchPool(input: { funderName: string; funderOrganisationId: string | null } & MatchPoolRules): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.funderOrganisationId && !input.funderName.trim()) errors.push({ field: 'funderName', code: 'required', message: 'Name the funder of the pool.' });
  if (input.amount <= 0n) errors.push({ field: 'amount', code: 'amount_must_be_positive', message: 'The pool holds a positive number of euro cents.' });
  if (input.ratioPledge <= 0n || input.ratioMatch <= 0n || input.ratioPledge > 100n || input.ratioMatch > 100n) {
    errors.push({ field: 'ratio', code: 'invalid_ratio', message: 'The ratio is two whole numbers from 1 to 100 (1:1 doubles each pledge).' });
  }
  if (input.capPerPledge !== null && input.capPerPledge <= 0n) errors.push({ field: 'capPerPledge', code: 'amount_must_be_positive', message: 'A cap per pledge is positive.' });
  if (input.capPerProject !== null && input.capPerProject <= 0n) errors.push({ field: 'capPerProject', code: 'amount_must_be_positive', message: 'A cap per project is positive.' });
  return errors;
}

// ── budget execution ─────────────────────────────────────────────────────────────────────────────

export const EXPENSE_STATUSES = ['drafted', 'submitted', 'approved', 'rejected', 'paid'] as const;
export type ExpenseStatus = (typeof EXPENSE_STATUSES)[number];

/** Open Collective's default: one approver; a task force may ask for more. */
export const DEFAULT_APPROVERS_REQUIRED = 1;
export const MAX_APPROVERS_REQUIRED = 10;

export type ApprovalDecision = 'approve' | 'reject';

/**
 * One approver's decision on a submitted expense, and what it makes of it. Nobody decides on an expense
 * they submitted; each approver decides once; one rejection rejects it; `required` distinct approvals
 * approve it.
 */
export function approvalOutcome(
  expense: { status: ExpenseStatus; submittedBy: string | null },
  decisions: readonly { approverId: string; decision: ApprovalDecision }[],
  approverId: string,
  decision: ApprovalDecision,
  required: number,
): { ok: true; status: ExpenseStatus } | { ok: false; code: 'not_submitted' | 'own_expense' | 'already_decided' } {
  if (expense.status !== 'submitted') return { ok: false, code: 'not_submitted' };
  if (expense.submittedBy === approverId) return { ok: false, code: 'own_expense' };
  if (decisions.some((d) => d.approverId === approverId)) return { ok: false, code: 'already_decided' };
  if (decision === 'reject') return { ok: true, status: 'rejected' };
  const approvals = new Set(decisions.filter((d) => d.decision === 'approve').map((d) => d.approverId));
  approvals.add(approverId);
  return { ok: true, status: approvals.size >= required ? 'approved' : 'submitted' };
}

/** Committed spending: approved and paid expenses. */
export const COMMITTED_EXPENSE_STATUSES: readonly ExpenseStatus[] = ['approved', 'paid'];

export interface ExecutionRow {
  planned: bigint;
  /** Approved and paid. */
  committed: bigint;
  paid: bigint;
  /** planned − committed (negative: overspent). */
  remaining: bigint;
  committedPercent: number | null;
}

function executionRow(planned: bigint, expenses: readonly { amount: bigint; status: ExpenseStatus }[]): ExecutionRow {
  const committed = expenses.filter((e) => COMMITTED_EXPENSE_STATUSES.includes(e.status)).reduce((s, e) => s + e.amount, 0n);
  const paid = expenses.filter((e) => e.status === 'paid').reduce((s, e) => s + e.amount, 0n);
  const ratio = planned > 0n ? Number((committed * 1000n + planned / 2n) / planned) / 10 : null;
  return { planned, committed, paid, remaining: planned - committed, committedPercent: ratio };
}

/** Planned vs actual for each budget line (Territoires en Transitions' "prévu / réalisé"). */
export function executionByBudgetLine(
  lines: readonly { position: number; label: string; category: string; plannedAmount: bigint }[],
  expenses: readonly { budgetLinePosition: number; amount: bigint; status: ExpenseStatus }[],
): (ExecutionRow & { position: number; label: string; category: string })[] {
  return lines.map((l) => ({ position: l.position, label: l.label, category: l.category, ...executionRow(l.plannedAmount, expenses.filter((e) => e.budgetLinePosition === l.position)) }));
}

/**
 * Planned vs actual for each funder: planned is what the funder is expected to bring (lines not
 * refused), secured what it granted or paid; actual is the spending charged to its lines. Spending
 * charged to no line is grouped under `funderKey: null`.
 */
export function executionByFunder(
  fundingLines: readonly { id: string; funderOrganisationId: string | null; funderName: string; amount: bigint; status: string }[],
  expenses: readonly { fundingLineId: string | null; amount: bigint; status: ExpenseStatus }[],
): (ExecutionRow & { funderKey: string | null; funderName: string; funderOrganisationId: string | null; secured: bigint })[] {
  const keyOf = (l: { funderOrganisationId: string | null; funderName: string }) => (l.funderOrganisationId ? `organisation:${l.funderOrganisationId}` : `name:${l.funderName.trim().toLowerCase()}`);
  const groups = new Map<string, { name: string; organisationId: string | null; lineIds: Set<string>; planned: bigint; secured: bigint }>();
  for (const l of fundingLines) {
    const key = keyOf(l);
    const g = groups.get(key) ?? { name: l.funderName, organisationId: l.funderOrganisationId, lineIds: new Set<string>(), planned: 0n, secured: 0n };
    g.lineIds.add(l.id);
    if (l.status !== 'refused') g.planned += l.amount;
    if (l.status === 'granted' || l.status === 'received') g.secured += l.amount;
    groups.set(key, g);
  }
  const rows = [...groups].map(([key, g]) => ({
    funderKey: key as string | null,
    funderName: g.name,
    funderOrganisationId: g.organisationId,
    secured: g.secured,
    ...executionRow(g.planned, expenses.filter((e) => e.fundingLineId !== null && g.lineIds.has(e.fundingLineId))),
  }));
  const known = new Set(fundingLines.map((l) => l.id));
  const unassigned = expenses.filter((e) => e.fundingLineId === null || !known.has(e.fundingLineId));
  if (unassigned.length > 0) rows.push({ funderKey: null, funderName: '', funderOrganisationId: null, secured: 0n, ...executionRow(0n, unassigned) });
  return rows;
}

export function validateExpense(input: { payee?: string; description?: string; amount?: bigint; incurredOn?: string }, creating: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if ((creating || input.payee !== undefined) && !input.payee?.trim()) errors.push({ field: 'payee', code: 'required', message: 'Say whom the expense pays.' });
  if (input.payee !== undefined && input.payee.length > 300) errors.push({ field: 'payee', code: 'too_long', message: 'The payee has at most 300 characters.' });
  if ((creating || input.description !== undefined) && !input.description?.trim()) errors.push({ field: 'description', code: 'required', message: 'Say what the expense is for.' });
  if (input.description !== undefined && input.description.length > 2000) errors.push({ field: 'description', code: 'too_long', message: 'The description has at most 2,000 characters.' });
  if ((creating || input.amount !== undefined) && (input.amount === undefined || input.amount <= 0n)) {
    errors.push({ field: 'amount', code: 'amount_must_be_positive', message: 'The amount is a positive number of euro cents.' });
  }
  if ((creating || input.incurredOn !== undefined) && !(input.incurredOn && /^\d{4}-\d{2}-\d{2}$/.test(input.incurredOn) && !Number.isNaN(Date.parse(input.incurredOn)))) {
    errors.push({ field: 'incurredOn', code: 'invalid_date', message: 'The date of the expense is written YYYY-MM-DD.' });
  }
  return errors;
}

// ── receipts ─────────────────────────────────────────────────────────────────────────────────────

/** A receipt is a scan or a PDF invoice; 10 MB is plenty. */
export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;

const SIGNATURES: readonly { mediaType: string; matches: (head: Uint8Array) => boolean }[] = [
  { mediaType: 'application/pdf', matches: (h) => h[0] === 0x25 && h[1] === 0x50 && h[2] === 0x44 && h[3] === 0x46 },
  { mediaType: 'image/png', matches: (h) => h[0] === 0x89 && h[1] === 0x50 && h[2] === 0x4e && h[3] === 0x47 },
  { mediaType: 'image/jpeg', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { mediaType: 'image/webp', matches: (h) => String.fromCharCode(...h.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...h.subarray(8, 12)) === 'WEBP' },
];

/** The media type of a receipt from its first bytes (what a browser declares is not trusted); null if not accepted. */
export function receiptMediaTypeOf(head: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.matches(head))?.mediaType ?? null;
}
