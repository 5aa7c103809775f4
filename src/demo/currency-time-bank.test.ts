import { expect, it, vi } from 'vitest';
import { createServices } from '../app.js';
import { describeEachDatabase } from '../platform/db/test-database.js';
import { systemActor, type Actor } from '../platform/auth/actor.js';
import { verifyAuditChains } from '../platform/audit/audit-trail.js';
import { HOUR } from '../modules/currency/model.js';
import { DEMO_PASSWORD } from './seed.js';
import { DEMO_TERRITORY_SLUG, seedTerritoriesDemo } from './territories.js';
import { seedTimeBankDemo } from './currency-time-bank.js';

// Each test loads the whole demo (every module's history): far above the default limit on a busy machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const demo = systemActor('demo');

describeEachDatabase('demo time bank, payment requests and accepting organisations', (ctx) => {
  it('loads a directory, confirmed and pending exchanges, a paid request and a dozen accepting organisations', async () => {
    const services = createServices(ctx.handle);
    const territory = await seedTerritoriesDemo(services, demo, DEMO_PASSWORD);
    await seedTimeBankDemo(services, demo);
    const as = (id: string): Actor => ({ kind: 'person', personId: id, via: 'session' });
    const slug = DEMO_TERRITORY_SLUG;

    const listings = (await services.timeBank.listListings(slug, { limit: 100 })).items;
    expect(listings.length).toBeGreaterThanOrEqual(12);
    expect(new Set(listings.map((l) => l.kind))).toEqual(new Set(['offer', 'want']));
    expect(listings.filter((l) => l.owner.type === 'organisation').length).toBeGreaterThanOrEqual(3);

    const lucie = territory.people.citizenLucie;
    const ofLucie = (await services.timeBank.listExchanges(as(lucie.id), slug, { limit: 50 })).items;
    expect(ofLucie.map((e) => e.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    const pending = (await services.timeBank.listExchanges(as(territory.people.citizenYanis.id), slug, { status: 'proposed', limit: 50 })).items;
    expect(pending).toEqual([expect.objectContaining({ awaiting: 'receiver', receiver: expect.objectContaining({ name: 'Yanis Haddad' }) })]);
    const hours = (await services.currency.myAccounts(demo, slug, { type: 'person', id: lucie.id })).find((a) => a.unit === HOUR)!;
    expect(hours.balance).toBe(120n + 240n - 90n);

    const bakery = { type: 'organisation' as const, id: territory.organisations.bakery.id };
    const requests = (await services.paymentRequests.list(demo, slug, { payee: bakery, limit: 10 })).items;
    expect(requests).toEqual([expect.objectContaining({ status: 'paid', payer: expect.objectContaining({ name: 'Lucie Martin' }) })]);
    expect((await services.paymentRequests.list(as(territory.people.farmLead.id), slug, { payee: { type: 'organisation', id: territory.organisations.vegetableFarm.id }, limit: 10 })).items[0]).toMatchObject({ status: 'open', expiresAt: expect.any(String) });

    const accepting = (await services.currencyAcceptance.directory(slug, { limit: 100 })).items;
    expect(accepting.length).toBeGreaterThanOrEqual(12);
    expect(new Set(accepting.map((o) => o.communeName)).size).toBeGreaterThan(1);
    expect(accepting.every((o) => o.latitude !== null && o.address !== null)).toBe(true);
    expect((await verifyAuditChains(ctx.handle.db)).every((c) => c.firstBrokenSeq === null)).toBe(true);
  });
});
