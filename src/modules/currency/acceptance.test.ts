import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { systemActor } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';
import { createCurrencyWorld, type CurrencyWorld, type TestMember } from './test-factories.js';

const system = systemActor('test');
const T = '/api/v1/t/amiens';

describeEachDatabase('organisations that accept the currency', (ctx) => {
  let app: App;
  let w: CurrencyWorld;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    w = await createCurrencyWorld(app);
  });
  afterEach(async () => app.close());

  const declare = async (member: TestMember, organisationId: string, body: Record<string, unknown>) =>
    (await member.client()).put(`${T}/organisations/${organisationId}/currency-acceptance`, body);
  const directory = async (query = '') => (await new TestClient(app).get(`${T}/currency/acceptance${query}`)).json();

  it('lists an organisation whose representative says it accepts the currency, with its address, commune and coordinates', async () => {
    const visitor = new TestClient(app);
    expect((await visitor.get(`${T}/organisations/${w.shopId}/currency-acceptance`)).json()).toEqual({ organisationId: w.shopId, accepts: false, category: null, note: null, updatedAt: null });
    const declared = await declare(w.representative, w.shopId, { accepts: true, category: 'food', note: 'Paiement en Grain dès 1 €' });
    expect(declared.statusCode).toBe(200);
    expect(declared.json()).toMatchObject({ accepts: true, category: 'food', note: 'Paiement en Grain dès 1 €', updatedAt: expect.any(String) });
    expect(await directory()).toEqual({
      items: [
        {
          organisationId: w.shopId, name: 'Épicerie du Marché', kind: 'business', category: 'food', note: 'Paiement en Grain dès 1 €',
          address: '3 place du Marché, 80000 Amiens', communeInsee: '80021', communeName: 'Amiens', latitude: 49.894, longitude: 2.296,
        },
      ],
      nextCursor: null,
    });
  });

  it('filters the directory by category and commune, and pages it in name order', async () => {
    await app.services.currencyAcceptance.set(system, 'amiens', w.shopId, { accepts: true, category: 'food' });
    await app.services.currencyAcceptance.set(system, 'amiens', w.ressourcerieId, { accepts: true, category: 'shops' });
    const names = (page: { items: { name: string }[] }) => page.items.map((o) => o.name);
    expect(names(await directory())).toEqual(['Épicerie du Marché', 'Ressourcerie La Seconde Main']);
    expect(names(await directory('?category=shops'))).toEqual(['Ressourcerie La Seconde Main']);
    expect(names(await directory('?commune=80164'))).toEqual(['Ressourcerie La Seconde Main']);
    expect(names(await directory('?commune=80164&category=food'))).toEqual([]);
    const first = await directory('?limit=1');
    expect(names(first)).toEqual(['Épicerie du Marché']);
    const second = await directory(`?limit=1&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ items: [{ name: 'Ressourcerie La Seconde Main' }], nextCursor: null });
  });

  it('removes an organisation from the directory when it stops accepting the currency', async () => {
    await declare(w.representative, w.shopId, { accepts: true, category: 'food' });
    const withdrawn = await declare(w.representative, w.shopId, { accepts: false });
    expect(withdrawn.json()).toMatchObject({ accepts: false, category: null });
    expect((await directory()).items).toEqual([]);
  });

  it('asks for a category when the organisation accepts the currency (422)', async () => {
    const response = await declare(w.representative, w.shopId, { accepts: true });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'category', code: 'required' })]);
    expect((await declare(w.representative, w.shopId, { accepts: true, category: 'weapons' })).statusCode).toBe(422);
  });

  it("lets the representative and the currency operator decide, and refuses staff, citizens and people of another territory (403)", async () => {
    for (const member of [w.staff, w.citizen, w.auditor, w.outsider]) {
      const refused = await declare(member, w.shopId, { accepts: true, category: 'food' });
      expect(refused.statusCode, member.email).toBe(403);
    }
    expect((await directory()).items).toEqual([]);
    const byOperator = await declare(w.operator, w.ressourcerieId, { accepts: true, category: 'crafts' });
    expect(byOperator.statusCode).toBe(200);
    expect((await new TestClient(app).put(`${T}/organisations/${w.shopId}/currency-acceptance`, { accepts: true, category: 'food' })).statusCode).toBe(401);
  });

  it("keeps each territory's directory to itself", async () => {
    await app.services.currencyAcceptance.set(system, 'amiens', w.shopId, { accepts: true, category: 'food' });
    await app.services.currencyAcceptance.set(system, 'amiens-ville', w.outsiderShopId, { accepts: true, category: 'shops' });
    expect((await directory()).items.map((o: { organisationId: string }) => o.organisationId)).toEqual([w.shopId]);
    const zoe = await w.outsider.client();
    expect((await zoe.get('/api/v1/t/amiens-ville/currency/acceptance')).json().items.map((o: { organisationId: string }) => o.organisationId)).toEqual([w.outsiderShopId]);
    expect((await zoe.put(`/api/v1/t/amiens-ville/organisations/${w.shopId}/currency-acceptance`, { accepts: false })).statusCode).toBe(403);
    expect((await zoe.get(`/api/v1/t/amiens-ville/organisations/${w.shopId}/currency-acceptance`)).statusCode).toBe(404);
    expect((await app.services.currencyAcceptance.get('amiens', w.shopId)).accepts).toBe(true);
  });
});
