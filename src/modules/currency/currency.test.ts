import fc from 'fast-check';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { systemActor, type Actor, personActor } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';
import { ledgerRepository } from './ledger-repository.js';
import { systemAccountId } from './model.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';
const SIRET = '73282932000074';

describeEachDatabase('local currency', (ctx) => {
  let app: App;
  let operator: TestClient;
  let alice: { id: string };
  let bob: { id: string };
  let shopId: string;
  let territoryId: string;

  const asPerson = personActor;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    const t = app.services.territories;
    territoryId = (await t.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' })).id;
    const op = await app.services.auth.createAccount(system, { email: 'op@example.org', password: PASSWORD, displayName: 'Opératrice' });
    await t.addPerson(system, 'amiens', { email: op.email, displayName: op.displayName });
    await t.setRoles(system, 'amiens', op.id, ['currency_operator']);
    alice = await t.addPerson(system, 'amiens', { email: 'alice@example.org', displayName: 'Alice' });
    bob = await t.addPerson(system, 'amiens', { email: 'bob@example.org', displayName: 'Bob' });
    shopId = (await t.createOrganisation(system, 'amiens', { name: 'Épicerie du Marché', kind: 'business', siret: SIRET })).id;
    await t.addMember(system, 'amiens', shopId, { email: 'bob@example.org', role: 'representative' });
    operator = new TestClient(app);
    await operator.signIn(op.email, PASSWORD);
  });
  afterEach(async () => app.close());

  const issue = (key: string, to: { type: string; id: string }, amount: number) =>
    operator.request('POST', '/api/v1/t/amiens/currency/issuances', { to, amount }, { 'idempotency-key': key });

  it('issues currency against euros in the reserve, and a retry with the same key issues nothing more', async () => {
    const first = await issue('issue-0001', { type: 'person', id: alice.id }, 5000);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ unit: 'GRAIN', balance: 5000 });
    const retry = await issue('issue-0001', { type: 'person', id: alice.id }, 5000);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({ balance: 5000 });
    const proof = (await operator.get('/api/v1/t/amiens/currency/proof-of-reserve')).json();
    expect(proof).toMatchObject({ reserve: 5000, circulation: 5000 });
    expect(proof.series).toHaveLength(1);
  });

  it('answers exists_with_different_fields (409) when a key is reused for another amount', async () => {
    await issue('issue-0002', { type: 'person', id: alice.id }, 5000);
    const reused = await issue('issue-0002', { type: 'person', id: alice.id }, 7000);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('exists_with_different_fields');
  });

  it('lets a member pay another and refuses to overdraw with insufficient_funds', async () => {
    await issue('issue-0003', { type: 'person', id: alice.id }, 1000);
    const paid = await app.services.currency.pay(asPerson(alice.id), 'amiens', { key: 'pay-000001', from: { type: 'person', id: alice.id }, to: { type: 'organisation', id: shopId }, amount: 400n });
    expect(paid.balance).toBe(600n);
    await expect(
      app.services.currency.pay(asPerson(alice.id), 'amiens', { key: 'pay-000002', from: { type: 'person', id: alice.id }, to: { type: 'organisation', id: shopId }, amount: 601n }),
    ).rejects.toMatchObject({ status: 422, code: 'insufficient_funds' });
    const shop = await app.services.currency.myAccounts(system, 'amiens', { type: 'organisation', id: shopId });
    expect(shop.map((a) => a.balance)).toEqual([400n]);
  });

  it("refuses a payment from someone else's account", async () => {
    await issue('issue-0004', { type: 'person', id: alice.id }, 1000);
    await expect(
      app.services.currency.pay(asPerson(bob.id), 'amiens', { key: 'pay-000003', from: { type: 'person', id: alice.id }, to: { type: 'person', id: bob.id }, amount: 1n }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('reconverts for a professional with the 5 % fee, and refuses individuals', async () => {
    await issue('issue-0005', { type: 'organisation', id: shopId }, 10_000);
    const response = await operator.request('POST', '/api/v1/t/amiens/currency/reconversions', { from: { type: 'organisation', id: shopId }, amount: 2_000 }, { 'idempotency-key': 'reconvert-01' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ fee: 100, euros: 1900, account: { balance: 8000 } });
    expect((await operator.get('/api/v1/t/amiens/currency/proof-of-reserve')).json()).toMatchObject({ reserve: 8100, circulation: 8100 });
    await issue('issue-0006', { type: 'person', id: alice.id }, 100);
    const refused = await operator.request('POST', '/api/v1/t/amiens/currency/reconversions', { from: { type: 'person', id: alice.id }, amount: 50 }, { 'idempotency-key': 'reconvert-02' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('reconversion_not_allowed');
  });

  it('refuses money-moving calls without an Idempotency-Key', async () => {
    const response = await operator.post('/api/v1/t/amiens/currency/issuances', { to: { type: 'person', id: alice.id }, amount: 10 });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('idempotency_key_required');
  });

  it('posts a batch with one result per transfer and linked chains all-or-nothing', async () => {
    await issue('issue-0007', { type: 'person', id: alice.id }, 1000);
    const accounts = await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id: alice.id });
    const aliceAccount = accounts[0]!.id;
    const fees = systemAccountId('fees', 'GRAIN');
    const response = await operator.post('/api/v1/t/amiens/ledger/transfers', {
      transfers: [
        { id: 'b1', debitAccountId: aliceAccount, creditAccountId: fees, amount: 100, unit: 'GRAIN', kind: 'fee', linked: true },
        { id: 'b2', debitAccountId: aliceAccount, creditAccountId: fees, amount: 5000, unit: 'GRAIN', kind: 'fee' },
        { id: 'b3', debitAccountId: aliceAccount, creditAccountId: fees, amount: 10, unit: 'EUR', kind: 'fee' },
        { id: 'b4', debitAccountId: aliceAccount, creditAccountId: fees, amount: 10, unit: 'GRAIN', kind: 'fee' },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual(['linked_event_failed', 'insufficient_funds', 'unit_mismatch', 'ok']);
    const balances = await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id: alice.id });
    expect(balances[0]!.balance).toBe(990n);
  });

  it('refuses a batch that would issue currency without its euros, writing nothing', async () => {
    await issue('issue-0008', { type: 'person', id: alice.id }, 1000);
    const aliceAccount = (await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id: alice.id }))[0]!.id;
    const response = await operator.post('/api/v1/t/amiens/ledger/transfers', {
      transfers: [{ id: 'mint-1', debitAccountId: systemAccountId('issuance', 'GRAIN'), creditAccountId: aliceAccount, amount: 500, unit: 'GRAIN', kind: 'issuance' }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('reserve_not_equal_to_circulation');
    expect((await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id: alice.id }))[0]!.balance).toBe(1000n);
  });

  it('never overdraws nor deadlocks when many payments between the same accounts run at once', async () => {
    const members = [alice.id, bob.id];
    const extra = await Promise.all(['chloe', 'dan'].map((n) => app.services.territories.addPerson(system, 'amiens', { email: `${n}@example.org`, displayName: n })));
    members.push(...extra.map((p) => p.id));
    for (const [i, id] of members.entries()) await app.services.currency.issue(system, 'amiens', { key: `fund-${String(i).padStart(6, '0')}`, to: { type: 'person', id }, amount: 1000n });
    // 8 parallel streams (PostgreSQL: 8 pooled connections) of payments in every direction.
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, stream) =>
        (async () => {
          const codes: string[] = [];
          for (let k = 0; k < 20; k += 1) {
            const from = members[(stream + k) % members.length]!;
            const to = members[(stream + 3 * k + 1) % members.length]!;
            if (from === to) continue;
            try {
              await app.services.currency.pay(asPerson(from), 'amiens', { key: `race-${stream}-${String(k).padStart(4, '0')}`, from: { type: 'person', id: from }, to: { type: 'person', id: to }, amount: BigInt(150 + ((stream * 31 + k * 17) % 300)) });
              codes.push('ok');
            } catch (error) {
              codes.push((error as { code?: string }).code ?? String(error));
            }
          }
          return codes;
        })(),
      ),
    );
    const codes = outcomes.flat();
    expect(codes.filter((c) => c !== 'ok' && c !== 'insufficient_funds')).toEqual([]);
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThan(20);
    const balances = await Promise.all(members.map(async (id) => (await app.services.currency.myAccounts(system, 'amiens', { type: 'person', id }))[0]!.balance));
    for (const b of balances) expect(b).toBeGreaterThanOrEqual(0n);
    expect(balances.reduce((a, b) => a + b, 0n)).toBe(4000n);
    for (const total of (await ledgerRepository.balanceSumsByUnit(ctx.handle.db, territoryId)).values()) expect(total).toBe(0n);
  });

  it('keeps reserve equal to circulation and every unit summing to zero over random operations', async () => {
    const owners = [
      { type: 'person' as const, id: alice.id },
      { type: 'person' as const, id: bob.id },
      { type: 'organisation' as const, id: shopId },
    ];
    const actorFor = (o: (typeof owners)[number]): Actor => (o.type === 'person' ? asPerson(o.id) : asPerson(bob.id));
    let n = 0;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('issue' as const), to: fc.constantFrom(...owners), amount: fc.bigInt({ min: 1n, max: 10_000n }) }),
      fc.record({ kind: fc.constant('pay' as const), from: fc.constantFrom(...owners), to: fc.constantFrom(...owners), amount: fc.bigInt({ min: 1n, max: 10_000n }) }),
      fc.record({ kind: fc.constant('reconvert' as const), amount: fc.bigInt({ min: 1n, max: 10_000n }) }),
      fc.record({ kind: fc.constant('retry' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 12 }), async (ops) => {
        let lastKey = '';
        for (const o of ops) {
          const key = o.kind === 'retry' && lastKey ? lastKey : `op-${String((n += 1)).padStart(6, '0')}`;
          lastKey = key;
          try {
            if (o.kind === 'issue') await app.services.currency.issue(system, 'amiens', { key, to: o.to, amount: o.amount });
            if (o.kind === 'pay') await app.services.currency.pay(actorFor(o.from), 'amiens', { key, from: o.from, to: o.to, amount: o.amount });
            if (o.kind === 'reconvert') await app.services.currency.reconvert(system, 'amiens', { key, from: { type: 'organisation', id: shopId }, amount: o.amount });
          } catch (error) {
            // Refusals (insufficient funds, same payer and payee, reused key) are expected; they must change nothing.
            expect((error as { status?: number }).status).toBeGreaterThanOrEqual(400);
          }
        }
        const proof = await app.services.currency.proofOfReserve('amiens');
        expect(proof.reserve).toBe(proof.circulation);
        const sums = await ledgerRepository.balanceSumsByUnit(ctx.handle.db, territoryId);
        for (const total of sums.values()) expect(total).toBe(0n);
        const members = await ledgerRepository.listAccounts(ctx.handle.db, territoryId, { kind: 'member' });
        for (const a of members) expect(a.creditsPosted - a.debitsPosted).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 12 },
    );
  });
});
