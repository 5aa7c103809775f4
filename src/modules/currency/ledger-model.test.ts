import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTransfers, balanceOf, type LedgerAccount, type PendingState, type StoredTransfer, type TransferInput } from './ledger-model.js';

/** An in-memory ledger over the pure rules, as the service uses them over a database. */
class MemoryLedger {
  accounts = new Map<string, LedgerAccount>();
  transfers = new Map<string, StoredTransfer>();
  resolutions = new Map<string, 'posted' | 'voided'>();

  constructor(accounts: LedgerAccount[]) {
    for (const a of accounts) this.accounts.set(a.id, a);
  }

  apply(batch: TransferInput[], now = new Date('2026-12-01T10:00:00Z')) {
    const outcome = applyTransfers(
      {
        account: (id) => this.accounts.get(id),
        existing: (id) => this.transfers.get(id),
        pending: (id): PendingState | undefined => {
          const t = this.transfers.get(id);
          return t && t.phase === 'pending' ? { transfer: t, resolution: this.resolutions.get(id) ?? 'open' } : undefined;
        },
      },
      batch,
      now,
    );
    for (const [id, a] of outcome.accounts) this.accounts.set(id, a);
    for (const t of outcome.accepted) this.transfers.set(t.id, t);
    for (const [id, r] of outcome.resolved) this.resolutions.set(id, r);
    return outcome;
  }
}

const account = (id: string, unit: string, floor: bigint | null, ceiling: bigint | null = null, status: LedgerAccount['status'] = 'open'): LedgerAccount => ({
  id,
  unit,
  floor,
  ceiling,
  status,
  debitsPosted: 0n,
  creditsPosted: 0n,
  debitsPending: 0n,
  creditsPending: 0n,
});

const t = (id: string, debit: string, credit: string, amount: bigint, extra: Partial<TransferInput> = {}): TransferInput => ({
  id,
  debitAccountId: debit,
  creditAccountId: credit,
  amount,
  unit: extra.unit ?? 'GRAIN',
  kind: 'payment',
  ...extra,
});

function fixture() {
  return new MemoryLedger([
    account('issuance', 'GRAIN', null),
    account('alice', 'GRAIN', 0n),
    account('bob', 'GRAIN', 0n),
    account('carol', 'GRAIN', 0n, null, 'frozen'),
    account('euro', 'EUR', null),
    account('tb-alice', 'HOUR', -1200n, 2400n),
    account('tb-bob', 'HOUR', -1200n, 2400n),
  ]);
}

