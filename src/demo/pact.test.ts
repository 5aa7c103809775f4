import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createServices } from '../app.js';
import { describeEachDatabase } from '../platform/db/test-database.js';
import { systemActor } from '../platform/auth/actor.js';
import { DemoClock } from './clock.js';
import { seedTerritoriesDemo } from './territories.js';
import { seedPactDemo } from './pact.js';

describeEachDatabase('demo pact', (ctx) => {
  it('loads a signed Pact 2026–2031, five task forces and thirty commitments in every status, some late, in one transaction', async () => {
    const evidenceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-demo-evidence-'));
    const now = new Date();
    const clock = new DemoClock(new Date(now.getTime() - 200 * 86_400_000));
    await ctx.handle.db.transaction().execute(async (trx) => {
      const services = createServices({ ...ctx.handle, db: trx }, clock.now, undefined, evidenceDir);
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

    // Two commitments already announced late; followers told of changes, some read; reports with PDF files kept by hash.
    expect((await services.chronicle.list('amiens-metropole', { limit: 10, kind: 'commitment.late' })).items.map((e) => e.title).sort()).toEqual([
      'Engagement en retard : Former deux apprentis boulangers',
      'Engagement en retard : Ouvrir un dépôt de pain en quartier prioritaire',
    ]);
    const people = new Map((await services.territories.listPeople(systemActor('test'), 'amiens-metropole')).map((p) => [p.displayName, p.id]));
    const lucie = { kind: 'person', personId: people.get('Lucie Martin')!, via: 'session' } as const;
    const notifications = await services.notifications.list(lucie, 'amiens-metropole', { limit: 200 });
    expect(notifications.items.length).toBeGreaterThan(4);
    expect(notifications.unreadCount).toBeGreaterThan(0);
    expect(notifications.unreadCount).toBeLessThan(notifications.items.length);
    expect((await services.notifications.myFollows(lucie, 'amiens-metropole')).length).toBe(3);
    const files = (await Promise.all(commitments.map((c) => services.commitments.updates('amiens-metropole', c.id)))).flat().flatMap((u) => (u.evidenceFile ? [u.evidenceFile] : []));
    expect(files).toHaveLength(5);
    for (const file of files) {
      expect(file.mediaType).toBe('application/pdf');
      expect(fs.readFileSync(path.join(evidenceDir, file.sha256.slice(0, 2), file.sha256)).subarray(0, 5).toString()).toBe('%PDF-');
    }
    fs.rmSync(evidenceDir, { recursive: true, force: true });
  }, 300_000);
});
