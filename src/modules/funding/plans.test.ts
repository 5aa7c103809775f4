import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { anonymous } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';
import { fundingTerritory } from './test-factories.js';

// Each test builds the whole app and a territory: slow on a busy machine, above the default limits.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describeEachDatabase('funding plans, lines and the CEE calculator', (ctx) => {
  let app: App;
  let t: Awaited<ReturnType<typeof fundingTerritory>>;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    t = await fundingTerritory(app);
  });
  afterEach(async () => app.close());

  const planOf = async () => (await new TestClient(app).get(`/api/v1/t/${t.slug}/funding/task-forces/${t.taskForceId}/plan`)).json();

  it('covers the task force’s budget lines with funding lines by source kind, and shows the gap publicly', async () => {
    const { funding } = app.services;
    const lead = t.as('recyclingRep');
    const project = await funding.createProject(lead, t.slug, t.taskForceId, {
      name: 'Rénovation de la résidence Saint-Leu',
      holderOrganisationId: t.organisations.ressourcerie,
      costs: [{ budgetLinePosition: 0, label: 'Audit énergétique', amount: 1_200_000n }],
    });
    await funding.addLine(t.as('facilitator'), t.slug, t.taskForceId, { sourceKind: 'subsidy', funderName: 'Région Hauts-de-France', amount: 4_000_000n, status: 'granted' });
    await funding.addLine(lead, t.slug, t.taskForceId, { sourceKind: 'public_institution', instrument: 'loan', funderName: 'Banque des Territoires', amount: 3_000_000n, status: 'requested' });
    await funding.addLine(lead, t.slug, t.taskForceId, { projectId: project.id, sourceKind: 'own_funds', funderOrganisationId: t.organisations.ressourcerie, amount: 200_000n, status: 'received' });

    const plan = await planOf();
    expect(plan.totalCost).toBe(10_800_000);
    expect(plan.costLines.map((l: { label: string; amount: number }) => [l.label, l.amount])).toEqual([['Conseillers du guichet', 9_000_000], ['Formation des artisans', 1_800_000]]);
    expect(plan.coverage).toMatchObject({ secured: 4_200_000, expected: 7_200_000, remainingGap: 6_600_000, securedPercent: 38.9 });
    expect(plan.coverage.byKind.public_institution).toMatchObject({ requested: 3_000_000, secured: 0 });
    expect(plan.lines.find((l: { sourceKind: string }) => l.sourceKind === 'own_funds')).toMatchObject({ funderName: 'Ressourcerie', status: 'received', projectId: project.id });
    expect(plan.projects).toEqual([{ id: project.id, name: 'Rénovation de la résidence Saint-Leu', totalCost: 1_200_000, secured: 200_000 }]);

    const projectPlan = (await new TestClient(app).get(`/api/v1/t/${t.slug}/funding/projects/${project.id}/plan`)).json();
    expect(projectPlan).toMatchObject({ scope: 'project', totalCost: 1_200_000, costLines: [{ label: 'Audit énergétique', category: 'Conseillers du guichet' }], coverage: { secured: 200_000, remainingGap: 1_000_000 } });
  });

  it('moves a grant forward with its dates and tells the chronicle when it is received; refuses going back', async () => {
    const { funding } = app.services;
    const line = await funding.addLine(t.as('facilitator'), t.slug, t.taskForceId, { sourceKind: 'subsidy', funderName: 'ADEME', amount: 2_500_000n });
    const client = new TestClient(app);
    const patch = (body: object) => funding.updateLine(t.as('recyclingRep'), t.slug, line.id, body);
    expect(await patch({ status: 'requested', statusDate: '2026-02-01' })).toMatchObject({ status: 'requested', requestedOn: '2026-02-01' });
    expect(await patch({ status: 'granted', statusDate: '2026-03-15' })).toMatchObject({ status: 'granted', grantedOn: '2026-03-15' });
    await expect(patch({ status: 'requested' })).rejects.toMatchObject({ code: 'invalid_transition', status: 409 });
    await expect(patch({ amount: 1n })).rejects.toMatchObject({ code: 'line_settled' });
    expect(await patch({ status: 'received' })).toMatchObject({ status: 'received', receivedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const entries = (await client.get(`/api/v1/t/${t.slug}/chronicle?taskForceId=${t.taskForceId}&limit=5`)).json().items;
    expect(entries[0]).toMatchObject({ kind: 'funding.grant_received', title: 'Subvention reçue : ADEME pour Guichet unique de la rénovation thermique' });
    expect(entries[0].body).toContain('25\u202f000,00 €');
  });

  it('lets only the task force’s leads and the facilitators write the plan, per role', async () => {
    const { funding } = app.services;
    const input = { sourceKind: 'subsidy', funderName: 'Région', amount: 100n };
    await expect(funding.addLine(anonymous, t.slug, t.taskForceId, input)).rejects.toMatchObject({ status: 401 });
    for (const who of ['citizen', 'wasteRep', 'recyclingStaff', 'ressourcerieRep'] as const) {
      await expect(funding.addLine(t.as(who), t.slug, t.taskForceId, input), who).rejects.toMatchObject({ code: 'forbidden' });
      await expect(funding.createProject(t.as(who), t.slug, t.taskForceId, { name: 'x' }), who).rejects.toMatchObject({ code: 'forbidden' });
    }
    for (const who of ['recyclingRep', 'facilitator'] as const) expect((await funding.addLine(t.as(who), t.slug, t.taskForceId, input)).amount, who).toBe(100n);
    await expect(funding.updateSettings(t.as('recyclingRep'), t.slug, { ceePriceCentsPerMWh: 750n })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses bad input with every field at fault and changes nothing', async () => {
    const client = new TestClient(app);
    await client.signIn('unused', 'unused');
    const { funding } = app.services;
    await expect(
      funding.addLine(t.as('facilitator'), t.slug, t.taskForceId, { sourceKind: 'lottery', amount: 0n, funderName: '' }),
    ).rejects.toMatchObject({ status: 422, errors: [{ field: 'sourceKind' }, { field: 'funderName' }, { field: 'amount' }] });
    await expect(
      funding.addLine(t.as('facilitator'), t.slug, t.taskForceId, { sourceKind: 'public_institution', funderName: 'BdT', amount: 10n }),
    ).rejects.toMatchObject({ errors: [{ field: 'instrument', code: 'required' }] });
    await expect(
      funding.createProject(t.as('facilitator'), t.slug, t.taskForceId, { name: ' ', costs: [{ budgetLinePosition: 7, label: 'x', amount: -1n }] }),
    ).rejects.toMatchObject({ errors: [{ field: 'name' }, { field: 'costs[0].amount' }, { field: 'costs[0].budgetLinePosition' }] });
    const plan = await planOf();
    expect(plan.lines).toEqual([]);
    expect(plan.projects).toEqual([]);
  });

  it('edits a project’s cost lines: the plan follows; bad rows are named and change nothing; only leads and facilitators', async () => {
    const { funding } = app.services;
    const project = await funding.createProject(t.as('recyclingRep'), t.slug, t.taskForceId, { name: 'Résidence Saint-Leu', costs: [{ budgetLinePosition: 0, label: 'Audit', amount: 100_000n }] });
    const costs = [
      { budgetLinePosition: 0, label: 'Audit énergétique', amount: 120_000n },
      { budgetLinePosition: null, label: 'Échafaudage', amount: 30_000n },
    ];
    expect((await funding.updateProject(t.as('facilitator'), t.slug, project.id, { costs })).costs).toEqual(costs);
    const projectPlan = async () => (await new TestClient(app).get(`/api/v1/t/${t.slug}/funding/projects/${project.id}/plan`)).json();
    expect(await projectPlan()).toMatchObject({
      totalCost: 150_000,
      costLines: [
        { label: 'Audit énergétique', category: 'Conseillers du guichet', amount: 120_000 },
        { label: 'Échafaudage', category: '', amount: 30_000 },
      ],
    });

    await expect(
      funding.updateProject(t.as('recyclingRep'), t.slug, project.id, { costs: [{ budgetLinePosition: 0, label: 'ok', amount: 1n }, { budgetLinePosition: 5, label: ' ', amount: -1n }, { budgetLinePosition: null, label: 'x'.repeat(301), amount: 0n }] }),
    ).rejects.toMatchObject({ status: 422, errors: [{ field: 'costs[1].label' }, { field: 'costs[1].amount' }, { field: 'costs[1].budgetLinePosition' }, { field: 'costs[2].label', code: 'too_long' }] });
    await expect(funding.updateProject(anonymous, t.slug, project.id, { costs: [] })).rejects.toMatchObject({ status: 401 });
    for (const who of ['citizen', 'wasteRep', 'recyclingStaff', 'ressourcerieRep'] as const) {
      await expect(funding.updateProject(t.as(who), t.slug, project.id, { costs: [] }), who).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect((await funding.project(t.slug, project.id)).costs).toEqual(costs);
    expect((await planOf()).projects).toEqual([{ id: project.id, name: 'Résidence Saint-Leu', totalCost: 150_000, secured: 0 }]);
  });

  it('keeps each territory’s plans to itself', async () => {
    const other = await fundingTerritory(app, 'amiens-ville', { slug: 'amiens-ville', level: 'commune', inseeCode: '80021', currencyCode: 'PICA', currencyName: 'La Pica' });
    const line = await app.services.funding.addLine(t.as('facilitator'), t.slug, t.taskForceId, { sourceKind: 'subsidy', funderName: 'Région', amount: 100n });
    const client = new TestClient(app);
    expect((await client.get(`/api/v1/t/amiens-ville/funding/task-forces/${t.taskForceId}/plan`)).statusCode).toBe(404);
    await expect(app.services.funding.updateLine(other.as('facilitator'), 'amiens-ville', line.id, { amount: 1n })).rejects.toMatchObject({ status: 404 });
    await expect(app.services.funding.addLine(other.as('facilitator'), 'amiens-ville', t.taskForceId, { sourceKind: 'subsidy', funderName: 'x', amount: 1n })).rejects.toMatchObject({ status: 404 });
    expect((await client.get(`/api/v1/t/amiens-ville/funding/task-forces/${other.taskForceId}/plan`)).json().lines).toEqual([]);
  });

  it('estimates CEE from the territory’s price and zone and keeps the estimate as a planned line', async () => {
    const { funding } = app.services;
    await expect(funding.estimateCee(t.slug, { code: 'BAR-EN-101', quantity: 100 })).rejects.toMatchObject({ errors: [{ field: 'priceCentsPerMWh', code: 'price_not_set' }] });
    await funding.updateSettings(t.as('facilitator'), t.slug, { ceePriceCentsPerMWh: 750n, climateZone: 'H1' });
    const client = new TestClient(app);
    const estimate = (await client.post(`/api/v1/t/${t.slug}/funding/cee/estimate`, { code: 'BAR-EN-101', quantity: 100 })).json();
    expect(estimate).toMatchObject({ zone: 'H1', kwhCumacPerUnit: 1700, kwhCumac: 170_000, value: 127_500, sheetVersion: expect.stringContaining('A27-2') });
    const line = await funding.addCeeLine(t.as('recyclingRep'), t.slug, t.taskForceId, { code: 'BAR-TH-104', variant: 'maison-etas-120', zone: 'H2', quantity: 2, factor: 1.1 });
    expect(line).toMatchObject({ sourceKind: 'cee', status: 'planned', amount: 107_910n, cee: { code: 'BAR-TH-104', kwhCumac: 143_880n, priceCentsPerMWh: 750n } });
    await expect(funding.estimateCee(t.slug, { code: 'BAR-TH-104', quantity: 1 })).rejects.toMatchObject({ errors: [{ field: 'variant', code: 'unknown_variant' }] });
  });

  it('lets a facilitator replace the CEE catalogue with a file: row errors change nothing, a valid file replaces it', async () => {
    const client = new TestClient(app);
    const header = 'code;variant;label;unit;kwh_cumac_h1;kwh_cumac_h2;kwh_cumac_h3;kwh_cumac;sheet_version;source';
    const bad = `${header}\nBAR-EN-101;;Combles;m2;1600;1300;900;;A64-6;arrêté\nBAR-XX;;;m2;;;;;;\n`;
    const put = (body: string) => app.http.inject({ method: 'PUT', url: `/api/v1/t/${t.slug}/funding/cee/operations`, payload: body, headers: { 'content-type': 'text/csv', authorization: 'Bearer x' } });
    expect((await put(bad)).statusCode).toBe(401);
    await expect(app.services.funding.replaceCeeCatalogue(t.as('recyclingRep'), t.slug, { csv: bad })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(app.services.funding.replaceCeeCatalogue(t.as('facilitator'), t.slug, { csv: bad })).rejects.toMatchObject({
      code: 'invalid_csv',
      errors: expect.arrayContaining([expect.objectContaining({ row: 2, field: 'code' }), expect.objectContaining({ row: 2, field: 'label' })]),
    });
    expect((await client.get(`/api/v1/t/${t.slug}/funding/cee/operations`)).json()).toMatchObject({ origin: 'shipped', replacedAt: null });

    const good = `${header}\nBAR-EN-101;;Combles (version 2025);m2;1600;1300;900;;A64-6;arrêté du 22 décembre 2014 modifié\n`;
    const replaced = await app.services.funding.replaceCeeCatalogue(t.as('facilitator'), t.slug, { csv: good });
    expect(replaced.operations).toHaveLength(1);
    const catalogue = (await client.get(`/api/v1/t/${t.slug}/funding/cee/operations`)).json();
    expect(catalogue).toMatchObject({ origin: 'territory', operations: [{ code: 'BAR-EN-101', kwhCumacByZone: { H1: 1600 }, sheetVersion: 'A64-6' }] });
    const csv = (await client.get(`/api/v1/t/${t.slug}/funding/cee/operations.csv`)).body;
    expect(csv.split('\r\n')[1]).toBe('BAR-EN-101,,Combles (version 2025),m2,1600,1300,900,,A64-6,arrêté du 22 décembre 2014 modifié');
    const estimate = await app.services.funding.estimateCee(t.slug, { code: 'BAR-EN-101', zone: 'H1', quantity: 10, priceCentsPerMWh: 1000n });
    expect(estimate.kwhCumac).toBe(16_000n);
  });
});
