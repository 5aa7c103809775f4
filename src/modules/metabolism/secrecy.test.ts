import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import type { MetabolismNode } from './model.js';
import { disclose, emptySecretPart, addToSecretPart, type SecretPart } from './secrecy-model.js';
import { metabolismWorld, type MetabolismWorld } from './test-factories.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const part = (tonnes: number, ...contributors: string[]): SecretPart => {
  const p = emptySecretPart();
  addToSecretPart(p, tonnes, contributors);
  return p;
};

describe('statistical secrecy (rule)', () => {
  it('shows a confidential part resting on three organisations, folds thinner ones, and never leaves a bucket of fewer than three', () => {
    expect(disclose(new Map([['a', part(5, 'x', 'y', 'z')]]))).toEqual({ shown: new Set(['a']), secret: null, withheld: false });
    // b rests on one organisation: alone in the bucket it would be given away, so the smallest shown part joins it.
    const folded = disclose(new Map([['a', part(5, 'x', 'y', 'z')], ['b', part(7, 'w')], ['c', part(50, 'x', 'y', 'v')]]));
    expect(folded.shown).toEqual(new Set(['c']));
    expect(folded.secret).toMatchObject({ tonnes: 12, flows: 2 });
    expect(folded.withheld).toBe(false);
    // Two organisations in all: nothing of it may be shown, not even together.
    expect(disclose(new Map([['a', part(5, 'x')], ['b', part(7, 'y')]]))).toEqual({ shown: new Set(), secret: null, withheld: true });
  });
});

