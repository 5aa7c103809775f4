import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../platform/db/test-database.js';
import { certificateServices, certificateTerritory, manualClock, system, type CertificateTerritory, type WithServices } from '../../certificates/test-factories.js';

describeEachDatabase('indicators: DMC per inhabitant and local loop rate, computed from the metabolism', (ctx) => {
  let app: WithServices;
  let t: CertificateTerritory;
  const clock = manualClock('2026-03-02T09:00:00.000Z');

  const live = async (period: string) => {
    const values = (await app.services.indicators.liveComputed(t.slug, period)).values.filter((v) => v.module === 'metabolism');
    return Object.fromEntries(values.map((v) => [v.code, v]));
  };

  beforeEach(async () => {
    app = certificateServices(ctx.handle, clock.now);
    t = await certificateTerritory(app);
    // The accounts of 2025: two actors, their supplies from nature, abroad and the rest of the country,
    // 120 t of scrap from one to the other, exports and landfill.
    const m = app.services.metabolism;
    const facilitator = t.as('facilitator');
    const recycling = await m.createNode(facilitator, t.slug, 2025, { kind: 'actor', organisationId: t.organisations.recycling });
    const waste = await m.createNode(facilitator, t.slug, 2025, { kind: 'actor', organisationId: t.organisations.waste });
    const boundary = new Map((await m.nodes(t.slug, 2025)).filter((n) => n.kind === 'boundary').map((n) => [n.boundary, n.id]));
    const flow = (from: string, to: string, tonnes: number, wasteCode: string) => m.createFlow(facilitator, t.slug, { year: 2025, fromNodeId: from, toNodeId: to, tonnes, wasteCode });
    await flow(boundary.get('abroad')!, recycling.id, 300, '19 12 02');
    await flow(boundary.get('nature')!, waste.id, 200, '20 02 01');
    await flow(boundary.get('rest_of_country')!, waste.id, 100, '20 03 01');
    await flow(recycling.id, waste.id, 120, '19 12 02');
    await flow(recycling.id, boundary.get('abroad')!, 80, '19 12 02');
    await flow(waste.id, boundary.get('environment')!, 280, '20 03 01');
    await app.services.indicators.recordObservation(system, t.slug, 'population', { period: '2025', value: 1000 });
  });

  it('computes the year’s DMC per inhabitant and loop rate from its flows, with how', async () => {
    const values = await live('2025');
    // DE 200 + IMP (300 + 100) − EXP 80 = DMC 520 t, for 1,000 inhabitants.
    expect(values.dmc_per_inhabitant).toMatchObject({ value: 0.52, published: null });
    expect(values.dmc_per_inhabitant!.footnote.fr).toContain('pour 1000 habitants');
    expect(values.dmc_per_inhabitant!.footnote.en).toContain('for 1000 inhabitants');
    // The actors send out 120 + 80 + 280 = 480 t, of which 120 t to another actor: 25 %.
    expect(values.local_loop_rate).toMatchObject({ value: 25 });
    expect(values.local_loop_rate!.footnote.fr).toContain('120 t reçues par d’autres acteurs du territoire');
    expect(values.local_loop_rate!.footnote.en).toContain('120 t received by other actors of the territory');
  });

  it('publishes the year as final observations from computed:metabolism', async () => {
    const report = await app.services.indicators.publishComputed(t.as('facilitator'), t.slug, '2025');
    const published = report.published.filter((o) => o.source === 'computed:metabolism').map((o) => [o.indicatorCode, o.value, o.period]);
    expect(published).toEqual([
      ['dmc_per_inhabitant', 0.52, '2025'],
      ['local_loop_rate', 25, '2025'],
    ]);
  });

  it('gives no value, not zero, for a year without flows or for a month', async () => {
    for (const period of ['2024', '2025-06']) {
      const values = await live(period);
      expect(values.dmc_per_inhabitant!.value).toBeNull();
      expect(values.local_loop_rate!.value).toBeNull();
    }
    expect((await live('2024')).dmc_per_inhabitant!.footnote).toEqual({ fr: 'Aucun flux de matières enregistré pour 2024.', en: 'No material flow recorded for 2024.' });
    const report = await app.services.indicators.publishComputed(t.as('facilitator'), t.slug, '2024');
    expect(report.skipped.filter((s) => s.module === 'metabolism')).toEqual([
      { code: 'dmc_per_inhabitant', module: 'metabolism', reason: 'nothing_to_compute' },
      { code: 'local_loop_rate', module: 'metabolism', reason: 'nothing_to_compute' },
    ]);
  });
});
