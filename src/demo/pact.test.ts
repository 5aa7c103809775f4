import { expect, it } from 'vitest';
import { createServices } from '../app.js';
import { describeEachDatabase } from '../platform/db/test-database.js';
import { systemActor } from '../platform/auth/actor.js';
import { DemoClock } from './clock.js';
import { seedTerritoriesDemo } from './territories.js';
import { seedPactDemo } from './pact.js';

describeEachDatabase('demo pact', (ctx) => {
  it('loads a signed Pact 2026–2031, five task forces and thirty commitments in every status, some late, in one transaction', async () => {
    const now = new Date();
    const clock = new DemoClock(new Date(now.getTime() - 200 * 86_400_000));
    await ctx.handle.db.transaction().execute(async (trx) => {
      const services = createServices({ ...ctx.handle, db: trx }, clock.now);
      const territory = await seedTerritoriesDemo(services, systemActor('demo'), 'pacte21-demo');
      await seedPactDemo(services, territory, clock, now);
      expect(clock.now().getTime()).toBeLessThan(now.getTime() - 120 * 86_400_000);
    });
    const services = createServices(ctx.handle);
    const pact = await services.pact.overview('amiens-metropole');
    expect(pact).toMatchObject({ status: 'signed', horizonStartYear: 2026, horizonEndYear: 2031, balance: { public: 1, private: 4, civil_society: 2 } });
    expect((await services.pact.currentVision('amiens-metropole')).objectives).toHaveLength(5);
    expect((await services.taskForces.list('amiens-metropole')).map((t) => t.name)).toHaveLength(5);
    const commitments = await services.commitments.list('amiens-metropole');
    expect(commitments).toHaveLength(30);
    expect(new Set(commitments.map((c) => c.status))).toEqual(new Set(['planned', 'in_progress', 'done', 'abandoned']));
    expect(commitments.filter((c) => c.late).length).toBeGreaterThanOrEqual(3);
    expect((await services.chronicle.list('amiens-metropole', { limit: 200 })).items.length).toBeGreaterThan(40);
    const decisions = (await Promise.all((await services.taskForces.list('amiens-metropole')).map((tf) => services.decisions.list('amiens-metropole', tf.id)))).flat();
    expect(decisions.map((d) => [d.governance.method, d.status, d.outcome]).sort()).toEqual([
      ['consent', 'closed', 'adopted'],
      ['consent', 'open', null],
      ['majority', 'closed', 'rejected'],
    ]);
    expect((await services.chronicle.list('amiens-metropole', { limit: 10, kind: 'decision.taken' })).items).toHaveLength(2);
  });
});
