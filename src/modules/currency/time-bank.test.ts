import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { systemActor } from '../../platform/auth/actor.js';
import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import { verifyAuditChains } from '../../platform/audit/audit-trail.js';
import { ledgerRepository } from './ledger-repository.js';
import { HOUR, type Owner } from './model.js';
import { createCurrencyWorld, type CurrencyWorld } from './test-factories.js';

const system = systemActor('test');
const T = '/api/v1/t/amiens';
const person = (id: string): Owner => ({ type: 'person', id });

describeEachDatabase('time bank', (ctx) => {
  let app: App;
  let w: CurrencyWorld;
  let keys = 0;
  const key = () => `exchange-${String((keys += 1)).padStart(4, '0')}`;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    w = await createCurrencyWorld(app);
  });
  afterEach(async () => app.close());

  const hours = async (owner: Owner) => {
    const accounts = await app.services.currency.myAccounts(system, 'amiens', owner);
    const a = accounts.find((x) => x.unit === HOUR);
    return a ? { balance: a.balance, held: a.pendingDebits, incoming: a.pendingCredits } : undefined;
  };
  const propose = async (client: TestClient, body: Record<string, unknown>, idempotencyKey = key()) =>
    client.request('POST', `${T}/time-bank/exchanges`, body, { 'idempotency-key': idempotencyKey });
  const citizenGivesToRepresentative = (minutes: number) => ({ provider: person(w.citizen.id), receiver: person(w.representative.id), minutes });

  // ── the directory ─────────────────────────────────────────────────────────────────────────

  it('lists offers and wants publicly, filtered by kind, category and text ignoring case and accents, page by page', async () => {
    const alice = await w.citizen.client();
    const created = [];
    for (const listing of [
      { kind: 'offer', category: 'repairs', title: 'Réparation de vélos', description: 'Crevaisons, freins, dérailleurs.' },
      { kind: 'want', category: 'gardening', title: 'Aide pour tailler une haie' },
      { kind: 'offer', category: 'language', title: 'Conversation en anglais', description: 'Une heure par semaine, au café.' },
      { kind: 'offer', category: 'repairs', title: 'Petite électricité' },
    ]) {
      const response = await alice.post(`${T}/time-bank/listings`, listing);
      expect(response.statusCode, listing.title).toBe(201);
      created.push(response.json());
    }
    expect(created[0]).toMatchObject({ owner: { type: 'person', id: w.citizen.id, name: 'Alice Martin' }, status: 'open', kind: 'offer', category: 'repairs' });

    const visitor = new TestClient(app);
    const titles = async (query: string) => (await visitor.get(`${T}/time-bank/listings${query}`)).json().items.map((l: { title: string }) => l.title);
    expect(await titles('')).toEqual(['Petite électricité', 'Conversation en anglais', 'Aide pour tailler une haie', 'Réparation de vélos']);
    expect(await titles('?kind=want')).toEqual(['Aide pour tailler une haie']);
    expect(await titles('?category=repairs')).toEqual(['Petite électricité', 'Réparation de vélos']);
    expect(await titles('?q=REPARATION')).toEqual(['Réparation de vélos']);
    expect(await titles('?q=cafe')).toEqual(['Conversation en anglais']);
    expect(await titles('?q=100%25')).toEqual([]);

    const first = (await visitor.get(`${T}/time-bank/listings?limit=3`)).json();
    expect(first.items).toHaveLength(3);
    const second = (await visitor.get(`${T}/time-bank/listings?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second).toEqual({ items: [expect.objectContaining({ title: 'Réparation de vélos' })], nextCursor: null });
    expect((await visitor.get(`${T}/time-bank/listings?cursor=nonsense`)).json().code).toBe('invalid_cursor');
  });

  it("lets a representative list for the organisation, and refuses its staff and other people (403 not_a_party)", async () => {
    const body = { owner: { type: 'organisation', id: w.shopId }, kind: 'offer', category: 'cooking', title: 'Atelier confitures' };
    const byRepresentative = await (await w.representative.client()).post(`${T}/time-bank/listings`, body);
    expect(byRepresentative.statusCode).toBe(201);
    expect(byRepresentative.json().owner).toEqual({ type: 'organisation', id: w.shopId, name: 'Épicerie du Marché' });
    for (const member of [w.staff, w.citizen, w.outsider]) {
      const refused = await (await member.client()).post(`${T}/time-bank/listings`, body);
      expect(refused.statusCode, member.email).toBe(403);
      expect(refused.json().code).toBe('not_a_party');
    }
    const asAlice = await (await w.citizen.client()).post(`${T}/time-bank/listings`, { ...body, owner: { type: 'person', id: w.representative.id } });
    expect(asAlice.statusCode).toBe(403);
    const badCategory = await (await w.citizen.client()).post(`${T}/time-bank/listings`, { kind: 'offer', category: 'astrology', title: 'Horoscopes' });
    expect(badCategory.statusCode).toBe(422);
    expect(badCategory.json().errors[0].field).toBe('category');
  });

  it('closes a listing by its owner or the currency operator; others get 403 and a second close 409', async () => {
    const listing = await app.services.timeBank.createListing(w.citizen.actor, 'amiens', { kind: 'offer', category: 'care', title: 'Visites aux aînés' });
    const moderated = await app.services.timeBank.createListing(w.citizen.actor, 'amiens', { kind: 'offer', category: 'other', title: 'Annonce hors sujet' });
    expect((await (await w.representative.client()).post(`${T}/time-bank/listings/${listing.id}/close`)).statusCode).toBe(403);
    const closed = await (await w.citizen.client()).post(`${T}/time-bank/listings/${listing.id}/close`);
    expect(closed.json()).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect((await (await w.citizen.client()).post(`${T}/time-bank/listings/${listing.id}/close`)).json().code).toBe('already_closed');
    expect((await (await w.operator.client()).post(`${T}/time-bank/listings/${moderated.id}/close`)).statusCode).toBe(200);

    const visitor = new TestClient(app);
    expect((await visitor.get(`${T}/time-bank/listings`)).json().items).toEqual([]);
    expect((await visitor.get(`${T}/time-bank/listings?status=closed`)).json().items).toHaveLength(2);
    expect((await visitor.get(`${T}/time-bank/listings/${listing.id}`)).json().status).toBe('closed');
  });

  // ── exchanges ─────────────────────────────────────────────────────────────────────────────

  it("holds the receiver's hours while an exchange is proposed, and moves them when the other side confirms", async () => {
    const proposed = await propose(await w.citizen.client(), { ...citizenGivesToRepresentative(90), note: 'Réglage du vélo' });
    expect(proposed.statusCode).toBe(201);
    const exchange = proposed.json();
    expect(exchange).toMatchObject({
      status: 'proposed', proposedBy: 'provider', awaiting: 'receiver', minutes: 90, note: 'Réglage du vélo',
      provider: { name: 'Alice Martin' }, receiver: { name: 'Bob Durand' },
    });
    expect(Date.parse(exchange.expiresAt) - Date.parse(exchange.proposedAt)).toBe(30 * 24 * 3600 * 1000);
    expect(await hours(person(w.representative.id))).toEqual({ balance: 0n, held: 90n, incoming: 0n });
    expect(await hours(person(w.citizen.id))).toEqual({ balance: 0n, held: 0n, incoming: 90n });

    const confirmed = await (await w.representative.client()).post(`${T}/time-bank/exchanges/${exchange.id}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', awaiting: null, resolvedAt: expect.any(String) });
    expect(await hours(person(w.representative.id))).toEqual({ balance: -90n, held: 0n, incoming: 0n });
    expect(await hours(person(w.citizen.id))).toEqual({ balance: 90n, held: 0n, incoming: 0n });
    const sums = await ledgerRepository.balanceSumsByUnit(ctx.handle.db, w.territoryId);
    expect(sums.get(HOUR)).toBe(0n);
    expect((await verifyAuditChains(ctx.handle.db, w.territoryId))[0]!.firstBrokenSeq).toBeNull();
  });

  it('returns the first exchange for a retry with the same Idempotency-Key, and 409 for another exchange under it', async () => {
    const alice = await w.citizen.client();
    const first = await propose(alice, citizenGivesToRepresentative(60), 'retry-key-0001');
    const retry = await propose(alice, citizenGivesToRepresentative(60), 'retry-key-0001');
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(await hours(person(w.representative.id))).toMatchObject({ held: 60n });
    const reused = await propose(alice, citizenGivesToRepresentative(61), 'retry-key-0001');
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('exists_with_different_fields');
    const missing = await alice.post(`${T}/time-bank/exchanges`, citizenGivesToRepresentative(60));
    expect(missing.json().code).toBe('idempotency_key_required');
  });

  it("refuses an exchange below the receiver's floor (insufficient_funds) or above the provider's ceiling (exceeds_credit_limit), counting held hours", async () => {
    await app.services.currency.updateSettings(system, 'amiens', { timeBankFloorMinutes: -60, timeBankCeilingMinutes: 100 });
    const alice = await w.citizen.client();
    expect((await propose(alice, citizenGivesToRepresentative(40))).statusCode).toBe(201);
    const overFloor = await propose(alice, citizenGivesToRepresentative(21));
    expect(overFloor.statusCode).toBe(422);
    expect(overFloor.json()).toMatchObject({ code: 'insufficient_funds', errors: [{ field: 'minutes' }] });
    expect((await propose(alice, citizenGivesToRepresentative(20))).statusCode).toBe(201);

    const fromStaff = { provider: person(w.citizen.id), receiver: person(w.staff.id), minutes: 41 };
    const overCeiling = await propose(alice, fromStaff);
    expect(overCeiling.statusCode).toBe(422);
    expect(overCeiling.json().code).toBe('exceeds_credit_limit');
    expect(await hours(person(w.citizen.id))).toEqual({ balance: 0n, held: 0n, incoming: 60n });
  });

  it('lets only the other side confirm: a third person gets 403 not_a_party, the proposer 403 own_proposal', async () => {
    const exchange = (await propose(await w.citizen.client(), citizenGivesToRepresentative(30))).json();
    const confirm = async (member: typeof w.citizen) => (await member.client()).post(`${T}/time-bank/exchanges/${exchange.id}/confirm`);
    for (const third of [w.staff, w.operator, w.auditor, w.outsider]) {
      const response = await confirm(third);
      expect(response.statusCode, third.email).toBe(403);
      expect(response.json().code, third.email).toBe('not_a_party');
    }
    const own = await confirm(w.citizen);
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('own_proposal');
    expect(await hours(person(w.representative.id))).toMatchObject({ balance: 0n, held: 30n });
    expect((await confirm(w.representative)).statusCode).toBe(200);
  });

  it('lets either side cancel a proposal, releasing the hours; a second confirm or cancel answers 409 already_resolved', async () => {
    const byReceiver = (await propose(await w.representative.client(), citizenGivesToRepresentative(45))).json();
    expect(byReceiver).toMatchObject({ proposedBy: 'receiver', awaiting: 'provider' });
    const cancelled = await (await w.citizen.client()).post(`${T}/time-bank/exchanges/${byReceiver.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', awaiting: null });
    expect(await hours(person(w.representative.id))).toEqual({ balance: 0n, held: 0n, incoming: 0n });
    for (const action of ['confirm', 'cancel']) {
      const again = await (await w.citizen.client()).post(`${T}/time-bank/exchanges/${byReceiver.id}/${action}`);
      expect(again.statusCode, action).toBe(409);
      expect(again.json().code, action).toBe('already_resolved');
    }
    const byProvider = (await propose(await w.citizen.client(), citizenGivesToRepresentative(15))).json();
    expect((await (await w.citizen.client()).post(`${T}/time-bank/exchanges/${byProvider.id}/cancel`)).json().status).toBe('cancelled');
    expect((await (await w.staff.client()).post(`${T}/time-bank/exchanges/${byProvider.id}/cancel`)).statusCode).toBe(403);
  });

  it('exchanges hours with an organisation through its representative, who cannot speak for both sides', async () => {
    const shop: Owner = { type: 'organisation', id: w.shopId };
    const exchange = (await propose(await w.citizen.client(), { provider: person(w.citizen.id), receiver: shop, minutes: 120 })).json();
    expect((await (await w.staff.client()).post(`${T}/time-bank/exchanges/${exchange.id}/confirm`)).statusCode).toBe(403);
    expect((await (await w.representative.client()).post(`${T}/time-bank/exchanges/${exchange.id}/confirm`)).json().status).toBe('confirmed');
    expect(await hours(shop)).toMatchObject({ balance: -120n });

    const selfDealing = await propose(await w.representative.client(), { provider: person(w.representative.id), receiver: shop, minutes: 60 });
    expect(selfDealing.statusCode).toBe(422);
    expect(selfDealing.json().code).toBe('represents_both_sides');
  });

  it("ties an exchange made from a listing to the listing's owner on the listing's side", async () => {
    const offer = await app.services.timeBank.createListing(w.citizen.actor, 'amiens', { kind: 'offer', category: 'computing', title: 'Installer Linux' });
    const ok = await propose(await w.representative.client(), { ...citizenGivesToRepresentative(60), listingId: offer.id });
    expect(ok.json()).toMatchObject({ listingId: offer.id });
    const wrongSide = await propose(await w.citizen.client(), { provider: person(w.representative.id), receiver: person(w.citizen.id), minutes: 60, listingId: offer.id });
    expect(wrongSide.statusCode).toBe(422);
    expect(wrongSide.json().code).toBe('listing_mismatch');
  });

  it("shows a member's exchanges to them, their organisation's members and the operator, and to nobody else", async () => {
    const shop: Owner = { type: 'organisation', id: w.shopId };
    await app.services.timeBank.proposeExchange(w.citizen.actor, 'amiens', { key: key(), provider: person(w.citizen.id), receiver: shop, minutes: 30n });
    const exchange = await app.services.timeBank.proposeExchange(w.citizen.actor, 'amiens', { key: key(), ...citizenGivesToRepresentative(20), minutes: 20n });
    const list = async (member: typeof w.citizen, query = '') => (await member.client()).get(`${T}/time-bank/exchanges${query}`);
    expect((await list(w.citizen)).json().items).toHaveLength(2);
    expect((await list(w.citizen, '?limit=1')).json().nextCursor).not.toBeNull();
    expect((await list(w.representative)).json().items.map((e: { id: string }) => e.id)).toEqual([exchange.id]);
    const ofShop = `?ownerType=organisation&ownerId=${w.shopId}`;
    for (const member of [w.staff, w.representative, w.operator, w.auditor]) expect((await list(member, ofShop)).json().items, member.email).toHaveLength(1);
    expect((await list(w.citizen, `?ownerType=person&ownerId=${w.representative.id}`)).statusCode).toBe(403);
    expect((await list(w.citizen, '?ownerType=person')).json().code).toBe('incomplete_owner');
    expect((await (await w.staff.client()).get(`${T}/time-bank/exchanges/${exchange.id}`)).json().code).toBe('not_a_party');
    expect((await (await w.operator.client()).get(`${T}/time-bank/exchanges/${exchange.id}`)).json().status).toBe('proposed');
  });

  it('keeps each territory to itself: a person of another territory can neither list, propose nor confirm here', async () => {
    const zoe = await w.outsider.client();
    expect((await zoe.post(`${T}/time-bank/listings`, { kind: 'offer', category: 'other', title: 'Je viens de loin' })).statusCode).toBe(403);
    const intrusion = await propose(zoe, { provider: person(w.outsider.id), receiver: person(w.citizen.id), minutes: 60 });
    expect(intrusion.statusCode).toBe(403);
    const asShopOfThere = await propose(zoe, { provider: { type: 'organisation', id: w.outsiderShopId }, receiver: person(w.citizen.id), minutes: 60 });
    expect(asShopOfThere.statusCode).toBe(403);
    const offerToHer = await propose(await w.citizen.client(), { provider: person(w.citizen.id), receiver: person(w.outsider.id), minutes: 60 });
    expect(offerToHer.statusCode).toBe(404);

    const listing = await app.services.timeBank.createListing(w.citizen.actor, 'amiens', { kind: 'offer', category: 'care', title: 'Courses pour un voisin' });
    const exchange = (await propose(await w.citizen.client(), citizenGivesToRepresentative(10))).json();
    expect((await zoe.get(`/api/v1/t/amiens-ville/time-bank/listings/${listing.id}`)).statusCode).toBe(404);
    expect((await zoe.get('/api/v1/t/amiens-ville/time-bank/listings')).json().items).toEqual([]);
    expect((await zoe.post(`/api/v1/t/amiens-ville/time-bank/exchanges/${exchange.id}/confirm`)).statusCode).toBe(404);
    expect((await zoe.post(`${T}/time-bank/exchanges/${exchange.id}/cancel`)).statusCode).toBe(403);
    expect(await hours(person(w.representative.id))).toMatchObject({ held: 10n });
  });
});

describeEachDatabase('time bank: proposals that nobody confirms', (ctx) => {
  let app: App;
  let w: CurrencyWorld;
  let now = Date.parse('2026-03-01T09:00:00.000Z');
  const days = (n: number) => n * 24 * 3600 * 1000;

  beforeEach(async () => {
    now = Date.parse('2026-03-01T09:00:00.000Z');
    app = await createApp(loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', webRoot: '/nonexistent' }), {
      database: ctx.handle,
      migrate: false,
      clock: () => new Date(now),
    });
    w = await createCurrencyWorld(app);
    await app.services.currency.updateSettings(system, 'amiens', { timeBankFloorMinutes: -60 });
  });
  afterEach(async () => app.close());

  const held = async (id: string) => (await app.services.currency.myAccounts(system, 'amiens', person(id))).find((a) => a.unit === HOUR)!.pendingDebits;
  const giveBob = (k: string, minutes: bigint) =>
    app.services.timeBank.proposeExchange(w.citizen.actor, 'amiens', { key: k, provider: person(w.citizen.id), receiver: person(w.representative.id), minutes });

  it('lets a proposal lapse after 30 days: it reads expired, and confirming it answers 409 exchange_expired and releases the hours', async () => {
    const exchange = await giveBob('lapsing-0001', 60n);
    now += days(30) - 1000;
    expect((await app.services.timeBank.exchange(w.citizen.actor, 'amiens', exchange.id)).status).toBe('proposed');
    now += 2000;
    expect((await app.services.timeBank.exchange(w.citizen.actor, 'amiens', exchange.id)).status).toBe('expired');
    expect(await held(w.representative.id)).toBe(60n);
    await expect(app.services.timeBank.confirmExchange(w.representative.actor, 'amiens', exchange.id)).rejects.toMatchObject({ status: 409, code: 'exchange_expired' });
    expect(await held(w.representative.id)).toBe(0n);
    await expect(app.services.timeBank.cancelExchange(w.citizen.actor, 'amiens', exchange.id)).rejects.toMatchObject({ status: 409, code: 'already_resolved' });
    const listed = await app.services.timeBank.listExchanges(w.citizen.actor, 'amiens', { status: 'expired', limit: 10 });
    expect(listed.items.map((e) => e.id)).toEqual([exchange.id]);
  });

  it('releases the hours of lapsed proposals before checking a new one against the floor', async () => {
    await giveBob('lapsing-0002', 60n);
    await expect(giveBob('lapsing-0003', 30n)).rejects.toMatchObject({ code: 'insufficient_funds' });
    now += days(31);
    const fresh = await giveBob('lapsing-0004', 30n);
    expect(fresh.status).toBe('proposed');
    expect(await held(w.representative.id)).toBe(30n);
    const lapsed = await app.services.timeBank.listExchanges(w.representative.actor, 'amiens', { status: 'expired', limit: 10 });
    expect(lapsed.items.map((e) => e.id)).toEqual(['lapsing-0002']);
  });
});
