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

/**
 * Applies a batch in order. A chain of linked transfers is applied with an undo log and rolled back if
 * any of its transfers fails. Nothing here reads a clock but `now`, so outcomes are reproducible.
 */
export function applyTransfers(view: LedgerView, batch: readonly TransferInput[], now: Date): BatchOutcome {
  const results = new Array<TransferResult>(batch.length);
  const accepted: StoredTransfer[] = [];
  const changed = new Map<string, LedgerAccount>();
  const resolved = new Map<string, 'posted' | 'voided'>();
  const acceptedById = new Map<string, StoredTransfer>();
  const createdAt = now.toISOString();
  const accountUndo: [string, LedgerAccount | undefined][] = [];
  const resolvedUndo: [string, 'posted' | 'voided' | undefined][] = [];

  const ctx: ApplyContext = {
    account: (id) => changed.get(id) ?? view.account(id),
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
    setAccount: (a) => {
      accountUndo.push([a.id, changed.get(a.id)]);
      changed.set(a.id, a);
    },
    resolve: (id, r) => {
      resolvedUndo.push([id, resolved.get(id)]);
      resolved.set(id, r);
    },
    now,
  };

  let start = 0;
  while (start < batch.length) {
    let end = start;
    while (end < batch.length - 1 && batch[end]!.linked) end += 1;
    const chainOpen = batch[end]!.linked === true;
    accountUndo.length = 0;
    resolvedUndo.length = 0;
    const acceptedBefore = accepted.length;
    let failedAt = -1;

    for (let i = start; i <= end; i += 1) {
      const transfer = normaliseTransfer(batch[i]!, createdAt);
      const result: TransferResult = chainOpen ? { status: 'error', code: 'linked_event_chain_open' } : applyOne(transfer, ctx);
      results[i] = result;
      if (result.status === 'ok') {
        accepted.push(transfer);
        acceptedById.set(transfer.id, transfer);
      } else if (result.status === 'error') {
        if (failedAt < 0) failedAt = i;
        if (!chainOpen) break;
      }
    }

    if (failedAt >= 0) {
      for (let k = accountUndo.length - 1; k >= 0; k -= 1) {
        const [id, previous] = accountUndo[k]!;
        if (previous) changed.set(id, previous);
        else changed.delete(id);
      }
      for (let k = resolvedUndo.length - 1; k >= 0; k -= 1) {
        const [id, previous] = resolvedUndo[k]!;
        if (previous) resolved.set(id, previous);
        else resolved.delete(id);
      }
      for (const t of accepted.splice(acceptedBefore)) acceptedById.delete(t.id);
      if (!chainOpen) {
        for (let i = start; i <= end; i += 1) if (i !== failedAt) results[i] = { status: 'error', code: 'linked_event_failed' };
      }
    }
    start = end + 1;
  }
  return { results, accepted, accounts: changed, resolved };
}

interface ApplyContext {
  account(id: string): LedgerAccount | undefined;
  existing(id: string): StoredTransfer | undefined;
  pending(id: string): PendingState | undefined;
  setAccount(a: LedgerAccount): void;
  resolve(id: string, r: 'posted' | 'voided'): void;
  now: Date;
}

function applyOne(t: StoredTransfer, ctx: ApplyContext): TransferResult {
  const fail = (code: TransferError): TransferResult => ({ status: 'error', code });
  const previous = ctx.existing(t.id);
  if (previous) return sameFields(previous, t) ? { status: 'exists' } : fail('exists_with_different_fields');
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
    const released = {
      debit: { ...debit, debitsPending: debit.debitsPending - p.amount },
      credit: { ...credit, creditsPending: credit.creditsPending - p.amount },
    };
    if (t.phase === 'void_pending') {
      ctx.setAccount(released.debit);
      ctx.setAccount(released.credit);
      ctx.resolve(p.id, 'voided');
      return { status: 'ok' };
    }
    if (p.timeoutSeconds > 0 && ctx.now.getTime() > Date.parse(p.createdAt) + p.timeoutSeconds * 1000) return fail('pending_transfer_expired');
    // The funds were reserved when the transfer was pending: posting cannot overdraw.
    ctx.setAccount({ ...released.debit, debitsPosted: debit.debitsPosted + t.amount });
    ctx.setAccount({ ...released.credit, creditsPosted: credit.creditsPosted + t.amount });
    ctx.resolve(p.id, 'posted');
    return { status: 'ok' };
  }

  // Pending debits are reserved: they count against the floor as if posted.
  if (debit.floor !== null && debit.creditsPosted - debit.debitsPosted - debit.debitsPending - t.amount < debit.floor) {
    return fail('insufficient_funds');
  }
  if (credit.ceiling !== null && credit.creditsPosted + credit.creditsPending - credit.debitsPosted + t.amount > credit.ceiling) {
    return fail('exceeds_credit_limit');
  }
  if (t.phase === 'pending') {
    ctx.setAccount({ ...debit, debitsPending: debit.debitsPending + t.amount });
    ctx.setAccount({ ...credit, creditsPending: credit.creditsPending + t.amount });
  } else {
    ctx.setAccount({ ...debit, debitsPosted: debit.debitsPosted + t.amount });
    ctx.setAccount({ ...credit, creditsPosted: credit.creditsPosted + t.amount });
  }
  return { status: 'ok' };
}
