import { beforeAll, expect, it } from 'vitest';
import { createServices } from '../app.js';
import { describeEachDatabase } from '../platform/db/test-database.js';
import { verifyAuditChains } from '../platform/audit/audit-trail.js';
import { systemActor } from '../platform/auth/actor.js';
import { loadDemo, DEMO_TERRITORY_SLUG as slug } from './seed.js';

beforeAll(() => {
  // The demo loader reads the deployment's key secret from the environment, as the command line does.
  process.env.PACTE21_KEY_SECRET ??= 'demo-test-key-secret-demo-test-key-secret';
});

describeEachDatabase('demo certificates', (ctx) => {
  it('has a dozen organisations at every stage, one certificate suspended and one revoked, all verifying as they should', async () => {
    const now = new Date();
    await loadDemo(ctx.handle, now);
    const services = createServices(ctx.handle);
    const { assessments, certificates } = services.certificates;

    const all = await assessments.list(systemActor('test'), slug);
    expect(new Set(all.map((a) => a.organisationId)).size).toBeGreaterThanOrEqual(12);
    expect(new Set(all.map((a) => a.status))).toEqual(new Set(['draft', 'submitted', 'in_review', 'issued', 'refused', 'withdrawn']));
    expect(all.some((a) => a.returnNote !== null && a.status === 'draft')).toBe(true);
    expect(all.some((a) => a.kind === 'yearly_update')).toBe(true);

    const registry = (await certificates.registry(slug, { limit: 50 })).items;
    expect(new Set(registry.map((c) => c.level.code))).toEqual(new Set(['engage', 'confirme', 'avance', 'exemplaire']));
    expect(registry.filter((c) => c.status === 'suspended')).toHaveLength(1);
    expect(registry.filter((c) => c.status === 'revoked')).toHaveLength(1);
    for (const c of registry) {
      const report = await certificates.verifyStored(slug, c.id);
      expect(report.reason, c.organisation.name).toBe(c.status === 'active' ? null : c.status === 'revoked' ? 'revoked' : 'suspended');
    }
    const chronicle = (await services.chronicle.list(slug, { limit: 200, kind: 'certificate.revoked' })).items;
    expect(chronicle).toHaveLength(1);
    expect((await verifyAuditChains(ctx.handle.db)).every((r) => r.firstBrokenSeq === null)).toBe(true);
    // Loading the whole demo takes minutes on a busy machine.
  }, 600_000);
});
