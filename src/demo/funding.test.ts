import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createServices } from '../app.js';
import { describeEachDatabase } from '../platform/db/test-database.js';
import { verifyAuditChains } from '../platform/audit/audit-trail.js';
import { loadDemo, DEMO_TERRITORY_SLUG as slug } from './seed.js';

// Each test builds the whole app and a territory: slow on a busy machine, above the default limits.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let storage: string;
beforeAll(() => {
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-demo-'));
  process.env.PACTE21_STORAGE_DIR = storage;
});
afterAll(() => {
  delete process.env.PACTE21_STORAGE_DIR;
  fs.rmSync(storage, { recursive: true, force: true });
});

describeEachDatabase('demo funding', (ctx) => {
  it('funds the renovation one-stop shop from several sources, with a matchfunded success, a failed campaign paid back and expenses in every state', async () => {
    const now = new Date();
    await loadDemo(ctx.handle, now);
    const services = createServices(ctx.handle);
    const taskForce = (await services.taskForces.list(slug)).find((t) => t.name === 'Guichet unique de la rénovation thermique')!;
    const plan = await services.funding.taskForcePlan(slug, taskForce.id);
    expect(new Set(plan.lines.map((l) => l.sourceKind))).toEqual(new Set(['subsidy', 'public_institution', 'cee', 'local_savings', 'own_funds', 'crowdfunding', 'local_currency']));
    expect(plan.lines.find((l) => l.sourceKind === 'subsidy')).toMatchObject({ status: 'received' });
    expect(plan.lines.find((l) => l.sourceKind === 'public_institution')).toMatchObject({ instrument: 'loan', status: 'granted' });
    expect(plan.coverage.secured).toBeGreaterThan(0n);

    const campaigns = await services.fundingCampaigns.list(slug, { taskForceId: taskForce.id });
    expect(campaigns.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
    const failed = await services.fundingCampaigns.get(slug, campaigns.find((c) => c.status === 'failed')!.id);
    expect(failed.pledges.filter((p) => p.unit === 'GRAIN').length).toBeGreaterThan(0);
    expect(failed.pledges.every((p) => p.status === 'released')).toBe(true);
    const succeeded = campaigns.find((c) => c.status === 'succeeded')!;
    expect(succeeded.totals.matched).toBeGreaterThan(0n);
    expect(succeeded.totals.raised).toBeGreaterThanOrEqual(succeeded.goal);

    const expenses = await services.fundingExpenses.list(slug, taskForce.id);
    expect(new Set(expenses.map((e) => e.status))).toEqual(new Set(['drafted', 'submitted', 'approved', 'rejected', 'paid']));
    expect((await services.chronicle.list(slug, { limit: 5, kind: 'funding.campaign_succeeded' })).items).toHaveLength(1);
    expect((await services.chronicle.list(slug, { limit: 5, kind: 'funding.grant_received' })).items).toHaveLength(1);
    const latest = (await services.chronicle.list(slug, { limit: 1 })).items[0]!;
    expect(latest.occurredAt <= now.toISOString()).toBe(true);
    expect((await verifyAuditChains(ctx.handle.db)).every((c) => c.firstBrokenSeq === null)).toBe(true);
  }, 600_000);
});