describe('ledger rules', () => {
  it('moves an amount from the debit account to the credit account', () => {
    const ledger = fixture();
    expect(ledger.apply([t('i1', 'issuance', 'alice', 1000n), t('p1', 'alice', 'bob', 250n)]).results).toEqual([{ status: 'ok' }, { status: 'ok' }]);
    expect(balanceOf(ledger.accounts.get('alice')!)).toBe(750n);
    expect(balanceOf(ledger.accounts.get('bob')!)).toBe(250n);
    expect(balanceOf(ledger.accounts.get('issuance')!)).toBe(-1000n);
  });

  it('refuses to take a member account below its floor with insufficient_funds', () => {
    const ledger = fixture();
    expect(ledger.apply([t('p1', 'alice', 'bob', 1n)]).results).toEqual([{ status: 'error', code: 'insufficient_funds' }]);
    expect(ledger.transfers.size).toBe(0);
  });

  it('lets a time-bank member owe down to the floor and hold up to the ceiling', () => {
    const ledger = fixture();
    expect(ledger.apply([t('h1', 'tb-alice', 'tb-bob', 1200n, { unit: 'HOUR' })]).results[0]).toEqual({ status: 'ok' });
    expect(ledger.apply([t('h2', 'tb-alice', 'tb-bob', 1n, { unit: 'HOUR' })]).results[0]).toEqual({ status: 'error', code: 'insufficient_funds' });
    expect(ledger.apply([t('h3', 'tb-alice', 'tb-bob', 1n, { unit: 'HOUR' })]).results[0]).toEqual({ status: 'error', code: 'insufficient_funds' });
    const full = new MemoryLedger([account('a', 'HOUR', -5000n), account('b', 'HOUR', -1200n, 2400n)]);
    expect(full.apply([t('h4', 'a', 'b', 2401n, { unit: 'HOUR' })]).results[0]).toEqual({ status: 'error', code: 'exceeds_credit_limit' });
  });

  it('names each refusal with a stable code', () => {
    const ledger = fixture();
    ledger.apply([t('i1', 'issuance', 'alice', 100n)]);
    expect(ledger.apply([t('x1', 'alice', 'euro', 10n)]).results[0]).toEqual({ status: 'error', code: 'unit_mismatch' });
    expect(ledger.apply([t('x2', 'alice', 'carol', 10n)]).results[0]).toEqual({ status: 'error', code: 'account_frozen' });
    expect(ledger.apply([t('x3', 'alice', 'nobody', 10n)]).results[0]).toEqual({ status: 'error', code: 'account_not_found' });
    expect(ledger.apply([t('x4', 'alice', 'alice', 10n)]).results[0]).toEqual({ status: 'error', code: 'accounts_must_be_different' });
    expect(ledger.apply([t('x5', 'alice', 'bob', 0n)]).results[0]).toEqual({ status: 'error', code: 'amount_must_be_positive' });
    expect(ledger.apply([t('i1', 'issuance', 'alice', 999n)]).results[0]).toEqual({ status: 'error', code: 'exists_with_different_fields' });
    expect(ledger.apply([t('i1', 'issuance', 'alice', 100n)]).results[0]).toEqual({ status: 'exists' });
  });

  it('fails a whole linked chain when one of its transfers fails', () => {
    const ledger = fixture();
    const outcome = ledger.apply([t('a', 'issuance', 'alice', 100n, { linked: true }), t('b', 'alice', 'bob', 500n), t('c', 'issuance', 'bob', 5n)]);
    expect(outcome.results).toEqual([{ status: 'error', code: 'linked_event_failed' }, { status: 'error', code: 'insufficient_funds' }, { status: 'ok' }]);
    expect(balanceOf(ledger.accounts.get('alice')!)).toBe(0n);
    expect(balanceOf(ledger.accounts.get('bob')!)).toBe(5n);
  });

  it('refuses a chain left open at the end of the batch', () => {
    const ledger = fixture();
    expect(ledger.apply([t('a', 'issuance', 'alice', 1n, { linked: true })]).results).toEqual([{ status: 'error', code: 'linked_event_chain_open' }]);
  });

  it('reserves funds with a pending transfer, then posts or voids it once', () => {
    const ledger = fixture();
    ledger.apply([t('i', 'issuance', 'alice', 100n)]);
    expect(ledger.apply([t('hold', 'alice', 'bob', 80n, { phase: 'pending', timeoutSeconds: 3600 })]).results[0]).toEqual({ status: 'ok' });
    expect(ledger.apply([t('spend', 'alice', 'bob', 30n)]).results[0]).toEqual({ status: 'error', code: 'insufficient_funds' });
    expect(ledger.apply([t('post', 'alice', 'bob', 80n, { phase: 'post_pending', pendingId: 'hold' })]).results[0]).toEqual({ status: 'ok' });
    expect(ledger.apply([t('void', 'alice', 'bob', 80n, { phase: 'void_pending', pendingId: 'hold' })]).results[0]).toEqual({ status: 'error', code: 'pending_transfer_already_posted' });
    expect(balanceOf(ledger.accounts.get('bob')!)).toBe(80n);
    expect(ledger.accounts.get('alice')!.debitsPending).toBe(0n);
  });

  it('lets the hold of a frozen account be voided, but not posted', () => {
    const ledger = fixture();
    ledger.apply([t('i', 'issuance', 'alice', 100n), t('hold1', 'alice', 'bob', 40n, { phase: 'pending' }), t('hold2', 'alice', 'bob', 30n, { phase: 'pending' })]);
    ledger.accounts.set('alice', { ...ledger.accounts.get('alice')!, status: 'frozen' });
    expect(ledger.apply([t('post', 'alice', 'bob', 40n, { phase: 'post_pending', pendingId: 'hold1' })]).results[0]).toEqual({ status: 'error', code: 'account_frozen' });
    expect(ledger.apply([t('void', 'alice', 'bob', 30n, { phase: 'void_pending', pendingId: 'hold2' })]).results[0]).toEqual({ status: 'ok' });
    expect(ledger.accounts.get('alice')!.debitsPending).toBe(40n);
  });

  it('refuses to post a pending transfer after its timeout, but lets it be voided', () => {
    const ledger = fixture();
    ledger.apply([t('i', 'issuance', 'alice', 100n)]);
    ledger.apply([t('hold', 'alice', 'bob', 50n, { phase: 'pending', timeoutSeconds: 60 })], new Date('2026-12-01T10:00:00Z'));
    const later = new Date('2026-12-01T10:05:00Z');
    expect(ledger.apply([t('post', 'alice', 'bob', 50n, { phase: 'post_pending', pendingId: 'hold' })], later).results[0]).toEqual({ status: 'error', code: 'pending_transfer_expired' });
    expect(ledger.apply([t('void', 'alice', 'bob', 50n, { phase: 'void_pending', pendingId: 'hold' })], later).results[0]).toEqual({ status: 'ok' });
    expect(ledger.accounts.get('alice')!.debitsPending).toBe(0n);
    expect(balanceOf(ledger.accounts.get('alice')!)).toBe(100n);
  });
});

