import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { createTestApp } from '../../platform/http/test-client.js';
import { systemActor } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';
import type { Territory } from '../territories/model.js';
import type { TransferInput } from './ledger-model.js';
import { ledgerRepository } from './ledger-repository.js';

const system = systemActor('test');

describeEachDatabase('holding accounts (escrow)', (ctx) => {
  let app: App;
  let territory: Territory;
  let alice: { id: string };
  let bob: { id: string };

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    const t = app.services.territories;
    await t.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    territory = await t.requireTerritory('amiens');
    alice = await t.addPerson(system, 'amiens', { email: 'alice@example.org', displayName: 'Alice' });
    bob = await t.addPerson(system, 'amiens', { email: 'bob@example.org', displayName: 'Bob' });
  });
  afterEach(async () => app.close());

  const holding = (ownerId: string, unit = 'GRAIN') => inTransaction(ctx.handle.db, (trx) => app.services.currency.holdingAccount(trx, territory, 'escrow', ownerId, unit));
  const post = (batch: TransferInput[]) => inTransaction(ctx.handle.db, async (trx) => (await app.services.currency.postTransfers(trx, territory.id, batch)).results);
  const balances = async (type: 'person' | 'system', id: string) =>
    (await app.services.currency.myAccounts(system, 'amiens', { type, id })).map((a) => ({ kind: a.kind, balance: a.balance, pendingDebits: a.pendingDebits, pendingCredits: a.pendingCredits }));

  it('opens one escrow account per purpose and unit, owned by the system, never a member account', async () => {
    const first = await holding('funding-escrow:c1');
    expect(first).toMatchObject({ kind: 'escrow', ownerType: 'system', ownerId: 'funding-escrow:c1', unit: 'GRAIN', floor: 0n, ceiling: null, status: 'open' });
    expect((await holding('funding-escrow:c1')).id).toBe(first.id);
    expect((await holding('funding-escrow:c2')).id).not.toBe(first.id);
    expect((await holding('funding-escrow:c1', 'HOUR')).id).not.toBe(first.id);
    const members = await ledgerRepository.listAccounts(ctx.handle.db, territory.id, { kind: 'member' });
    expect(members.map((a) => a.ownerId)).not.toContain('funding-escrow:c1');
  });

  it('holds money it never pays out beyond what it received, and keeps reserve equal to circulation and every unit at zero', async () => {
    await app.services.currency.issue(system, 'amiens', { key: 'issue-alice-1', to: { type: 'person', id: alice.id }, amount: 5_000n });
    const from = (await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id: alice.id }))[0]!;
    const escrow = await holding('funding-escrow:c1');
    const to = await inTransaction(ctx.handle.db, (trx) => app.services.currency.memberAccount(trx, territory, { type: 'person', id: bob.id }, 'GRAIN'));
    const base = { unit: 'GRAIN', kind: 'crowdfunding_pledge' };

    expect(await post([{ ...base, id: 'hold-1', debitAccountId: from.id, creditAccountId: escrow.id, amount: 3_000n, phase: 'pending' }])).toEqual([expect.objectContaining({ status: 'ok' })]);
    expect(await balances('system', 'funding-escrow:c1')).toEqual([{ kind: 'escrow', balance: 0n, pendingDebits: 0n, pendingCredits: 3_000n }]);
    // A pending credit is not money yet: the escrow's floor of 0 refuses to pay it out.
    expect(await post([{ ...base, id: 'payout-early', debitAccountId: escrow.id, creditAccountId: to.id, amount: 1n }])).toEqual([expect.objectContaining({ status: 'error', code: 'insufficient_funds' })]);

    const results = await post([
      { ...base, id: 'hold-1/post', debitAccountId: from.id, creditAccountId: escrow.id, amount: 3_000n, phase: 'post_pending', pendingId: 'hold-1', linked: true },
      { ...base, id: 'payout-1', debitAccountId: escrow.id, creditAccountId: to.id, amount: 3_001n, kind: 'crowdfunding_payout' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['error', 'error']);
    expect(await balances('system', 'funding-escrow:c1')).toEqual([{ kind: 'escrow', balance: 0n, pendingDebits: 0n, pendingCredits: 3_000n }]);

    await post([
      { ...base, id: 'hold-1/post', debitAccountId: from.id, creditAccountId: escrow.id, amount: 3_000n, phase: 'post_pending', pendingId: 'hold-1', linked: true },
      { ...base, id: 'payout-1', debitAccountId: escrow.id, creditAccountId: to.id, amount: 3_000n, kind: 'crowdfunding_payout' },
    ]);
    expect(await balances('system', 'funding-escrow:c1')).toEqual([{ kind: 'escrow', balance: 0n, pendingDebits: 0n, pendingCredits: 0n }]);
    expect((await balances('person', bob.id))[0]).toMatchObject({ balance: 3_000n });
    expect((await balances('person', alice.id))[0]).toMatchObject({ balance: 2_000n, pendingDebits: 0n });
    const proof = await app.services.currency.proofOfReserve('amiens');
    expect(proof).toMatchObject({ reserve: 5_000n, circulation: 5_000n });
    for (const total of (await ledgerRepository.balanceSumsByUnit(ctx.handle.db, territory.id)).values()) expect(total).toBe(0n);
  });
});
