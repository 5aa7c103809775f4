import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import { metabolismWorld, system, type MetabolismWorld } from './test-factories.js';
import { metabolismEvidenceSources } from './evidence-sources.js';

// Building the whole HTTP app (every module's route schemas compiled) takes seconds, many more on a
// loaded machine: these suites allow for it.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

describeEachDatabase('symbiosis: offers, needs, matches and the funnel', (ctx) => {
  let app: App;
  let w: MetabolismWorld;
  const year = new Date().getUTCFullYear();

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    w = await metabolismWorld(app);
  });
  afterEach(async () => app.close());

  const gypsumOffer = () => app.services.symbiosis.createOffer(w.people.plantRep.actor, w.slug, w.organisations.plant, { wasteCode: '10 01 05', tonnesPerYear: 8000, description: 'Gypse de désulfuration', pricePerTonne: -500 });
  const plasterNeed = (over: Record<string, unknown> = {}) =>
    app.services.symbiosis.createNeed(w.people.plasterboardRep.actor, w.slug, w.organisations.plasterboard, { accepted: ['17 08 02', 'MF3.6'], tonnesPerYear: 10_000, maxDistanceKm: 30, ...over });

  it('lets an organisation publish its own offers and needs, and explains the match it gets', async () => {
    const offer = await gypsumOffer();
    expect(offer).toMatchObject({ category: 'MF3.6', hazardous: false, pricePerTonne: '-500', materialLabel: expect.stringContaining('10 01 05') });
    await expect(app.services.symbiosis.createOffer(w.people.methaniserRep.actor, w.slug, w.organisations.plant, { wasteCode: '10 01 05', tonnesPerYear: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    const rep = await w.people.plantRep.client();
    const bad = await rep.post(`/api/v1/t/${w.slug}/symbiosis/offers`, { organisationId: w.organisations.plant, wasteCode: '99 99 99', tonnesPerYear: 0 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['tonnesPerYear', 'wasteCode']);
    expect((await app.services.symbiosis.listOffers(system, w.slug)).items).toHaveLength(1);

    const need = await plasterNeed();
    const board = await w.people.plasterboardRep.client();
    const matches = (await board.get(`/api/v1/t/${w.slug}/symbiosis/needs/${need.id}/matches`)).json().items;
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      status: 'suggested',
      nextStatuses: ['contacted', 'ended'],
      offer: { id: offer.id, organisationName: 'Centrale thermique' },
      explanation: { material: { level: 'substitution', factor: 0.8, offered: '10 01 05', accepted: '17 08 02' }, quantity: { factor: 0.8 }, hazard: { hazardous: false, receiverAccepts: false } },
    });
    expect(matches[0].distanceKm).toBeGreaterThan(7.5);
    expect(matches[0].distanceKm).toBeLessThan(8.2);
    expect(matches[0].score).toBeCloseTo(0.8 * 0.8 * (1 - matches[0].distanceKm / 60), 9);
    expect((await new TestClient(app).get(`/api/v1/t/${w.slug}/symbiosis/needs/${need.id}/matches`)).statusCode).toBe(403);
    expect((await rep.get(`/api/v1/t/${w.slug}/symbiosis/offers/${offer.id}/matches`)).json().items).toHaveLength(1);
  });

  it('gives hazardous waste only to receivers that accept it, within their maximum distance, and rescores a need when it changes', async () => {
    const s = app.services.symbiosis;
    const manure = await s.createOffer(w.people.farmRep.actor, w.slug, w.organisations.farm, { wasteCode: '02 01 06', tonnesPerYear: 3000 });
    await s.createOffer(w.people.farmRep.actor, w.slug, w.organisations.recycler, { wasteCode: '02 01 08*', tonnesPerYear: 3000 });
    const need = await s.createNeed(w.people.methaniserRep.actor, w.slug, w.organisations.methaniser, { accepted: ['02', 'MF1'], tonnesPerYear: 5000, maxDistanceKm: 5 });
    expect(await s.matchesOfNeed(system, w.slug, need.id)).toEqual([]);
    await s.updateNeed(w.people.methaniserRep.actor, w.slug, need.id, { maxDistanceKm: 20 });
    const matches = await s.matchesOfNeed(system, w.slug, need.id);
    expect(matches.map((m) => m.offer.id)).toEqual([manure.id]);
    // Manure is co-digested with plant residues (02 01 03), which the methaniser's chapter 02 includes.
    expect(matches[0]!.explanation.material).toMatchObject({ level: 'substitution', factor: 0.6, offered: '02 01 06', accepted: '02' });
    await s.updateNeed(w.people.methaniserRep.actor, w.slug, need.id, { acceptsHazardous: true });
    expect((await s.matchesOfNeed(system, w.slug, need.id)).map((m) => m.offer.hazardous).sort()).toEqual([false, true]);
  });

  it('moves a match step by step to operating, which adds its flow and moves the loop rate and the Sankey; ending stops it the next year', async () => {
    const m = app.services.metabolism;
    const facilitator = w.people.facilitator.actor;
    const plant = await m.createNode(facilitator, w.slug, year, { kind: 'actor', organisationId: w.organisations.plant });
    const environment = (await m.nodes(w.slug, year)).find((n) => n.boundary === 'environment')!;
    await m.createFlow(facilitator, w.slug, { year, fromNodeId: plant.id, toNodeId: environment.id, tonnes: 10_000, wasteCode: '10 01 05' });
    const loop = async () => (await new TestClient(app).get(`/api/v1/t/${w.slug}/metabolism/indicators?year=${year}`)).json().loop;
    expect(await loop()).toEqual({ rate: 0, actorOutputs: 10_000, actorToActor: 0, throughSynergies: 0 });

    await gypsumOffer();
    const need = await plasterNeed();
    const matchId = (await app.services.symbiosis.matchesOfNeed(system, w.slug, need.id))[0]!.id;
    const board = await w.people.plasterboardRep.client();
    const move = (client: TestClient, to: string, extra: Record<string, unknown> = {}) => client.post(`/api/v1/t/${w.slug}/symbiosis/matches/${matchId}/transitions`, { to, ...extra });
    expect((await move(board, 'agreed')).json()).toMatchObject({ code: 'invalid_transition' });
    expect((await move(await w.people.methaniserRep.client(), 'contacted')).statusCode).toBe(403);
    for (const to of ['contacted', 'studying', 'agreed']) expect((await move(board, to, { note: `vers ${to}` })).statusCode).toBe(200);
    const operating = await move(await w.people.plantRep.client(), 'operating', { tonnesPerYear: 6000 });
    expect(operating.json()).toMatchObject({ status: 'operating', startedYear: year, tonnesPerYear: 6000, flows: [{ year, tonnes: 6000, method: 'estimated' }] });
    expect(operating.json().history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['contacted', 'studying', 'agreed', 'operating']);

    expect(await loop()).toEqual({ rate: 0.375, actorOutputs: 16_000, actorToActor: 6000, throughSynergies: 6000 });
    const sankey = (await new TestClient(app).get(`/api/v1/t/${w.slug}/metabolism/sankey?year=${year}`)).json();
    const nodeOf = (organisationId: string) => sankey.nodes.find((n: { organisationId: string | null }) => n.organisationId === organisationId).id;
    expect(sankey.links.find((l: { source: string; target: string }) => l.source === nodeOf(w.organisations.plant) && l.target === nodeOf(w.organisations.plasterboard))).toMatchObject({ tonnes: 6000, synergyTonnes: 6000 });
    const chronicle = (await app.services.chronicle.list(w.slug, { limit: 10 })).items;
    expect(chronicle.map((e) => e.kind)).toEqual(['synergy.operating', 'synergy.agreed']);
    expect(chronicle[0]!.title).toBe('Synergie en service : Centrale thermique → Plâtrerie Picarde');
    expect((await new TestClient(app).get(`/api/v1/t/${w.slug}/symbiosis/synergies`)).json().items).toEqual([
      expect.objectContaining({ matchId, status: 'operating', tonnesPerYear: 6000, from: { organisationId: w.organisations.plant, name: 'Centrale thermique' } }),
    ]);
    // Its public page: who gives what to whom, since when, what it does to the loop rate, its chronicle.
    const page = (await new TestClient(app).get(`/api/v1/t/${w.slug}/symbiosis/synergies/${matchId}`)).json();
    expect(page).toMatchObject({
      confidential: false,
      from: { name: 'Centrale thermique' },
      to: { name: 'Plâtrerie Picarde' },
      materialLabel: expect.stringContaining('10 01 05'),
      startedYear: year,
      years: [{ year, tonnes: 6000 }],
      loop: { year, tonnes: 6000, rate: 0.375, rateWithout: 0 },
    });
    expect(page.chronicle.map((e: { kind: string }) => e.kind)).toEqual(['synergy.operating', 'synergy.agreed']);
    expect((await new TestClient(app).get(`/api/v1/t/${w.slug}/symbiosis/synergies/${need.id}`)).statusCode).toBe(404);

    // What a certificate reads of it (the measures the referential names).
    const [synergyCount, looped] = metabolismEvidenceSources(app.services.metabolism, app.services.symbiosis);
    const context = { territory: await app.services.territories.requireTerritory(w.slug), organisationId: w.organisations.plant, asOf: `${year}-12-31T00:00:00.000Z` };
    expect(await synergyCount!.measure(context)).toBe(1);
    expect(await looped!.measure(context)).toBe(6000);
    expect(await looped!.measure({ ...context, organisationId: w.organisations.farm })).toBeNull();

    // Next year's quantity is recorded, then the synergy ends this year: next year's flow goes.
    const nextYear = await board.put(`/api/v1/t/${w.slug}/symbiosis/matches/${matchId}/years/${year + 1}`, { tonnesPerYear: 6500 });
    expect(nextYear.json().flows.map((f: { year: number }) => f.year)).toEqual([year, year + 1]);
    const ended = await move(board, 'ended', { note: 'Arrêt de la centrale' });
    expect(ended.json()).toMatchObject({ status: 'ended', endedYear: year, flows: [{ year, tonnes: 6000 }] });
    expect((await move(board, 'operating')).statusCode).toBe(409);
    expect((await board.put(`/api/v1/t/${w.slug}/symbiosis/matches/${matchId}/years/${year + 1}`, { tonnesPerYear: 1 })).json().code).toBe('synergy_not_running');
    expect((await app.services.chronicle.list(w.slug, { limit: 10 })).items[0]!.kind).toBe('synergy.ended');
  });

  it('keeps confidential offers out of public lists and hides who offers from the receiver until contact', async () => {
    const s = app.services.symbiosis;
    await s.createOffer(w.people.farmRep.actor, w.slug, w.organisations.recycler, { wasteCode: '19 12 02', tonnesPerYear: 500, confidential: true });
    const need = await plasterNeed({ accepted: ['17 04 05'], tonnesPerYear: 400 });
    const publicList = (await new TestClient(app).get(`/api/v1/t/${w.slug}/symbiosis/offers`)).json();
    expect(publicList).toEqual({ items: [], hiddenConfidential: 1 });
    expect((await s.listOffers(w.people.farmRep.actor, w.slug)).items).toHaveLength(1);

    const [suggested] = await s.matchesOfNeed(w.people.plasterboardRep.actor, w.slug, need.id);
    expect(suggested!.offer).toMatchObject({ organisationId: null, organisationName: null, confidential: true, materialLabel: expect.stringContaining('19 12 02') });
    await s.moveMatch(w.people.facilitator.actor, w.slug, suggested!.id, { to: 'contacted', note: 'Mise en relation par l’animatrice' });
    const [contacted] = await s.matchesOfNeed(w.people.plasterboardRep.actor, w.slug, need.id);
    expect(contacted!.offer.organisationName).toBe('Recycleur');
  });

  it('keeps the funnel when an offer closes, and its incremental suggestions equal a full recomputation', async () => {
    const s = app.services.symbiosis;
    const plantOffer = await gypsumOffer();
    const farmOffer = await s.createOffer(w.people.farmRep.actor, w.slug, w.organisations.farm, { wasteCode: '10 01 05', tonnesPerYear: 9000 });
    const need = await plasterNeed({ accepted: ['10 01 05'] });
    await s.createNeed(w.people.methaniserRep.actor, w.slug, w.organisations.methaniser, { accepted: ['10 01', 'MF3'], tonnesPerYear: 500, maxDistanceKm: 50 });
    await s.createOffer(w.people.plasterboardRep.actor, w.slug, w.organisations.plasterboard, { wasteCode: '17 08 02', tonnesPerYear: 700 });
    const first = await s.matchesOfNeed(system, w.slug, need.id);
    expect(first.map((m) => m.offer.id)).toEqual([farmOffer.id, plantOffer.id]);
    await s.moveMatch(w.people.plantRep.actor, w.slug, first[1]!.id, { to: 'contacted' });
    await s.updateOffer(w.people.plantRep.actor, w.slug, plantOffer.id, { status: 'closed' });
    await s.updateOffer(w.people.farmRep.actor, w.slug, farmOffer.id, { tonnesPerYear: 2000 });
    const after = await s.matchesOfNeed(system, w.slug, need.id);
    expect(after.map((m) => [m.offer.id, m.status])).toEqual([[plantOffer.id, 'contacted'], [farmOffer.id, 'suggested']]);

    const snapshot = async () => (await s.board(system, w.slug)).map((m) => `${m.offer.id}|${m.need.id}|${m.status}|${m.score.toFixed(12)}`).sort();
    const incremental = await snapshot();
    expect(await s.recomputeAll(system, w.slug)).toMatchObject({ offers: 2, needs: 2 });
    expect(await snapshot()).toEqual(incremental);
  });

  it('keeps territories apart', async () => {
    await gypsumOffer();
    const outsider = w.people.outsider.actor;
    await expect(app.services.symbiosis.createOffer(outsider, w.otherSlug, w.organisations.plant, { wasteCode: '10 01 05', tonnesPerYear: 1 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(app.services.symbiosis.createOffer(outsider, w.slug, w.organisations.plant, { wasteCode: '10 01 05', tonnesPerYear: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await new TestClient(app).get(`/api/v1/t/${w.otherSlug}/symbiosis/offers`)).json()).toEqual({ items: [], hiddenConfidential: 0 });
    await expect(app.services.symbiosis.board(outsider, w.slug)).resolves.toEqual([]);
  });
});
