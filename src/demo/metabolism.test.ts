import { expect, it, vi } from 'vitest';
import { createServices } from '../app.js';
import { describeEachDatabase } from '../platform/db/test-database.js';
import { systemActor } from '../platform/auth/actor.js';
import { DEMO_PASSWORD } from './seed.js';
import { DEMO_TERRITORY_SLUG, seedTerritoriesDemo } from './territories.js';
import { seedMetabolismDemo } from './metabolism.js';
import { DemoClock } from './clock.js';

// Each test seeds the demo territory (password hashing) and its metabolism: above the default limit on a busy machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const system = systemActor('test');
const anonymous = { kind: 'anonymous' } as const;

describeEachDatabase('demo territory: metabolism and symbiosis', (ctx) => {
  it('has two years of a few hundred flows across MF1–MF4, a Kalundborg-like zone, and one synergy that moves the loop rate', async () => {
    // The metabolism seeder on its own, over the demo's partners (loadDemo runs it with every module).
    const now = new Date();
    const clock = new DemoClock(new Date(now.getTime() - 30 * 86_400_000));
    const demo = await seedTerritoriesDemo(createServices(ctx.handle, clock.now), system, DEMO_PASSWORD);
    await seedMetabolismDemo(createServices(ctx.handle, clock.now), demo, clock, now);
    expect(clock.now().getTime()).toBeLessThanOrEqual(now.getTime());
    const services = createServices(ctx.handle);
    const years = await services.metabolism.years(DEMO_TERRITORY_SLUG);
    expect(years).toHaveLength(2);
    const [before, last] = years.map((y) => y.year) as [number, number];
    for (const y of years) expect(y.flows).toBeGreaterThan(150);

    const indicators = await services.metabolismAnalysis.indicators(DEMO_TERRITORY_SLUG, last);
    expect(indicators.byCategory.map((c) => c.category)).toEqual(expect.arrayContaining(['MF1', 'MF2', 'MF3', 'MF4']));
    expect(indicators.total.de).toBeGreaterThan(0);
    expect(indicators.total.imp).toBeGreaterThan(0);
    expect(indicators.total.exp).toBeGreaterThan(0);
    expect(indicators.total.dpo).toBeGreaterThan(0);
    const previous = await services.metabolismAnalysis.indicators(DEMO_TERRITORY_SLUG, before);
    expect(indicators.loop.throughSynergies).toBe(7000);
    expect(indicators.loop.rate!).toBeGreaterThan(previous.loop.rate!);

    const nodes = await services.metabolism.nodes(DEMO_TERRITORY_SLUG, last);
    expect(new Set(nodes.filter((n) => n.kind === 'boundary').map((n) => n.boundary))).toEqual(new Set(['nature', 'abroad', 'rest_of_country', 'environment', 'stock']));
    expect(nodes.filter((n) => n.kind === 'process' && n.nafSection !== null).length).toBeGreaterThanOrEqual(9);

    const reconciliation = await services.metabolismAnalysis.reconciliation(system, DEMO_TERRITORY_SLUG, last);
    expect(reconciliation).toMatchObject({ consistent: true });
    expect(reconciliation.degreesOfFreedom).toBeGreaterThanOrEqual(4);

    const sankey = await services.metabolismAnalysis.sankey(anonymous, DEMO_TERRITORY_SLUG, last, {});
    expect(sankey.nodes.length).toBeLessThanOrEqual(80);
    expect(sankey.links.some((l) => l.inCycle)).toBe(true);
    expect(sankey.links.some((l) => l.synergyTonnes === 7000)).toBe(true);

    const board = await services.symbiosis.board(system, DEMO_TERRITORY_SLUG);
    expect(board.filter((m) => m.status === 'operating').map((m) => [m.offer.materialLabel.slice(0, 8), m.need.organisationName])).toEqual([['10 01 05', 'Plâtrerie de la Somme']]);
    expect(new Set(board.map((m) => m.status))).toEqual(new Set(['suggested', 'contacted', 'studying', 'operating']));
    expect((await services.symbiosis.synergies(anonymous, DEMO_TERRITORY_SLUG))).toHaveLength(1);
    const chronicle = (await services.chronicle.list(DEMO_TERRITORY_SLUG, { limit: 200, kind: 'synergy.operating' })).items;
    expect(chronicle).toHaveLength(1);
  });
});
