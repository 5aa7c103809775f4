import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import { TestClient } from '../../platform/http/test-client.js';
import { pactTerritory, system } from '../pact/test-factories.js';
import { api } from './test-factories.js';

describeEachDatabase('indicators: computed by the modules, frozen once published', (ctx) => {
  let app: App;
  let now: Date;
  let t: Awaited<ReturnType<typeof pactTerritory>>;
  const at = (iso: string) => (now = new Date(iso));

  beforeEach(async () => {
    at('2026-01-10T09:00:00.000Z');
    app = await createApp(loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', webRoot: '/nonexistent' }), { database: ctx.handle, migrate: false, clock: () => now });
    t = await pactTerritory(app);
    const { pact, commitments, currency } = app.services;
    await pact.createPact(t.as('facilitator'), t.slug, { title: 'Pacte 21', horizonStartYear: 2026 });
    await pact.sign(t.as('wasteRep'), t.slug, t.organisations.waste);
    const commit = (statement: string, milestoneDate: string) => commitments.make(t.as('wasteRep'), t.slug, { ownerOrganisationId: t.organisations.waste, statement, milestoneDate });
    const onTime = await commit('Ouvrir le guichet', '2026-01-20');
    const late = await commit('Publier les données', '2026-01-25');
    await commit('Former les agents', '2026-01-31');
    await commit('Plus tard', '2026-03-15');
    at('2026-01-12T10:00:00.000Z');
    await currency.issue(system, t.slug, { key: 'issue-000001', to: { type: 'person', id: t.people.citizen }, amount: 100_000n });
    await currency.pay(system, t.slug, { key: 'pay-0000001', from: { type: 'person', id: t.people.citizen }, to: { type: 'person', id: t.people.wasteRep }, amount: 25_000n });
    at('2026-01-15T10:00:00.000Z');
    await commitments.update(t.as('wasteRep'), t.slug, onTime.id, { status: 'done' });
    at('2026-01-28T10:00:00.000Z');
    await commitments.update(t.as('wasteRep'), t.slug, late.id, { status: 'done' });
    at('2026-02-03T10:00:00.000Z');
    // A Pact, a commitment history and a ledger: a long set-up on a loaded machine.
  }, 180_000);
  afterEach(async () => app.close());

  it('computes live values from the currency ledger and the commitments, with how they were computed', async () => {
    const live = await app.services.indicators.liveComputed(t.slug, '2026-01');
    const byCode = new Map(live.values.map((v) => [v.code, v]));
    expect(byCode.get('currency_circulation')).toMatchObject({ module: 'currency', value: 1000, published: null });
    // No population indicator yet: INSEE's legal population of the EPCI (182,854).
    expect(byCode.get('currency_circulation_per_inhabitant')!.value).toBeCloseTo(1000 / 182_854, 4);
    expect(byCode.get('currency_circulation_per_inhabitant')!.footnote.fr).toContain('INSEE');
    expect(byCode.get('currency_circulation_per_inhabitant')!.footnote.en).toMatch(/inhabitants \(INSEE/);
    // 250 paid between members over a mean circulation of (0 + 1,000) / 2.
    expect(byCode.get('currency_velocity')!.value).toBe(0.5);
    expect(byCode.get('salary_share_converted')!.value).toBeNull();
    // Three commitments fell due in January; one was done by its date, one late, one is still open.
    expect(byCode.get('commitments_kept_on_time')).toMatchObject({ module: 'pact', value: 33.3 });
  });

  it('publishes a finished period as final values from computed:<module>, and freezes it', async () => {
    const claire = new TestClient(app);
    await app.services.auth.createAccount(system, { email: `claire@${t.slug}.test`, password: 'correct-horse-battery', displayName: 'Claire' });
    await claire.signIn(`claire@${t.slug}.test`, 'correct-horse-battery');

    const early = await claire.post(api(t.slug, '/computed/publish'), { period: '2026-02' });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('period_not_finished');

    const published = await claire.post(api(t.slug, '/computed/publish'), { period: '2026-01' });
    expect(published.statusCode).toBe(200);
    expect(published.json().published[0]).toMatchObject({
      footnote: expect.stringContaining('en circulation le 2026-02-01'),
      footnoteEn: expect.stringContaining('in circulation on 2026-02-01'),
    });
    expect(published.json().published.map((o: { indicatorCode: string; value: number; status: string; source: string }) => [o.indicatorCode, o.value, o.status, o.source])).toEqual([
      ['currency_circulation', 1000, 'final', 'computed:currency'],
      ['currency_circulation_per_inhabitant', 0.0055, 'final', 'computed:currency'],
      ['currency_velocity', 0.5, 'final', 'computed:currency'],
      ['commitments_kept_on_time', 33.3, 'final', 'computed:pact'],
      // The waste service signed the Pact and holds no certificate.
      ['certified_partners_share', 0, 'final', 'computed:certificates'],
    ]);
    // No payroll converted, no material accounts for a month, no public money committed.
    expect(published.json().skipped).toEqual([
      { code: 'salary_share_converted', module: 'currency', reason: 'nothing_to_compute' },
      { code: 'dmc_per_inhabitant', module: 'metabolism', reason: 'nothing_to_compute' },
      { code: 'local_loop_rate', module: 'metabolism', reason: 'nothing_to_compute' },
      { code: 'public_money_leverage', module: 'funding', reason: 'nothing_to_compute' },
    ]);

    // In 2025 the currency was not running yet: its indicators get no value, rather than zeros.
    const before = await claire.post(api(t.slug, '/computed/publish'), { period: '2025' });
    expect(before.statusCode).toBe(200);
    expect(before.json().skipped.filter((s: { module: string }) => s.module === 'currency').map((s: { code: string }) => s.code)).toEqual([
      'currency_circulation', 'currency_circulation_per_inhabitant', 'currency_velocity', 'salary_share_converted',
    ]);

    // More currency and a known population change what is computed now, never what was published.
    await app.services.indicators.recordObservation(system, t.slug, 'population', { period: '2025', value: 200_000 });
    const again = await claire.post(api(t.slug, '/computed/publish'), { period: '2026-01' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('period_already_published');
    const live = await app.services.indicators.liveComputed(t.slug, '2026-01');
    expect(live.values.find((v) => v.code === 'currency_circulation_per_inhabitant')).toMatchObject({ value: 0.005, published: { value: 0.0055 } });
    expect((await new TestClient(app).get(api(t.slug, '/currency_circulation'))).json().observations).toEqual([expect.objectContaining({ period: '2026-01', value: 1000, source: 'computed:currency' })]);

    const typed = await claire.post(api(t.slug, '/currency_velocity/observations'), { period: '2026-02', value: 3 });
    expect(typed.statusCode).toBe(409);
    expect(typed.json().code).toBe('computed_indicator');
  });

  it('lets only a facilitator publish', async () => {
    await expect(app.services.indicators.publishComputed(t.as('wasteRep'), t.slug, '2026-01')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(app.services.indicators.publishComputed({ kind: 'anonymous' }, t.slug, '2026-01')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await app.services.indicators.history(t.slug, 'currency_circulation').catch(() => [])).toEqual([]);
  });
});
