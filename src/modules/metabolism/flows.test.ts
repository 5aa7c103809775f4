import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import type { MetabolismNode } from './model.js';
import { metabolismWorld, system, type MetabolismWorld } from './test-factories.js';

const YEAR = 2024;

// Building the whole HTTP app (every module's route schemas compiled) takes seconds, many more on a
// loaded machine: these suites allow for it.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

describeEachDatabase('metabolism: nodes, flows, imports and indicators', (ctx) => {
  let app: App;
  let w: MetabolismWorld;
  let nodes: Record<string, MetabolismNode>;

  /** The hand-computed year of the tests: a construction process, two actors, every kind of boundary. */
  async function recordYear() {
    const m = app.services.metabolism;
    const as = w.people.facilitator.actor;
    const process = await m.createNode(as, w.slug, YEAR, { kind: 'process', name: 'Construction', nafSection: 'F' });
    const plant = await m.createNode(as, w.slug, YEAR, { kind: 'actor', organisationId: w.organisations.plant });
    const board = await m.createNode(as, w.slug, YEAR, { kind: 'actor', organisationId: w.organisations.plasterboard });
    const all = await m.nodes(w.slug, YEAR);
    const boundary = (b: string) => all.find((n) => n.boundary === b)!;
    nodes = { process, plant, board, nature: boundary('nature'), abroad: boundary('abroad'), rest: boundary('rest_of_country'), env: boundary('environment'), stock: boundary('stock') };
    const flow = (from: string, to: string, tonnes: number, material: { category?: string; wasteCode?: string }, extra: Record<string, unknown> = {}) =>
      m.createFlow(as, w.slug, { year: YEAR, fromNodeId: nodes[from]!.id, toNodeId: nodes[to]!.id, tonnes, ...material, ...extra });
    await flow('nature', 'process', 100, { category: 'MF3.8' }, { uncertainty: 5, method: 'measured' });
    await flow('abroad', 'process', 50, { category: 'MF4.2' }, { uncertainty: 2.5, method: 'measured' });
    await flow('rest', 'plant', 30, { category: 'MF1.3' });
    await flow('plant', 'board', 20, { wasteCode: '10 01 05' }, { confidential: true });
    await flow('plant', 'env', 10, { category: 'MF4' });
    await flow('process', 'abroad', 40, { category: 'MF3' }, { uncertainty: 2, method: 'measured' });
    await flow('process', 'rest', 25, { category: 'MF3' }, { uncertainty: 1.25, method: 'measured' });
    await flow('process', 'stock', 70, { category: 'MF3' }, { uncertainty: 3.5, method: 'estimated' });
    await flow('stock', 'process', 5, { category: 'MF3' }, { uncertainty: 0.5, method: 'estimated' });
    await flow('board', 'rest', 20, { wasteCode: '17 08 02' });
  }

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    w = await metabolismWorld(app);
  });
  afterEach(async () => app.close());

  it('computes DE, IMP, EXP, DMI, DMC, PTB, DPO and stock changes from the flows (hand-computed)', async () => {
    await recordYear();
    const response = await new TestClient(app).get(`/api/v1/t/${w.slug}/metabolism/indicators?year=${YEAR}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toEqual({
      de: 100, impAbroad: 50, impRestOfCountry: 30, imp: 80, expAbroad: 40, expRestOfCountry: 45, exp: 85,
      dmi: 180, dmc: 95, ptb: -5, dpo: 10, additionsToStock: 70, removalsFromStock: 5, nas: 65,
    });
    const byCategory = Object.fromEntries(body.byCategory.map((c: { category: string }) => [c.category, c]));
    expect(Object.keys(byCategory)).toEqual(['MF1', 'MF3', 'MF4']);
    expect(byCategory.MF1).toMatchObject({ labelFr: 'Biomasse', imp: 30, dmi: 30, dmc: 30, ptb: 30 });
    expect(byCategory.MF3).toMatchObject({ de: 100, exp: 85, dmi: 100, dmc: 15, ptb: -85, nas: 65 });
    expect(byCategory.MF4).toMatchObject({ impAbroad: 50, dpo: 10, dmc: 50 });
    // Actors send out 10 (to the environment) + 20 (to the rest of France) publicly; the plant's 20 t to
    // the plasterboard maker are confidential between two organisations only: statistical secrecy keeps
    // them out of the public figures (secrecy.test.ts), and says so.
    expect(body.loop).toEqual({ rate: 0, actorOutputs: 30, actorToActor: 0, throughSynergies: 0 });
    expect(body.confidentialWithheld).toBe(true);
    expect(body.flowCount).toBe(10);
  });

  it('shows the mass balance of each process with its residual', async () => {
    await recordYear();
    const response = await new TestClient(app).get(`/api/v1/t/${w.slug}/metabolism/balances?year=${YEAR}`);
    expect(response.json().items).toEqual([
      { nodeId: nodes.process!.id, name: 'Construction', inputs: 150, outputs: 65, stockChange: 65, residual: 20, relativeResidual: 20 / 150, residualUncertainty: expect.any(Number), unmeasuredFlows: 0 },
    ]);
  });

  it('reconciles the year, flags the disagreement, and writes reconciled values keeping what was entered', async () => {
    await recordYear();
    const client = new TestClient(app);
    const preview = (await client.get(`/api/v1/t/${w.slug}/metabolism/reconciliation?year=${YEAR}`)).json();
    // 150 in, 65 out, 65 to stock: a residual of 20 t against a standard deviation of about 7 t.
    expect(preview).toMatchObject({ constraints: 1, degreesOfFreedom: 1, consistent: false });
    expect(preview.chiSquare).toBeGreaterThan(preview.criticalValue);
    expect(preview.hiddenConfidential).toBe(1);

    const facilitator = await w.people.facilitator.client();
    expect((await client.post(`/api/v1/t/${w.slug}/metabolism/reconciliation?year=${YEAR}`)).statusCode).toBe(401);
    const applied = await facilitator.post(`/api/v1/t/${w.slug}/metabolism/reconciliation?year=${YEAR}`);
    expect(applied.json()).toMatchObject({ updated: 6, consistent: false });
    const balance = (await client.get(`/api/v1/t/${w.slug}/metabolism/balances?year=${YEAR}`)).json().items[0];
    expect(Math.abs(balance.residual)).toBeLessThan(1e-9);
    const flows = (await facilitator.get(`/api/v1/t/${w.slug}/metabolism/flows?year=${YEAR}&method=reconciled`)).json().items;
    expect(flows).toHaveLength(6);
    const fromNature = flows.find((f: { from: { id: string } }) => f.from.id === nodes.nature!.id);
    expect(fromNature.reported).toEqual({ tonnes: 100, uncertainty: 5, method: 'measured' });
    expect(fromNature.tonnes).toBeLessThan(100);
    // Reconciling again starts from the entered values: the same answer.
    const again = (await client.get(`/api/v1/t/${w.slug}/metabolism/reconciliation?year=${YEAR}`)).json();
    expect(again.chiSquare).toBeCloseTo(preview.chiSquare, 9);
  });

  it('lists confidential flows only to the facilitators, auditors and the organisations concerned; aggregates of fewer than three organisations leave them out', async () => {
    await recordYear();
    const url = `/api/v1/t/${w.slug}/metabolism/flows?year=${YEAR}&limit=200`;
    const anonymous = (await new TestClient(app).get(url)).json();
    expect(anonymous.items).toHaveLength(9);
    expect(anonymous.hiddenConfidential).toEqual({ flows: 1, tonnes: null });
    for (const who of ['facilitator', 'auditor', 'plantRep', 'plasterboardRep'] as const) {
      const seen = (await app.services.metabolism.listFlows(w.people[who].actor, w.slug, { year: YEAR, limit: 200 })).items;
      expect(seen.some((f) => f.confidential), who).toBe(true);
    }
    expect((await app.services.metabolism.listFlows(w.people.methaniserRep.actor, w.slug, { year: YEAR, limit: 200 })).hiddenConfidential.flows).toBe(1);

    // Two organisations behind the confidential flow: the public Sankey draws it nowhere, and says so.
    const sankey = (await new TestClient(app).get(`/api/v1/t/${w.slug}/metabolism/sankey?year=${YEAR}`)).json();
    expect(sankey.nodes.some((n: { kind: string }) => n.kind === 'confidential')).toBe(false);
    expect(sankey).toMatchObject({ totalTonnes: 350, secret: null, confidentialWithheld: true });
    expect(sankey.nodes.some((n: { organisationId: string | null }) => n.organisationId === w.organisations.plasterboard)).toBe(true);
    const seen = await app.services.metabolismAnalysis.sankey(w.people.plasterboardRep.actor, w.slug, YEAR, {});
    expect(seen.links.find((l) => l.source === `node:${nodes.plant!.id}` && l.target === `node:${nodes.board!.id}`)).toMatchObject({ tonnes: 20 });
    // Drilling into the plant shows only what may be seen of it.
    const drill = (await new TestClient(app).get(`/api/v1/t/${w.slug}/metabolism/sankey?year=${YEAR}&actor=${w.organisations.plant}`)).json();
    expect(drill.totalTonnes).toBe(40);
  });

  it('pages the flows table with a cursor and filters by category and node', async () => {
    await recordYear();
    const client = new TestClient(app);
    const first = (await client.get(`/api/v1/t/${w.slug}/metabolism/flows?year=${YEAR}&limit=4`)).json();
    const second = (await client.get(`/api/v1/t/${w.slug}/metabolism/flows?year=${YEAR}&limit=4&cursor=${first.nextCursor}`)).json();
    const third = (await client.get(`/api/v1/t/${w.slug}/metabolism/flows?year=${YEAR}&limit=4&cursor=${second.nextCursor}`)).json();
    expect([...first.items, ...second.items, ...third.items].map((f: { id: string }) => f.id)).toHaveLength(9);
    expect(third.nextCursor).toBeNull();
    const mf3 = (await client.get(`/api/v1/t/${w.slug}/metabolism/flows?year=${YEAR}&category=MF3&limit=50`)).json();
    expect(mf3.items.map((f: { tonnes: number }) => f.tonnes).sort((a: number, b: number) => a - b)).toEqual([5, 20, 25, 40, 70, 100]);
    const ofPlant = (await client.get(`/api/v1/t/${w.slug}/metabolism/flows?year=${YEAR}&nodeId=${nodes.plant!.id}`)).json();
    expect(ofPlant.items.map((f: { materialLabel: string }) => f.materialLabel)).toHaveLength(2);
    expect(ofPlant.hiddenConfidential.flows).toBe(1);
  });

  it('lets only facilitators write flows, refuses bad flows with every field at fault, and changes nothing', async () => {
    await recordYear();
    const before = await app.services.metabolism.listFlows(system, w.slug, { year: YEAR, limit: 200 });
    const body = { year: YEAR, fromNodeId: nodes.nature!.id, toNodeId: nodes.process!.id, tonnes: 1, category: 'MF3' };
    expect((await new TestClient(app).post(`/api/v1/t/${w.slug}/metabolism/flows`, body)).statusCode).toBe(401);
    expect((await (await w.people.plantRep.client()).post(`/api/v1/t/${w.slug}/metabolism/flows`, body)).statusCode).toBe(403);
    const facilitator = await w.people.facilitator.client();
    const bad = await facilitator.post(`/api/v1/t/${w.slug}/metabolism/flows`, { year: YEAR, fromNodeId: nodes.nature!.id, toNodeId: nodes.abroad!.id, tonnes: -3, wasteCode: '17 05 04*', uncertainty: 0 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(
      ['toNodeId:outside_the_territory', 'wasteCode:hazard_mismatch', 'tonnes:invalid_quantity', 'uncertainty:invalid_uncertainty'].sort(),
    );
    const after = await app.services.metabolism.listFlows(system, w.slug, { year: YEAR, limit: 200 });
    expect(after.items).toEqual(before.items);

    const created = await facilitator.post(`/api/v1/t/${w.slug}/metabolism/flows`, { ...body, wasteCode: '170504' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ wasteCode: '17 05 04', category: 'MF3', materialLabel: '17 05 04 terres et cailloux autres que ceux visés à la rubrique 17 05 03', hazardous: false });
    const patched = await facilitator.patch(`/api/v1/t/${w.slug}/metabolism/flows/${created.json().id}`, { tonnes: 3 });
    expect(patched.json()).toMatchObject({ tonnes: 3, wasteCode: '17 05 04' });
    expect((await facilitator.delete(`/api/v1/t/${w.slug}/metabolism/nodes/${nodes.process!.id}`)).json()).toMatchObject({ code: 'node_has_flows' });
    expect((await facilitator.delete(`/api/v1/t/${w.slug}/metabolism/flows/${created.json().id}`)).statusCode).toBe(204);
    const trail = await app.services.territories.auditTrail(system, w.slug, 5);
    expect(trail[0]).toMatchObject({ action: 'metabolism.flow_deleted', change: expect.objectContaining({ tonnes: 3 }) });
  });

  it('keeps territories apart: nodes of one are unknown to the other, and nothing leaks into its lists', async () => {
    await recordYear();
    const outsider = w.people.outsider.actor;
    const there = await app.services.metabolism.createNode(outsider, w.otherSlug, YEAR, { kind: 'actor', organisationId: w.outsiderOrganisation });
    await expect(app.services.metabolism.createFlow(outsider, w.otherSlug, { year: YEAR, fromNodeId: there.id, toNodeId: nodes.board!.id, tonnes: 5, category: 'MF3' })).rejects.toMatchObject({ code: 'unknown_node' });
    await expect(app.services.metabolism.createNode(outsider, w.otherSlug, YEAR, { kind: 'actor', organisationId: w.organisations.plant })).rejects.toMatchObject({ code: 'unknown_organisation' });
    await expect(app.services.metabolism.createFlow(outsider, w.slug, { year: YEAR, fromNodeId: nodes.nature!.id, toNodeId: nodes.process!.id, tonnes: 5, category: 'MF3' })).rejects.toMatchObject({ code: 'forbidden' });
    const theirs = (await new TestClient(app).get(`/api/v1/t/${w.otherSlug}/metabolism/flows?year=${YEAR}`)).json();
    expect(theirs.items).toEqual([]);
    expect((await new TestClient(app).get(`/api/v1/t/${w.otherSlug}/metabolism/indicators?year=${YEAR}`)).json().flowCount).toBe(0);
    expect((await app.services.metabolism.nodes(w.otherSlug, YEAR)).map((n) => n.id)).not.toContain(nodes.process!.id);
  });

  it('imports a tidy CSV of flows all at once, creating the processes it names', async () => {
    const facilitator = await w.people.facilitator.client();
    const csv = [
      'from;to;waste_code;category;material;tonnes;uncertainty;method;source;confidential',
      `nature;Carrières;;MF3.8;;1200,5;60;measured;DREAL;`,
      `Carrières;${w.sirets.plant};;MF3.8;;800;;estimated;;`,
      `${w.sirets.plant};${w.sirets.plasterboard};10 01 05;;;450;20;measured;pesées;oui`,
      `${w.organisations.plasterboard};étranger;;MF3.6;Plaques de plâtre;300;;;;non`,
    ].join('\n');
    const response = await facilitator.request('POST', `/api/v1/t/${w.slug}/metabolism/flows/import?year=2025`, csv);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ created: 4, nodesCreated: 3 });
    expect(response.json().tonnes).toBeCloseTo(2750.5, 9);
    const names = (await app.services.metabolism.nodes(w.slug, 2025)).map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['Carrières', 'Centrale thermique', 'Plâtrerie Picarde', 'Étranger']));
  });

  it('refuses a flows CSV with bad rows, naming each row and column, and imports nothing', async () => {
    const facilitator = await w.people.facilitator.client();
    const csv = [
      'from,to,waste_code,category,material,tonnes,uncertainty,method,source,confidential',
      `nature,${w.sirets.plant},,MF3,,10,,,,`,
      `nature,99999999999999,,MF3,,10,,,,`,
      `${w.sirets.plant},abroad,99 99 99,,,-4,,guessed,,`,
      `${w.sirets.plant},abroad,,MF4,Vapeur,4,,,,maybe`,
    ].join('\n');
    const response = await facilitator.request('POST', `/api/v1/t/${w.slug}/metabolism/flows/import?year=2025`, csv);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('invalid_csv');
    expect(response.json().errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual(['2:to', '3:waste_code', '3:tonnes', '3:method', '4:confidential']);
    expect(await app.services.metabolism.years(w.slug)).toEqual([]);
  });

  it('imports GEREP-like waste declarations into flows to the right destinations', async () => {
    const facilitator = await w.people.facilitator.client();
    const csv = [
      'siret,annee,code_dechet,libelle_dechet,quantite_t,incertitude_t,code_operation,destination_siret,destination_commune,destination_pays',
      `${w.sirets.plant},2025,10 01 05,gypse,900,,R5,${w.sirets.plasterboard},,FR`,
      `${w.sirets.plant},2025,10 01 01,mâchefers,300,15,D1,,80021,FR`,
      `${w.sirets.plant},2025,10 01 02,cendres,120,,R5,,80021,FR`,
      `${w.sirets.farm},2025,02 01 06,fumier,2000,,R3,,,BE`,
      `${w.sirets.recycler},2025,19 12 02,ferrailles,50,,R4,,59350,FR`,
    ].join('\n');
    const response = await facilitator.request('POST', `/api/v1/t/${w.slug}/metabolism/declarations/import?year=2025`, csv);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ created: 5, tonnes: 3370 });
    const flows = (await app.services.metabolism.listFlows(system, w.slug, { year: 2025, limit: 50 })).items;
    const where = (code: string) => flows.find((f) => f.wasteCode === code)!;
    expect(where('10 01 05').to.name).toBe('Plâtrerie Picarde');
    expect(where('10 01 05')).toMatchObject({ method: 'measured', uncertainty: 45, source: 'Déclaration GEREP 2025 (R5)' });
    expect(where('10 01 01')).toMatchObject({ uncertainty: 15, to: { boundary: 'environment' } });
    expect(where('10 01 02').to).toMatchObject({ kind: 'process', name: 'Valorisation matière (R2–R13)' });
    expect(where('02 01 06').to.boundary).toBe('abroad');
    expect(where('19 12 02').to.boundary).toBe('rest_of_country');

    const bad = await facilitator.request('POST', `/api/v1/t/${w.slug}/metabolism/declarations/import?year=2025`, [
      'siret,annee,code_dechet,quantite_t,code_operation,destination_pays',
      `${w.sirets.plant},2024,10 01 05,900,R5,FR`,
      `11111111111111,2025,10 01 05,900,X9,FR`,
    ].join('\n'));
    expect(bad.json().errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual(['1:annee', '2:siret', '2:code_operation']);
    expect((await app.services.metabolism.listFlows(system, w.slug, { year: 2025, limit: 50 })).items).toHaveLength(5);
  });

  it('serves the reference lists: the list of waste with hazard flags and the EW-MFA categories', async () => {
    const client = new TestClient(app);
    const search = (await client.get('/api/v1/metabolism/waste-codes?q=gypse&level=3')).json().items;
    expect(search.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['17 08 01', '17 08 02']));
    expect(search.find((c: { code: string }) => c.code === '17 08 01')).toMatchObject({ hazardous: true, category: 'MF3.6' });
    const categories = (await client.get('/api/v1/metabolism/categories')).json().items;
    expect(categories.filter((c: { parent: string | null }) => c.parent === null).map((c: { code: string }) => c.code)).toEqual(['MF1', 'MF2', 'MF3', 'MF4', 'MF5', 'MF6']);
  });
});
