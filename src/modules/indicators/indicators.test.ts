import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp } from '../../platform/http/test-client.js';
import { listAuditEvents } from '../../platform/audit/audit-trail.js';
import type { App } from '../../app.js';
import { shippedCatalogue } from './catalogue-file.js';
import { fillEnglishFromShippedCatalogue } from './migrations.js';
import { indicatorsRepository } from './repository.js';
import { ABBEVILLE, AMIENS, api, indicatorsWorld, system } from './test-factories.js';

const TIDY_CSV = [
  'Year,Sexe,Value,OBS_STATUS,COMMENT_OBS',
  '2022,,63.8,A,',
  '2022,Femmes,64.9,A,',
  '2022,Hommes,62.6,A,',
  '2023,,64.1,P,Estimation provisoire',
  '2023,Femmes,65.3,P,',
  '2023,Hommes,62.9,P,',
].join('\n');

describeEachDatabase('indicators: catalogue, observations, targets', (ctx) => {
  let app: App;
  let w: Awaited<ReturnType<typeof indicatorsWorld>>;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    w = await indicatorsWorld(app);
  });
  afterEach(async () => app.close());

  it('seeds the shipped catalogue once and shows it to anyone, filtered by framework', async () => {
    const claire = await w.facilitator.client();
    expect((await w.reader.get(api('amiens'))).json().items).toEqual([]);
    const seeded = await claire.post(api('amiens', '/catalogue/seed'));
    expect(seeded.statusCode).toBe(200);
    expect(seeded.json().added).toHaveLength(shippedCatalogue().length);
    expect((await claire.post(api('amiens', '/catalogue/seed'))).json().added).toEqual([]);

    const nir = (await w.reader.get(api('amiens', '?framework=nir'))).json();
    expect(nir.licence.name).toBe('etalab-2.0');
    expect(nir.items.map((i: { code: string }) => i.code).sort()).toEqual([
      'carbon_footprint', 'early_school_leavers', 'economic_actors_debt', 'employment_rate', 'healthy_life_expectancy',
      'income_inequality_s80_s20', 'life_satisfaction', 'poverty_living_conditions', 'research_effort', 'soil_artificialisation',
    ]);
    const sdg12 = (await w.reader.get(api('amiens', '?sdgGoal=12'))).json().items.map((i: { code: string }) => i.code);
    expect(sdg12).toEqual(expect.arrayContaining(['dmc_per_inhabitant', 'dma_kg_hab', 'carbon_footprint']));
    const climate = (await w.reader.get(api('amiens', '?agenda21=climate'))).json().items;
    expect(climate.every((i: { tags: { agenda21: string[] } }) => i.tags.agenda21.includes('climate'))).toBe(true);
    expect((await w.reader.get(api('amiens', '/employment_rate'))).json().indicator).toMatchObject({ unit: { fr: '%', en: '%' }, kind: 'quantitative', polarity: 'higher_is_better', obtained: 'imported' });
  });

  it('records a value, keeps every revision, and leaves the same value unchanged', async () => {
    const claire = await w.facilitator.client();
    const first = await claire.post(api('amiens', '/employment_rate/observations'), { period: '2023', value: 64.1, status: 'provisional', footnote: 'Estimation' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ outcome: 'created', observation: { revision: 1, current: true, value: 64.1, status: 'provisional' } });
    const again = await claire.post(api('amiens', '/employment_rate/observations'), { period: '2023', value: 64.1, status: 'provisional', footnote: 'Estimation' });
    expect(again.statusCode).toBe(200);
    expect(again.json().outcome).toBe('unchanged');
    const revised = await claire.post(api('amiens', '/employment_rate/observations'), { period: '2023', value: 64.4, status: 'final', footnote: null });
    expect(revised.json()).toMatchObject({ outcome: 'revised', observation: { revision: 2, value: 64.4, status: 'final' } });

    const history = (await w.reader.get(api('amiens', '/employment_rate/revisions'))).json().items;
    expect(history.map((o: { revision: number; current: boolean; value: number }) => [o.revision, o.current, o.value])).toEqual([[1, false, 64.1], [2, true, 64.4]]);
    const page = (await w.reader.get(api('amiens', '/employment_rate'))).json();
    expect(page.observations).toHaveLength(1);
    expect(page.observations[0]).toMatchObject({ period: '2023', value: 64.4, revision: 2 });
    const events = await listAuditEvents(app.database.db, (await app.services.territories.requireTerritory('amiens')).id, 50);
    expect(events.filter((e) => e.action === 'indicator.observation_recorded')).toHaveLength(2);
  });

  it('reads each kind of value: yes/no, a level by value or label, a narrative text', async () => {
    const claire = await w.facilitator.client();
    expect((await claire.post(api('amiens', '/climate_plan_adopted/observations'), { period: '2024', value: 'oui' })).json().observation.value).toBe(1);
    expect((await claire.post(api('amiens', '/citizen_participation_level/observations'), { period: '2024', value: 'Co-construction' })).json().observation.value).toBe(4);
    expect((await claire.post(api('amiens', '/pact_annual_review/observations'), { period: '2024', value: 'Une année de lancement.' })).json().observation.value).toBe('Une année de lancement.');
    const wrong = await claire.post(api('amiens', '/citizen_participation_level/observations'), { period: '2024', value: 'Plébiscite' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'value', code: 'invalid_level' })]);
  });

  it('refuses a bad value with every field at fault, and changes nothing', async () => {
    const claire = await w.facilitator.client();
    await claire.post(api('amiens', '/catalogue/seed'));
    const bad = await claire.post(api('amiens', '/employment_rate/observations'), { period: '2023-13', value: 'beaucoup', dimensions: { '': 'x' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['dimensions.', 'period', 'value']);
    expect((await w.reader.get(api('amiens', '/employment_rate/revisions'))).json().items).toEqual([]);
  });

  it('imports an Open SDG tidy CSV with a dimension, footnotes and statuses; a second import revises only what changed', async () => {
    const claire = await w.facilitator.client();
    const imported = await claire.request('POST', api('amiens', '/employment_rate/observations/import?source=INSEE%20RP'), TIDY_CSV);
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({ created: 6, revised: 0, unchanged: 0 });
    const page = (await w.reader.get(api('amiens', '/employment_rate'))).json();
    expect(page.dimensions).toEqual(['Sexe']);
    expect(page.observations.find((o: { period: string; dimensions: object }) => o.period === '2023' && Object.keys(o.dimensions).length === 0)).toMatchObject({ status: 'provisional', footnote: 'Estimation provisoire', source: 'INSEE RP' });

    const corrected = TIDY_CSV.replace('2023,,64.1,P,Estimation provisoire', '2023,,64.3,A,');
    expect((await claire.request('POST', api('amiens', '/employment_rate/observations/import?source=INSEE%20RP'), corrected)).json()).toEqual({ created: 0, revised: 1, unchanged: 5 });
  });

  it('reads a semicolon CSV with decimal commas, as French spreadsheets write it', async () => {
    const claire = await w.facilitator.client();
    const csv = 'Year;Value;COMMENT_OBS\n2021;4,7;\n2022;4,5;Nouvelle méthode de calcul\n';
    expect((await claire.request('POST', api('amiens', '/income_inequality_s80_s20/observations/import'), csv)).json()).toEqual({ created: 2, revised: 0, unchanged: 0 });
    expect((await w.reader.get(api('amiens', '/income_inequality_s80_s20'))).json().observations.map((o: { value: number }) => o.value)).toEqual([4.7, 4.5]);
    const inEnglish = await claire.request('POST', api('amiens', '/income_inequality_s80_s20/observations/import'), 'Year,Units,Value\n2023,Ratio,4.4\n');
    expect(inEnglish.json()).toEqual({ created: 1, revised: 0, unchanged: 0 });
  });

  it('refuses a whole CSV with an error on some rows, naming each row and column, and records none of it', async () => {
    const claire = await w.facilitator.client();
    await claire.post(api('amiens', '/catalogue/seed'));
    const csv = ['Year,Sexe,Units,Value', '2022,,%,63.8', '20X3,,%,64', '2023,Femmes,€,65', '2023,Femmes,%,65.1', '2022,,%,63.9'].join('\n');
    const refused = await claire.request('POST', api('amiens', '/employment_rate/observations/import'), csv);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('invalid_csv');
    expect(refused.json().errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
      [2, 'Year', 'invalid_period'],
      [3, 'Units', 'unit_mismatch'],
      [4, 'Year', 'duplicate_observation'],
      [5, 'Year', 'duplicate_observation'],
    ]);
    expect((await w.reader.get(api('amiens', '/employment_rate/revisions'))).json().items).toEqual([]);
    const noValue = await claire.request('POST', api('amiens', '/employment_rate/observations/import'), 'Year,Sexe\n2022,Femmes\n');
    expect(noValue.json().errors).toEqual([expect.objectContaining({ field: 'Value', code: 'missing_column', row: 0 })]);
  });

  it('lets only facilitators write: 401 for anonymous, 403 for a citizen, an auditor or another territory’s facilitator', async () => {
    const body = { period: '2024', value: 1 };
    expect((await w.reader.post(api('amiens', '/employment_rate/observations'), body)).statusCode).toBe(401);
    expect((await (await w.citizen.client()).post(api('amiens', '/employment_rate/observations'), body)).statusCode).toBe(403);
    expect((await (await w.auditor.client()).post(api('amiens', '/employment_rate/observations'), body)).statusCode).toBe(403);
    expect((await (await w.auditor.client()).put(api('amiens', '/employment_rate/target'), { targetYear: 2030, targetValue: 70 })).statusCode).toBe(403);
    const paul = await w.otherFacilitator.client();
    expect((await paul.post(api('amiens', '/catalogue/seed'))).statusCode).toBe(403);
    expect((await paul.post(api('amiens', '/computed/publish'), { period: '2025' })).statusCode).toBe(403);
    expect((await w.reader.get(api('amiens'))).json().items).toEqual([]);
  });

  it('keeps each territory’s catalogue and values to itself', async () => {
    await app.services.indicators.recordObservation(w.facilitator.actor, AMIENS.slug, 'employment_rate', { period: '2023', value: 64 });
    await app.services.indicators.createDefinition(w.otherFacilitator.actor, ABBEVILLE.slug, {
      ...shippedCatalogue().find((d) => d.code === 'local_food_share')!,
      code: 'baie_de_somme_visitors',
      name: { fr: 'Visiteurs de la baie', en: 'Bay visitors' },
      unit: { fr: 'visiteurs', en: 'visitors' },
    });
    expect((await w.reader.get(api('abbeville', '/employment_rate'))).json().observations).toEqual([]);
    expect((await w.reader.get(api('amiens', '/baie_de_somme_visitors'))).statusCode).toBe(404);
    expect((await w.reader.get(api('abbeville', '/baie_de_somme_visitors'))).statusCode).toBe(200);
    const paul = await w.otherFacilitator.client();
    expect((await paul.post(api('abbeville', '/employment_rate/observations'), { period: '2023', value: 51 })).statusCode).toBe(201);
    expect((await w.reader.get(api('amiens', '/employment_rate'))).json().observations.map((o: { value: number }) => o.value)).toEqual([64]);
  });

  it('adds and edits a territory’s own indicator; its kind is fixed once it has values', async () => {
    const claire = await w.facilitator.client();
    const definition = {
      code: 'repair_cafes', name: { fr: 'Repair cafés', en: 'Repair cafés' }, description: { fr: 'Nombre de repair cafés.', en: 'Number of repair cafés.' },
      unit: { fr: 'lieux', en: 'places' }, kind: 'quantitative', polarity: 'higher_is_better', tags: { nir: false, sdg: [{ goal: 12, target: '12.5' }], agenda21: ['responsible_production'], oecd: [] },
      source: { name: 'Ressourcerie', url: null }, obtained: 'entered',
    };
    expect((await claire.post(api('amiens'), definition)).statusCode).toBe(201);
    expect((await claire.post(api('amiens'), definition)).json().code).toBe('code_taken');
    const invalid = await claire.post(api('amiens'), { ...definition, code: 'targets', tags: { ...definition.tags, sdg: [{ goal: 12, target: '13.1' }] } });
    expect(invalid.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['code', 'tags.sdg[0].target']);
    const noEnglishUnit = await claire.post(api('amiens'), { ...definition, code: 'repair_cafes_2', unit: { fr: 'lieux', en: ' ' } });
    expect(noEnglishUnit.statusCode).toBe(422);
    expect(noEnglishUnit.json().errors).toEqual([expect.objectContaining({ field: 'unit.en', code: 'required' })]);
    expect((await w.reader.get(api('amiens', '/repair_cafes_2'))).statusCode).toBe(404);
    await claire.post(api('amiens', '/repair_cafes/observations'), { period: '2024', value: 3 });
    const { code: _code, ...rest } = definition;
    expect((await claire.put(api('amiens', '/repair_cafes'), { ...rest, kind: 'binary' })).json().code).toBe('kind_locked');
    const renamed = await claire.put(api('amiens', '/repair_cafes'), { ...rest, name: { fr: 'Cafés de réparation', en: 'Repair cafés' } });
    expect(renamed.json().name.fr).toBe('Cafés de réparation');
    expect(renamed.json()).toMatchObject({ unit: { fr: 'lieux', en: 'places' }, source: { name: 'Ressourcerie', nameEn: null, url: null } });
    const cited = await claire.put(api('amiens', '/repair_cafes'), { ...rest, source: { name: 'Ressourcerie', nameEn: 'Resource centre', url: null } });
    expect(cited.json().source).toEqual({ name: 'Ressourcerie', nameEn: 'Resource centre', url: null });
  });

  it('sets targets directly and from the Pact’s vision, and explains the progress step by step', async () => {
    const claire = await w.facilitator.client();
    await app.services.pact.createPact(w.facilitator.actor, AMIENS.slug, { title: 'Pacte 21', horizonStartYear: 2026 });
    await app.services.pact.publishVision(w.facilitator.actor, AMIENS.slug, {
      statement: 'Une économie territoriale durable.',
      objectives: [
        { title: 'Réduire les déchets', indicatorCode: 'dma_kg_hab', baseline: 560, targetValue: 450, unit: 'kg/hab/an', targetYear: 2031 },
        { title: 'Inconnu au catalogue', indicatorCode: 'unknown_thing', baseline: 1, targetValue: 2, unit: 'u', targetYear: 2031 },
        { title: 'Sans cible chiffrée', indicatorCode: null, baseline: null, targetValue: null, unit: null, targetYear: null },
      ],
    });
    const fromVision = await claire.post(api('amiens', '/targets/from-vision'));
    expect(fromVision.statusCode).toBe(200);
    expect(fromVision.json().applied).toEqual([expect.objectContaining({ indicatorCode: 'dma_kg_hab', origin: 'vision', targetValue: 450, targetYear: 2031, baseValue: 560, visionVersion: 1 })]);
    expect(fromVision.json().skipped.map((s: { reason: string }) => s.reason)).toEqual(['not_in_catalogue', 'no_quantified_target']);
    expect((await claire.post(api('amiens', '/targets/from-vision'))).json().applied[0].id).toBe(fromVision.json().applied[0].id);

    await claire.request('POST', api('amiens', '/dma_kg_hab/observations/import'), 'Year,Value\n2015,560\n2018,548\n2021,530\n');
    const progress = (await w.reader.get(api('amiens', '/dma_kg_hab/progress'))).json();
    expect(progress).toMatchObject({ status: 'moderate_progress', method: 'target', inputs: { baseYear: 2015, baseValue: 560, currentYear: 2021, currentValue: 530, targetYear: 2031, targetValue: 450, direction: -1 } });
    expect(progress.progressValue).toBeCloseTo(0.6729, 3);
    const csv = await w.reader.get(api('amiens', '/dma_kg_hab/progress.csv'));
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('step,formula,value');
    expect(csv.body).toContain('required growth');

    const direct = await claire.put(api('amiens', '/dma_kg_hab/target'), { baseYear: 2018, targetYear: 2030, targetValue: 500 });
    expect(direct.json()).toMatchObject({ origin: 'direct', baseYear: 2018 });
    expect((await w.reader.get(api('amiens', '/dma_kg_hab/targets'))).json().items.map((t: { origin: string }) => t.origin)).toEqual(['vision', 'direct']);
    expect((await w.reader.get(api('amiens', '/overview'))).json().items).toEqual([expect.objectContaining({ code: 'dma_kg_hab', target: expect.objectContaining({ targetValue: 500 }), progress: expect.objectContaining({ status: expect.any(String) }) })]);
    const badTarget = await claire.put(api('amiens', '/population/target'), { targetYear: 2030, targetValue: 200_000 });
    expect(badTarget.json().errors[0].code).toBe('no_target_for_neutral');
  });

  it('answers the portal with ETag and Last-Modified, 304 while nothing changed, and a fresh answer after a write', async () => {
    await app.services.indicators.recordObservation(w.facilitator.actor, AMIENS.slug, 'employment_rate', { period: '2022', value: 63.8 });
    const first = await w.reader.get(api('amiens', '/employment_rate'));
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(first.headers['last-modified'] as string).getTime()).toBeGreaterThan(0);
    const again = await w.reader.request('GET', api('amiens', '/employment_rate'), undefined, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    await app.services.indicators.recordObservation(w.facilitator.actor, AMIENS.slug, 'employment_rate', { period: '2023', value: 64.1 });
    const after = await w.reader.request('GET', api('amiens', '/employment_rate'), undefined, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json().observations).toHaveLength(2);
    const csv = await w.reader.get(api('amiens', '/employment_rate.csv'));
    expect(csv.body).toContain('2023');
  });

  it('gives entries seeded before units and sources had English forms the shipped ones, and keeps a territory’s own words', async () => {
    await (await w.facilitator.client()).post(api('amiens', '/catalogue/seed'));
    const territoryId = (await app.services.territories.requireTerritory('amiens')).id;
    const db = app.database.db;
    // As a database written before migration 5001 reads: no English forms; one unit the territory changed.
    await db.updateTable('indicator_definitions').set({ unit_en: null, source_name_en: null }).where('territory_id', '=', territoryId).execute();
    await db.updateTable('indicator_definitions').set({ unit: 'kg/habitant' }).where('territory_id', '=', territoryId).where('code', '=', 'dma_kg_hab').execute();
    const before = new Map((await indicatorsRepository.listDefinitions(db, territoryId)).map((d) => [d.code, d]));
    expect(before.get('carbon_footprint')!.unit).toEqual({ fr: 't CO2e/hab', en: 't CO2e/hab' });

    await fillEnglishFromShippedCatalogue(db);
    const after = new Map((await indicatorsRepository.listDefinitions(db, territoryId)).map((d) => [d.code, d]));
    expect(after.get('carbon_footprint')!.unit).toEqual({ fr: 't CO2e/hab', en: 't CO2e per inhabitant' });
    expect(after.get('carbon_footprint')!.source.nameEn).toMatch(/^Data and Statistical Studies Department/);
    expect(after.get('dma_kg_hab')!.unit).toEqual({ fr: 'kg/habitant', en: 'kg/habitant' });
    expect(after.get('dma_kg_hab')!.source.nameEn).toBe('ADEME, SINOE waste database');
  });

  it('does not write through a read: an unseeded territory shows an empty catalogue and 404 pages', async () => {
    expect((await w.reader.get(api('abbeville'))).json().items).toEqual([]);
    expect((await w.reader.get(api('abbeville', '/employment_rate'))).statusCode).toBe(404);
    expect((await w.reader.get(api('nowhere'))).statusCode).toBe(404);
    await app.services.indicators.seedCatalogue(system, ABBEVILLE.slug);
    expect((await w.reader.get(api('abbeville', '/employment_rate'))).statusCode).toBe(200);
  });
});
