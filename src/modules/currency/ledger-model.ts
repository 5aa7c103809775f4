/**
 * The ledger's rules, pure: no I/O, so the same code decides in the service, in property tests and
 * in the benchmark. Modelled on TigerBeetle: accounts carry their posted and pending totals; transfers
 * are immutable, identified by a client-chosen id, may be linked into all-or-nothing chains, and may
 * be two-phase (pending, then posted or voided).
 *
 * Sign convention: a transfer moves `amount` from its debit account to its credit account; an
 * account's balance is credits − debits. Every transfer adds the same amount to one account's debits
 * and another's credits, so per unit the balances of all accounts sum to zero.
 */

export const ACCOUNT_STATUSES = ['open', 'frozen', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface LedgerAccount {
  readonly id: string;
  readonly unit: string;
  /** Lowest balance allowed after a debit (0 for a backed currency, −limit for a time bank); null: unbounded. */
  readonly floor: bigint | null;
  /** Highest balance allowed after a credit (time bank's upper limit); null: unbounded. */
  readonly ceiling: bigint | null;
  readonly status: AccountStatus;
  readonly debitsPosted: bigint;
  readonly creditsPosted: bigint;
  readonly debitsPending: bigint;
  readonly creditsPending: bigint;
}

export type TransferPhase = 'single' | 'pending' | 'post_pending' | 'void_pending';

export interface TransferInput {
  readonly id: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amount: bigint;
  readonly unit: string;
  readonly kind: string;
  readonly memo?: string | null;
  /** Chains this transfer with the next one of the batch: the chain succeeds or fails as one. */
  readonly linked?: boolean;
  readonly phase?: TransferPhase;
  /** For post_pending / void_pending: the pending transfer it resolves. */
  readonly pendingId?: string | null;
  /** For pending: seconds after which it can no longer be posted (0 or absent: never expires). */
  readonly timeoutSeconds?: number;
}

export interface StoredTransfer extends Required<Omit<TransferInput, 'linked'>> {
  readonly createdAt: string;
}

export interface PendingState {
  readonly transfer: StoredTransfer;
  readonly resolution: 'open' | 'posted' | 'voided';
}

export const TRANSFER_ERRORS = [
  'linked_event_failed',
  'linked_event_chain_open',
  'exists_with_different_fields',
  'amount_must_be_positive',
  'accounts_must_be_different',
  'account_not_found',
  'unit_mismatch',
  'account_frozen',
  'account_closed',
  'insufficient_funds',
  'exceeds_credit_limit',
  'pending_id_required',
  'pending_transfer_not_found',
  'pending_transfer_already_posted',
  'pending_transfer_already_voided',
  'pending_transfer_expired',
  'pending_transfer_has_different_accounts',
  'exceeds_pending_amount',
] as const;
export type TransferError = (typeof TRANSFER_ERRORS)[number];

/** `exists`: a retry of a transfer already written with the same fields; it changes nothing. */
export type TransferResult = { status: 'ok' } | { status: 'exists' } | { status: 'error'; code: TransferError };

export interface LedgerView {
  account(id: string): LedgerAccount | undefined;
  existing(id: string): StoredTransfer | undefined;
  pending(id: string): PendingState | undefined;
}

export interface BatchOutcome {
  readonly results: TransferResult[];
  /** The transfers to write, in batch order. */
  readonly accepted: StoredTransfer[];
  /** Accounts whose totals changed, with their new totals. */
  readonly accounts: Map<string, LedgerAccount>;
  /** Pending transfers resolved by this batch. */
  readonly resolved: Map<string, 'posted' | 'voided'>;
}

export function balanceOf(a: Pick<LedgerAccount, 'creditsPosted' | 'debitsPosted'>): bigint {
  return a.creditsPosted - a.debitsPosted;
}

function sameFields(a: StoredTransfer, b: StoredTransfer): boolean {
  return (
    a.debitAccountId === b.debitAccountId &&
    a.creditAccountId === b.creditAccountId &&
    a.amount === b.amount &&
    a.unit === b.unit &&
    a.kind === b.kind &&
    a.memo === b.memo &&
    a.phase === b.phase &&
    a.pendingId === b.pendingId &&
    a.timeoutSeconds === b.timeoutSeconds
  );
}

/**
 * The void the ledger writes when a hold times out (`CurrencyService.expireHolds`): its id derives from
 * the hold's, so that it is written once, and so that statements can tell an expiry from a release.
 */
export const expiryVoidId = (holdId: string): string => `${holdId}/expired`;
export const isExpiryVoid = (t: Pick<StoredTransfer, 'id' | 'phase' | 'pendingId'>): boolean =>
  t.phase === 'void_pending' && t.pendingId !== null && t.id === expiryVoidId(t.pendingId);

export function normaliseTransfer(t: TransferInput, createdAt: string): StoredTransfer {
  return {
    id: t.id,
    debitAccountId: t.debitAccountId,
    creditAccountId: t.creditAccountId,
    amount: t.amount,
    unit: t.unit,
    kind: t.kind,
    memo: t.memo ?? null,
    phase: t.phase ?? 'single',
    pendingId: t.pendingId ?? null,
    timeoutSeconds: t.timeoutSeconds ?? 0,
    createdAt,
  } as StoredTransfer;
}

/** One account as the batch changes it: a copy of the stored account whose totals change in place. */
type Working = { -readonly [K in keyof LedgerAccount]: LedgerAccount[K] };

const OK: TransferResult = Object.freeze({ status: 'ok' });
const EXISTS: TransferResult = Object.freeze({ status: 'exists' });
const FAILURES = new Map<TransferError, TransferResult>(TRANSFER_ERRORS.map((code) => [code, Object.freeze({ status: 'error', code })]));
const fail = (code: TransferError): TransferResult => FAILURES.get(code)!;

/**
 * Applies a batch in order. A chain of linked transfers is applied with an undo log and rolled back if
 * any of its transfers fails. Nothing here reads a clock but `now`, so outcomes are reproducible.
 *
 * Written for batches of 8,190: each account is copied once into a mutable working state, a transfer
 * checks everything before it changes anything (so a lone transfer that fails needs no undo), and only
 * chains of several transfers keep an undo log. Results are shared frozen objects.
 */
export function applyTransfers(view: LedgerView, batch: readonly TransferInput[], now: Date): BatchOutcome {
  const results = new Array<TransferResult>(batch.length);
  const accepted: StoredTransfer[] = [];
  // `working` becomes the outcome's `accounts`: the copies whose totals differ from `stored` at the end.
  const working = new Map<string, Working>();
  const stored = new Map<string, LedgerAccount>();
  const unknown = new Set<string>();
  const resolved = new Map<string, 'posted' | 'voided'>();
  const acceptedById = new Map<string, StoredTransfer>();
  const createdAt = now.toISOString();
  const accountUndo: (Working | bigint)[] = [];
  const resolvedUndo: [string, 'posted' | 'voided' | undefined][] = [];
  let logUndo = false;

  const ctx: ApplyContext = {
    account(id) {
      const w = working.get(id);
      if (w !== undefined || unknown.has(id)) return w;
      const base = view.account(id);
      if (!base) {
        unknown.add(id);
        return undefined;
      }
      // A spread keeps whatever else the view's record carries (owner, number…) for the caller.
      const copy: Working = { ...base };
      working.set(id, copy);
      stored.set(id, base);
      return copy;
    },
    existing: (id) => acceptedById.get(id) ?? view.existing(id),
    pending: (id) => {
      const inBatch = acceptedById.get(id);
      const base: PendingState | undefined = inBatch
        ? inBatch.phase === 'pending'
          ? { transfer: inBatch, resolution: 'open' }
          : undefined
        : view.pending(id);
      const r = resolved.get(id);
      return base && r ? { ...base, resolution: r } : base;
    },
    willChange(w) {
      if (logUndo) accountUndo.push(w, w.debitsPosted, w.creditsPosted, w.debitsPending, w.creditsPending);
    },
    resolve: (id, r) => {
      if (logUndo) resolvedUndo.push([id, resolved.get(id)]);
      resolved.set(id, r);
    },
    now,
  };

  let start = 0;
  while (start < batch.length) {
    let end = start;
    while (end < batch.length - 1 && batch[end]!.linked) end += 1;
    const chainOpen = batch[end]!.linked === true;
    logUndo = end > start;
    accountUndo.length = 0;
    resolvedUndo.length = 0;
    const acceptedBefore = accepted.length;
    let failedAt = -1;

    for (let i = start; i <= end; i += 1) {
      const transfer = normaliseTransfer(batch[i]!, createdAt);
      const result: TransferResult = chainOpen ? fail('linked_event_chain_open') : applyOne(transfer, ctx);
      results[i] = result;
      if (result === OK) {
        accepted.push(transfer);
        acceptedById.set(transfer.id, transfer);
      } else if (result.status === 'error') {
        if (failedAt < 0) failedAt = i;
        if (!chainOpen) break;
      }
    }

    if (failedAt >= 0) {
      for (let k = accountUndo.length - 5; k >= 0; k -= 5) {
        const w = accountUndo[k] as Working;
        w.debitsPosted = accountUndo[k + 1] as bigint;
        w.creditsPosted = accountUndo[k + 2] as bigint;
        w.debitsPending = accountUndo[k + 3] as bigint;
        w.creditsPending = accountUndo[k + 4] as bigint;
      }
      for (let k = resolvedUndo.length - 1; k >= 0; k -= 1) {
        const [id, previous] = resolvedUndo[k]!;
        if (previous) resolved.set(id, previous);
        else resolved.delete(id);
      }
      for (const t of accepted.splice(acceptedBefore)) acceptedById.delete(t.id);
      if (!chainOpen) {
        for (let i = start; i <= end; i += 1) if (i !== failedAt) results[i] = fail('linked_event_failed');
      }
    }
    start = end + 1;
  }

  for (const [id, w] of working) {
    const b = stored.get(id)!;
    if (w.debitsPosted === b.debitsPosted && w.creditsPosted === b.creditsPosted && w.debitsPending === b.debitsPending && w.creditsPending === b.creditsPending) {
      working.delete(id);
    }
  }
  return { results, accepted, accounts: working, resolved };
}

interface ApplyContext {
  account(id: string): Working | undefined;
  existing(id: string): StoredTransfer | undefined;
  pending(id: string): PendingState | undefined;
  /** Called before a working account changes, so that a failing chain can restore it. */
  willChange(w: Working): void;
  resolve(id: string, r: 'posted' | 'voided'): void;
  now: Date;
}

function applyOne(t: StoredTransfer, ctx: ApplyContext): TransferResult {
  const previous = ctx.existing(t.id);
  if (previous) return sameFields(previous, t) ? EXISTS : fail('exists_with_different_fields');
  if (t.amount <= 0n) return fail('amount_must_be_positive');
  if (t.debitAccountId === t.creditAccountId) return fail('accounts_must_be_different');
  const debit = ctx.account(t.debitAccountId);
  const credit = ctx.account(t.creditAccountId);
  if (!debit || !credit) return fail('account_not_found');
  if (debit.unit !== t.unit || credit.unit !== t.unit) return fail('unit_mismatch');
  if (debit.status === 'closed' || credit.status === 'closed') return fail('account_closed');
  // Releasing a hold only lowers what is at stake, so a frozen account may still have its holds voided.
  if ((debit.status === 'frozen' || credit.status === 'frozen') && t.phase !== 'void_pending') return fail('account_frozen');

  if (t.phase === 'post_pending' || t.phase === 'void_pending') {
    if (!t.pendingId) return fail('pending_id_required');
    const pending = ctx.pending(t.pendingId);
    if (!pending) return fail('pending_transfer_not_found');
    if (pending.resolution === 'posted') return fail('pending_transfer_already_posted');
    if (pending.resolution === 'voided') return fail('pending_transfer_already_voided');
    const p = pending.transfer;
    if (p.debitAccountId !== t.debitAccountId || p.creditAccountId !== t.creditAccountId || p.unit !== t.unit) {
      return fail('pending_transfer_has_different_accounts');
    }
    if (t.amount > p.amount) return fail('exceeds_pending_amount');
    if (t.phase === 'post_pending' && p.timeoutSeconds > 0 && ctx.now.getTime() > Date.parse(p.createdAt) + p.timeoutSeconds * 1000) {
      return fail('pending_transfer_expired');
    }
    ctx.willChange(debit);
    ctx.willChange(credit);
    debit.debitsPending -= p.amount;
    credit.creditsPending -= p.amount;
    if (t.phase === 'void_pending') {
      ctx.resolve(p.id, 'voided');
      return OK;
    }
    // The funds were reserved when the transfer was pending: posting cannot overdraw.
    debit.debitsPosted += t.amount;
    credit.creditsPosted += t.amount;
    ctx.resolve(p.id, 'posted');
    return OK;
  }

  // Pending debits are reserved: they count against the floor as if posted.
  if (debit.floor !== null && debit.creditsPosted - debit.debitsPosted - debit.debitsPending - t.amount < debit.floor) {
    return fail('insufficient_funds');
  }
  if (credit.ceiling !== null && credit.creditsPosted + credit.creditsPending - credit.debitsPosted + t.amount > credit.ceiling) {
    return fail('exceeds_credit_limit');
  }
  ctx.willChange(debit);
  ctx.willChange(credit);
  if (t.phase === 'pending') {
    debit.debitsPending += t.amount;
    credit.creditsPending += t.amount;
  } else {
    debit.debitsPosted += t.amount;
    credit.creditsPosted += t.amount;
  }
  return OK;
}