// ── properties: what must hold for any sequence of batches ──────────────────────────────────────

const ids = ['issuance', 'alice', 'bob', 'dave', 'tb-alice', 'tb-bob', 'euro'];
const arbTransfer = fc.record({
  id: fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `t${i}`)),
  debitAccountId: fc.constantFrom(...ids),
  creditAccountId: fc.constantFrom(...ids),
  amount: fc.bigInt({ min: -5n, max: 3000n }),
  unit: fc.constantFrom('GRAIN', 'HOUR', 'EUR'),
  kind: fc.constant('payment'),
  linked: fc.boolean(),
  phase: fc.constantFrom('single', 'single', 'pending', 'post_pending', 'void_pending'),
  pendingId: fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `t${i}`)),
  timeoutSeconds: fc.constantFrom(0, 60),
}) as fc.Arbitrary<TransferInput>;

function propertyLedger() {
  return new MemoryLedger([
    account('issuance', 'GRAIN', null),
    account('alice', 'GRAIN', 0n),
    account('bob', 'GRAIN', 0n),
    account('dave', 'GRAIN', 0n),
    account('tb-alice', 'HOUR', -1200n, 2400n),
    account('tb-bob', 'HOUR', -1200n, 2400n),
    account('euro', 'EUR', null),
  ]);
}

describe('ledger properties', () => {
  it('conserves value per unit, posted and pending, whatever the batches', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbTransfer, { minLength: 1, maxLength: 12 }), { maxLength: 8 }), (batches) => {
        const ledger = propertyLedger();
        for (const batch of batches) ledger.apply(batch);
        const sums = new Map<string, { posted: bigint; pending: bigint }>();
        for (const a of ledger.accounts.values()) {
          const s = sums.get(a.unit) ?? { posted: 0n, pending: 0n };
          sums.set(a.unit, { posted: s.posted + balanceOf(a), pending: s.pending + a.creditsPending - a.debitsPending });
        }
        for (const s of sums.values()) expect(s).toEqual({ posted: 0n, pending: 0n });
      }),
      { numRuns: 300 },
    );
  });

  it('never takes an account below its floor or above its ceiling', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbTransfer, { minLength: 1, maxLength: 12 }), { maxLength: 8 }), (batches) => {
        const ledger = propertyLedger();
        for (const batch of batches) ledger.apply(batch);
        for (const a of ledger.accounts.values()) {
          if (a.floor !== null) expect(a.creditsPosted - a.debitsPosted - a.debitsPending).toBeGreaterThanOrEqual(a.floor);
          if (a.ceiling !== null) expect(a.creditsPosted + a.creditsPending - a.debitsPosted).toBeLessThanOrEqual(a.ceiling);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers a retry with exists for every transfer already written, and writes none of them twice', () => {
    fc.assert(
      fc.property(fc.array(arbTransfer, { minLength: 1, maxLength: 20 }), (batch) => {
        const ledger = propertyLedger();
        ledger.apply([t('seed', 'issuance', 'alice', 5000n), t('seed2', 'issuance', 'bob', 5000n)]);
        const first = ledger.apply(batch);
        const written = new Set(first.accepted.map((x) => x.id));
        // Retrying only what was written changes nothing at all.
        const snapshot = new Map(ledger.accounts);
        const replay = ledger.apply(first.accepted.map((x) => ({ ...x, linked: false })));
        expect(replay.accepted).toEqual([]);
        expect(replay.results.every((r) => r.status === 'exists')).toBe(true);
        expect(new Map(ledger.accounts)).toEqual(snapshot);
        // Retrying the whole batch answers exists for what was written; a transfer refused the first
        // time (say, for funds) may succeed now, as in TigerBeetle: a refusal records nothing.
        const retry = ledger.apply(batch);
        for (const x of retry.accepted) expect(written.has(x.id)).toBe(false);
        first.results.forEach((r, i) => {
          if (r.status === 'ok') expect(retry.results[i]).toEqual({ status: 'exists' });
        });
      }),
      { numRuns: 300 },
    );
  });

  it('applies a linked chain entirely or not at all', () => {
    fc.assert(
      fc.property(fc.array(arbTransfer, { minLength: 1, maxLength: 20 }), (batch) => {
        const ledger = propertyLedger();
        ledger.apply([t('seed', 'issuance', 'alice', 1000n)]);
        const outcome = ledger.apply(batch);
        let start = 0;
        while (start < batch.length) {
          let end = start;
          while (end < batch.length - 1 && batch[end]!.linked) end += 1;
          const chain = outcome.results.slice(start, end + 1);
          const failed = chain.some((r) => r.status === 'error');
          if (failed) expect(chain.every((r) => r.status === 'error')).toBe(true);
          start = end + 1;
        }
      }),
      { numRuns: 300 },
    );
  });
});