describeEachDatabase('metabolism: confidential streams only in aggregates of at least three organisations', (ctx) => {
  const YEAR = 2024;
  let app: App;
  let w: MetabolismWorld;
  let nodes: Record<string, MetabolismNode>;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    w = await metabolismWorld(app);
  });
  afterEach(async () => app.close());

  /**
   * Exports abroad: the plant's confidential fuel (MF4, one organisation), three organisations'
   * confidential minerals (MF3), the recycler's public minerals; the plant's confidential biomass (MF1)
   * to a sorting process that sends it on to the environment.
   */
  async function recordYear() {
    const m = app.services.metabolism;
    const as = w.people.facilitator.actor;
    const actor = (key: keyof MetabolismWorld['organisations']) => m.createNode(as, w.slug, YEAR, { kind: 'actor', organisationId: w.organisations[key] });
    nodes = { plant: await actor('plant'), board: await actor('plasterboard'), methaniser: await actor('methaniser'), farm: await actor('farm'), recycler: await actor('recycler') };
    nodes.sorting = await m.createNode(as, w.slug, YEAR, { kind: 'process', name: 'Tri', nafSection: 'E' });
    const all = await m.nodes(w.slug, YEAR);
    nodes.abroad = all.find((n) => n.boundary === 'abroad')!;
    nodes.environment = all.find((n) => n.boundary === 'environment')!;
    const flow = (from: string, to: string, tonnes: number, category: string, confidential: boolean) =>
      m.createFlow(as, w.slug, { year: YEAR, fromNodeId: nodes[from]!.id, toNodeId: nodes[to]!.id, tonnes, category, confidential, uncertainty: tonnes / 20, method: 'measured' });
    await flow('plant', 'abroad', 100, 'MF4', true);
    await flow('board', 'abroad', 50, 'MF3', true);
    await flow('methaniser', 'abroad', 30, 'MF3', true);
    await flow('farm', 'abroad', 20, 'MF3', true);
    await flow('recycler', 'abroad', 10, 'MF3', false);
    await flow('plant', 'sorting', 40, 'MF1', true);
    await flow('sorting', 'environment', 40, 'MF3', false);
  }

  it('publishes indicators whose confidential parts rest on three organisations, folding the others into a secret row', async () => {
    await recordYear();
    const body = (await new TestClient(app).get(`/api/v1/t/${w.slug}/metabolism/indicators?year=${YEAR}`)).json();
    const rows = Object.fromEntries(body.byCategory.map((c: { category: string }) => [c.category, c]));
    // The plant's fuel (one organisation) cannot stand alone; nor can it be the only thing in the secret
    // row, so the three organisations' minerals join it there: MF3 shows only the recycler's 10 t.
    expect(Object.keys(rows)).toEqual(['MF3', 'secret']);
    expect(rows.MF3).toMatchObject({ expAbroad: 10, dpo: 40 });
    expect(rows.secret).toMatchObject({ labelFr: 'Autres flux confidentiels (secret statistique)', expAbroad: 200 });
    expect(body.total).toMatchObject({ expAbroad: 210, exp: 210, dpo: 40 });
    expect(body.confidentialWithheld).toBe(false);
    // Four organisations send confidential outputs elsewhere than to another actor: the loop rate counts them.
    expect(body.loop).toEqual({ rate: 0, actorOutputs: 250, actorToActor: 0, throughSynergies: 0 });
  });

  it('draws a confidential link only when three organisations contribute to it, and says when some are left out', async () => {
    await recordYear();
    const client = new TestClient(app);
    const sankey = async (query = '') => (await client.get(`/api/v1/t/${w.slug}/metabolism/sankey?year=${YEAR}${query}`)).json();
    type Data = { nodes: { id: string; kind: string; nodeId: string | null; organisationId: string | null; throughput: number }[]; links: { source: string; target: string; tonnes: number }[] };
    const confidentialNode = (data: Data) => data.nodes.find((n) => n.kind === 'confidential');
    const linkTo = (data: Data, source: string | undefined, target: string) => data.links.find((l) => l.source === source && l.target === target);

    // Minerals: three organisations' confidential exports make one link.
    const minerals = await sankey('&category=MF3');
    expect(linkTo(minerals, confidentialNode(minerals)?.id, 'boundary:abroad')).toMatchObject({ tonnes: 100, flowCount: 3, category: 'MF3' });
    expect(minerals).toMatchObject({ totalTonnes: 150, secret: null, confidentialWithheld: false });

    // Everything: the plant alone feeds the sorting process confidentially. That link cannot be drawn,
    // nor be the only thing in the secret count: the confidential exports join it there.
    const all = await sankey();
    expect(confidentialNode(all)).toBeUndefined();
    expect(all.secret).toEqual({ tonnes: 240, flowCount: 5 });
    expect(all).toMatchObject({ totalTonnes: 50, confidentialWithheld: false });
    // The sorting process's throughput does not give the plant's flow away either.
    expect(all.nodes.find((n: { nodeId: string | null }) => n.nodeId === nodes.sorting!.id).throughput).toBe(40);
    expect(all.nodes.some((n: { organisationId: string | null }) => n.organisationId === w.organisations.plant)).toBe(false);

    // Fuels would isolate the plant: nothing confidential is drawn or counted.
    expect(await sankey('&category=MF4')).toMatchObject({ links: [], nodes: [], totalTonnes: 0, secret: null, confidentialWithheld: true });
    // The facilitator sees everything in detail.
    const full = await app.services.metabolismAnalysis.sankey(w.people.facilitator.actor, w.slug, YEAR, {});
    expect(full).toMatchObject({ totalTonnes: 290, secret: null, confidentialWithheld: false });
  });

  it('gives the tonnes of unlisted confidential flows only when three organisations contribute, and hides a balance that would give one away', async () => {
    await recordYear();
    const client = new TestClient(app);
    const hidden = async (query = '') => (await client.get(`/api/v1/t/${w.slug}/metabolism/flows?year=${YEAR}${query}`)).json().hiddenConfidential;
    expect(await hidden()).toEqual({ flows: 5, tonnes: 240 });
    expect(await hidden('&category=MF4')).toEqual({ flows: 1, tonnes: null });
    expect(await hidden(`&nodeId=${nodes.sorting!.id}`)).toEqual({ flows: 1, tonnes: null });
    // The methaniser's representative sees its own flow: the other four rest on three organisations.
    expect((await app.services.metabolism.listFlows(w.people.methaniserRep.actor, w.slug, { year: YEAR, limit: 50 })).hiddenConfidential).toEqual({ flows: 4, tonnes: 210 });

    // The sorting process's inputs minus its listed inputs would be the plant's confidential flow.
    expect((await client.get(`/api/v1/t/${w.slug}/metabolism/balances?year=${YEAR}`)).json().items).toEqual([]);
    const seen = await app.services.metabolismAnalysis.balances(w.people.facilitator.actor, w.slug, YEAR);
    expect(seen).toEqual([expect.objectContaining({ nodeId: nodes.sorting!.id, inputs: 40, outputs: 40, residual: 0 })]);

    // The year's total counts the confidential flows: five of them from four organisations.
    expect(await app.services.metabolism.years(w.slug)).toEqual([{ year: YEAR, flows: 7, tonnes: 290 }]);
  });

  it('leaves out of every public figure confidential flows of fewer than three organisations', async () => {
    const m = app.services.metabolism;
    const as = w.people.facilitator.actor;
    const plant = await m.createNode(as, w.slug, YEAR, { kind: 'actor', organisationId: w.organisations.plant });
    const board = await m.createNode(as, w.slug, YEAR, { kind: 'actor', organisationId: w.organisations.plasterboard });
    const abroad = (await m.nodes(w.slug, YEAR)).find((n) => n.boundary === 'abroad')!;
    await m.createFlow(as, w.slug, { year: YEAR, fromNodeId: plant.id, toNodeId: abroad.id, tonnes: 70, category: 'MF4', confidential: true });
    await m.createFlow(as, w.slug, { year: YEAR, fromNodeId: board.id, toNodeId: abroad.id, tonnes: 30, category: 'MF3', confidential: true });
    await m.createFlow(as, w.slug, { year: YEAR, fromNodeId: board.id, toNodeId: plant.id, tonnes: 5, category: 'MF3' });
    const indicators = (await new TestClient(app).get(`/api/v1/t/${w.slug}/metabolism/indicators?year=${YEAR}`)).json();
    expect(indicators.total.exp).toBe(0);
    expect(indicators.byCategory.map((c: { category: string }) => c.category)).toEqual(['MF3']);
    expect(indicators.loop).toEqual({ rate: 1, actorOutputs: 5, actorToActor: 5, throughSynergies: 0 });
    expect(indicators.confidentialWithheld).toBe(true);
    expect(await m.years(w.slug)).toEqual([{ year: YEAR, flows: 3, tonnes: 5 }]);
  });

  it('lists a confidential synergy only as a count, tells the chronicle neither who nor how much, and gives its page no detail', async () => {
    const s = app.services.symbiosis;
    const offer = await s.createOffer(w.people.plantRep.actor, w.slug, w.organisations.plant, { wasteCode: '10 01 05', tonnesPerYear: 8000, confidential: true });
    const need = await s.createNeed(w.people.plasterboardRep.actor, w.slug, w.organisations.plasterboard, { accepted: ['10 01 05'], tonnesPerYear: 9000, maxDistanceKm: 30 });
    const [match] = await s.matchesOfNeed(w.people.facilitator.actor, w.slug, need.id);
    expect(match!.offer.id).toBe(offer.id);
    for (const to of ['contacted', 'studying', 'agreed', 'operating'] as const) await s.moveMatch(w.people.facilitator.actor, w.slug, match!.id, { to, ...(to === 'operating' ? { tonnesPerYear: 6000 } : {}) });

    const client = new TestClient(app);
    expect((await client.get(`/api/v1/t/${w.slug}/symbiosis/synergies`)).json()).toEqual({ items: [], confidential: { operating: 1, ended: 0, tonnesPerYear: null } });
    expect((await client.get(`/api/v1/t/${w.slug}/symbiosis/synergies/${match!.id}`)).json()).toEqual({ matchId: match!.id, confidential: true });
    const entries = (await app.services.chronicle.list(w.slug, { limit: 10 })).items;
    expect(entries.map((e) => e.title)).toEqual(['Une synergie confidentielle entre en service', 'Accord sur une synergie confidentielle']);
    for (const e of entries) {
      expect(`${e.title} ${e.body}`).not.toMatch(/Centrale|Plâtrerie|6.?000|10 01 05/);
      expect(e.organisationId).toBeNull();
    }
    // The plant's representative sees its own synergy in full.
    const own = await s.synergy(w.people.plantRep.actor, w.slug, match!.id);
    expect(own).toMatchObject({ confidential: false, from: { name: 'Centrale thermique' }, to: { name: 'Plâtrerie Picarde' }, tonnesPerYear: 6000 });
  });
});
