import { expect, it } from 'vitest';
import { createServices } from '../app.js';
import { describeEachDatabase } from '../platform/db/test-database.js';
import { DEMO_TERRITORY_SLUG, loadDemo } from './seed.js';

describeEachDatabase('demo indicators', (ctx) => {
  it('gives Amiens Métropole ten years of NIR values, series by sex, a revision, targets from the vision and a frozen computed month', async () => {
    const now = new Date('2026-11-30T12:00:00.000Z');
    await loadDemo(ctx.handle, now);
    const { indicators } = createServices(ctx.handle, () => now);
    const catalogue = await indicators.listCatalogue(DEMO_TERRITORY_SLUG);

    const nir = catalogue.filter((i) => i.tags.nir);
    expect(nir).toHaveLength(10);
    for (const i of nir) {
      const years = new Set((await indicators.currentObservations(DEMO_TERRITORY_SLUG, i.code)).map((o) => o.period));
      expect(years.size, i.code).toBe(10);
    }
    const health = await indicators.currentObservations(DEMO_TERRITORY_SLUG, 'healthy_life_expectancy');
    expect(new Set(health.map((o) => o.dimensions.Sexe ?? 'total'))).toEqual(new Set(['total', 'Femmes', 'Hommes']));
    expect(health.filter((o) => o.period === '2025').every((o) => o.status === 'provisional')).toBe(true);
    expect((await indicators.history(DEMO_TERRITORY_SLUG, 'carbon_footprint', { period: '2024' })).map((o) => o.revision)).toEqual([1, 2]);

    const targets = await indicators.listTargets(DEMO_TERRITORY_SLUG);
    expect(targets.filter((t) => t.origin === 'vision').map((t) => t.indicatorCode).sort()).toEqual(['bbc_renovations', 'bike_modal_share', 'currency_circulation', 'dma_kg_hab', 'local_food_share']);
    expect(targets.some((t) => t.origin === 'direct')).toBe(true);
    expect(catalogue.filter((i) => i.target).every((i) => i.progress.status !== undefined)).toBe(true);

    const circulation = await indicators.currentObservations(DEMO_TERRITORY_SLUG, 'currency_circulation');
    expect(circulation).toEqual([expect.objectContaining({ period: '2026-10', status: 'final', source: 'computed:currency' })]);
    expect((circulation[0]!.value as number) > 0).toBe(true);
    expect((await indicators.currentObservations(DEMO_TERRITORY_SLUG, 'commitments_kept_on_time'))[0]).toMatchObject({ period: '2026-10', source: 'computed:pact' });
    // The whole demo is loaded first: minutes on a busy machine.
  }, 300_000);
});
