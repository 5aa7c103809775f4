import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { TestClient } from '../../platform/http/test-client.js';
import { systemActor } from '../../platform/auth/actor.js';
import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import { ledgerRepository } from './ledger-repository.js';
import type { Owner } from './model.js';
import { createCurrencyWorld, type CurrencyWorld, type TestMember } from './test-factories.js';

const system = systemActor('test');
const T = '/api/v1/t/amiens';

describeEachDatabase('payment requests', (ctx) => {
  let app: App;
  let w: CurrencyWorld;
  let now = Date.parse('2026-03-01T09:00:00.000Z');
  let keys = 0;

  beforeEach(async () => {
    now = Date.parse('2026-03-01T09:00:00.000Z');
    app = await createApp(
      loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', webRoot: '/nonexistent', signInRateLimit: { max: 1000, timeWindow: '1 minute' } }),
      { database: ctx.handle, migrate: false, clock: () => new Date(now) },
    );
    w = await createCurrencyWorld(app);
  });
  afterEach(async () => app.close());

  const shopOwner = (): Owner => ({ type: 'organisation', id: w.shopId });
  const fund = (owner: Owner, amount: bigint) => app.services.currency.issue(system, 'amiens', { key: `fund-${String((keys += 1)).padStart(4, '0')}`, to: owner, amount });
  const balance = async (owner: Owner) => (await app.services.currency.myAccounts(system, 'amiens', owner)).find((a) => a.unit === 'GRAIN')?.balance ?? 0n;
  const ask = async (member: TestMember, body: Record<string, unknown>) => (await member.client()).post(`${T}/payment-requests`, body);
  const pay = async (member: TestMember, id: string, body: Record<string, unknown> = {}) => (await member.client()).post(`${T}/payment-requests/${id}/pay`, body);

  it('shows anyone holding the link the amount, the payee and the status, and never the payer', async () => {
    const created = await ask(w.citizen, { amount: 450, memo: 'Part du covoiturage' });
    expect(created.statusCode).toBe(201);
    const request = created.json();
    expect(request).toMatchObject({
      path: `/t/amiens/pay/${request.id}`, amount: 450, unit: 'GRAIN', memo: 'Part du covoiturage', status: 'open',
      payee: { type: 'person', id: w.citizen.id, name: 'Alice Martin' }, payer: null, expiresAt: null,
    });
    const visitor = new TestClient(app);
    expect((await visitor.get(`${T}/payment-requests/${request.id}`)).json()).toEqual(request);
    expect((await visitor.post(`${T}/payment-requests/${request.id}/pay`)).statusCode).toBe(401);
  });

  it("lets a cashier ask for the shop, and a citizen pay it in one step, exactly once (409 already_paid)", async () => {
    await fund({ type: 'person', id: w.citizen.id }, 5_000n);
    await fund({ type: 'person', id: w.representative.id }, 5_000n);
    const request = (await ask(w.staff, { payee: { type: 'organisation', id: w.shopId }, amount: 1_240, memo: 'Pain et brioche' })).json();
    expect(request.payee).toEqual({ type: 'organisation', id: w.shopId, name: 'Épicerie du Marché' });

    const paid = await pay(w.citizen, request.id);
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', resolvedAt: expect.any(String), payer: { type: 'person', id: w.citizen.id, name: 'Alice Martin' } });
    expect(await balance({ type: 'person', id: w.citizen.id })).toBe(3_760n);
    expect(await balance(shopOwner())).toBe(1_240n);

    for (const payer of [w.citizen, w.representative]) {
      const again = await pay(payer, request.id);
      expect(again.statusCode, payer.email).toBe(409);
      expect(again.json().code).toBe('already_paid');
    }
    expect(await balance({ type: 'person', id: w.citizen.id })).toBe(3_760n);
    expect(await balance({ type: 'person', id: w.representative.id })).toBe(5_000n);
    expect(await balance(shopOwner())).toBe(1_240n);
  });

  it('pays a request once when two people pay it at the same moment', async () => {
    await fund({ type: 'person', id: w.citizen.id }, 5_000n);
    await fund({ type: 'person', id: w.representative.id }, 5_000n);
    const request = await app.services.paymentRequests.create(w.staff.actor, 'amiens', { payee: shopOwner(), amount: 700n });
    const outcomes = await Promise.allSettled([
      app.services.paymentRequests.pay(w.citizen.actor, 'amiens', request.id),
      app.services.paymentRequests.pay(w.representative.actor, 'amiens', request.id),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(['already_paid']);
    expect(await balance(shopOwner())).toBe(700n);
    expect((await balance({ type: 'person', id: w.citizen.id })) + (await balance({ type: 'person', id: w.representative.id }))).toBe(9_300n);
  });

  it("shows who paid to the payee's side and to the payer, and to nobody else", async () => {
    await fund({ type: 'person', id: w.citizen.id }, 1_000n);
    const request = await app.services.paymentRequests.create(w.representative.actor, 'amiens', { payee: shopOwner(), amount: 300n });
    await app.services.paymentRequests.pay(w.citizen.actor, 'amiens', request.id);
    const seen = async (member: TestMember) => (await (await member.client()).get(`${T}/payment-requests/${request.id}`)).json().payer;
    for (const member of [w.citizen, w.representative, w.staff, w.operator, w.auditor]) expect(await seen(member), member.email).toMatchObject({ id: w.citizen.id });
    expect(await seen(w.outsider)).toBeNull();
    expect((await new TestClient(app).get(`${T}/payment-requests/${request.id}`)).json()).toMatchObject({ status: 'paid', payer: null });
  });

  it('refuses to pay beyond the balance (422 insufficient_funds) and leaves the request open', async () => {
    await fund({ type: 'person', id: w.citizen.id }, 100n);
    const request = await app.services.paymentRequests.create(w.representative.actor, 'amiens', { payee: shopOwner(), amount: 101n });
    const refused = await pay(w.citizen, request.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('insufficient_funds');
    expect((await app.services.paymentRequests.get(w.citizen.actor, 'amiens', request.id)).status).toBe('open');
    expect(await balance({ type: 'person', id: w.citizen.id })).toBe(100n);
  });

  it("lets a representative pay from the organisation's account, and refuses its staff (403)", async () => {
    await fund(shopOwner(), 2_000n);
    const request = await app.services.paymentRequests.create(w.citizen.actor, 'amiens', { amount: 800n, memo: 'Livraison' });
    expect((await pay(w.staff, request.id, { from: { type: 'organisation', id: w.shopId } })).statusCode).toBe(403);
    const paid = await pay(w.representative, request.id, { from: { type: 'organisation', id: w.shopId } });
    expect(paid.json()).toMatchObject({ status: 'paid', payer: { type: 'organisation', name: 'Épicerie du Marché' } });
    expect(await balance(shopOwner())).toBe(1_200n);
  });

  it('lets the payee cancel an open request, after which paying it answers 409; nobody else can cancel', async () => {
    await fund({ type: 'person', id: w.citizen.id }, 1_000n);
    const request = await app.services.paymentRequests.create(w.staff.actor, 'amiens', { payee: shopOwner(), amount: 200n });
    for (const member of [w.citizen, w.operator, w.outsider]) expect((await (await member.client()).post(`${T}/payment-requests/${request.id}/cancel`)).statusCode, member.email).toBe(403);
    const cancelled = await (await w.representative.client()).post(`${T}/payment-requests/${request.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await pay(w.citizen, request.id)).json().code).toBe('payment_request_cancelled');
    expect((await (await w.staff.client()).post(`${T}/payment-requests/${request.id}/cancel`)).json().code).toBe('already_cancelled');
    expect(await balance({ type: 'person', id: w.citizen.id })).toBe(1_000n);
  });

  it('refuses to pay a request past its expiry (409 payment_request_expired), which then reads expired', async () => {
    await fund({ type: 'person', id: w.citizen.id }, 1_000n);
    const expiresAt = new Date(now + 3600_000).toISOString();
    const request = await app.services.paymentRequests.create(w.representative.actor, 'amiens', { payee: shopOwner(), amount: 200n, expiresAt });
    expect(request.expiresAt).toBe(expiresAt);
    now += 3600_001;
    await expect(app.services.paymentRequests.pay(w.citizen.actor, 'amiens', request.id)).rejects.toMatchObject({ status: 409, code: 'payment_request_expired' });
    expect((await app.services.paymentRequests.get(w.citizen.actor, 'amiens', request.id)).status).toBe('expired');
    const past = await ask(w.citizen, { amount: 10, expiresAt: new Date(now - 1000).toISOString() });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0]).toMatchObject({ field: 'expiresAt', code: 'expiry_in_the_past' });
  });

  it("lists a payee's requests to the payee's side only, newest first, by status", async () => {
    await fund({ type: 'person', id: w.citizen.id }, 1_000n);
    const first = await app.services.paymentRequests.create(w.staff.actor, 'amiens', { payee: shopOwner(), amount: 100n });
    now += 1000;
    const second = await app.services.paymentRequests.create(w.representative.actor, 'amiens', { payee: shopOwner(), amount: 200n });
    await app.services.paymentRequests.pay(w.citizen.actor, 'amiens', first.id);
    const list = async (member: TestMember, query: string) => (await member.client()).get(`${T}/payment-requests?payeeType=organisation&payeeId=${w.shopId}${query}`);
    expect((await list(w.staff, '')).json().items.map((r: { id: string }) => r.id)).toEqual([second.id, first.id]);
    expect((await list(w.representative, '&status=paid')).json().items).toEqual([expect.objectContaining({ id: first.id, payer: expect.objectContaining({ id: w.citizen.id }) })]);
    expect((await list(w.staff, '&status=open&limit=1')).json()).toMatchObject({ items: [{ id: second.id }], nextCursor: null });
    expect((await list(w.citizen, '')).statusCode).toBe(403);
    expect((await (await w.citizen.client()).get(`${T}/payment-requests`)).json().items).toEqual([]);
  });

  it('keeps each territory to itself: a person of another territory can neither ask nor pay here, and the link does not resolve there', async () => {
    const request = await app.services.paymentRequests.create(w.representative.actor, 'amiens', { payee: shopOwner(), amount: 100n });
    expect((await ask(w.outsider, { amount: 100 })).statusCode).toBe(403);
    expect((await ask(w.outsider, { payee: { type: 'organisation', id: w.outsiderShopId }, amount: 100 })).statusCode).toBe(403);
    expect((await pay(w.outsider, request.id)).statusCode).toBe(403);
    expect((await pay(w.outsider, request.id, { from: { type: 'organisation', id: w.outsiderShopId } })).statusCode).toBe(403);
    const there = await (await w.outsider.client()).get(`/api/v1/t/amiens-ville/payment-requests/${request.id}`);
    expect(there.statusCode).toBe(404);
    expect((await ledgerRepository.listAccounts(ctx.handle.db, w.otherTerritoryId, {})).length).toBe(0);
  });
});
