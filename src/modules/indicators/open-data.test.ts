import { createRequire } from 'node:module';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import type { TableSchema, TableSchemaField } from './open-data.js';
import { ABBEVILLE, AMIENS, api, indicatorsWorld, system } from './test-factories.js';

// The Tabular Data Package profile of the Frictionless specification (see spec/README.md).
const profile = createRequire(import.meta.url)('./spec/tabular-data-package.profile.json') as object;
// Both packages are CommonJS with a `default` export, which NodeNext sees on the module object.
const ajv = new AjvDraft04.default({ strict: false, allErrors: true, logger: false });
ajvFormats.default(ajv);
ajv.addFormat('textarea', true);
const validateDataPackage = ajv.compile(profile);

const TYPES: Record<TableSchemaField['type'], RegExp> = {
  string: /^[\s\S]*$/,
  number: /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/,
  integer: /^-?\d+$/,
  year: /^-?\d{4}$/,
  boolean: /^(true|false|True|False|TRUE|FALSE|1|0)$/,
};

/** Every row of a CSV against its Table Schema: header, types, required, enum, pattern, unique, primary key. */
function tableErrors(csv: string, schema: TableSchema): string[] {
  const [header, ...rows] = parse(csv, { bom: true }) as string[][];
  const errors: string[] = [];
  if (JSON.stringify(header) !== JSON.stringify(schema.fields.map((f) => f.name))) errors.push(`header ${JSON.stringify(header)}`);
  const keys = new Set<string>();
  const uniques = new Map<string, Set<string>>();
  rows.forEach((row, r) => {
    schema.fields.forEach((field, i) => {
      const cell = row[i] ?? '';
      const missing = schema.missingValues.includes(cell);
      if (missing) {
        if (field.constraints?.required) errors.push(`row ${r + 1} ${field.name}: required`);
        return;
      }
      if (!TYPES[field.type].test(cell)) errors.push(`row ${r + 1} ${field.name}: "${cell}" is not a ${field.type}`);
      const typed = field.type === 'number' || field.type === 'integer' || field.type === 'year' ? Number(cell) : cell;
      if (field.constraints?.enum && !field.constraints.enum.includes(typed)) errors.push(`row ${r + 1} ${field.name}: "${cell}" not in enum`);
      if (field.constraints?.pattern && !new RegExp(`^(?:${field.constraints.pattern})$`).test(cell)) errors.push(`row ${r + 1} ${field.name}: "${cell}" does not match`);
      if (field.constraints?.unique) {
        const seen = uniques.get(field.name) ?? new Set<string>();
        if (seen.has(cell)) errors.push(`row ${r + 1} ${field.name}: not unique`);
        uniques.set(field.name, seen.add(cell));
      }
    });
    const key = JSON.stringify(schema.primaryKey.map((name) => row[schema.fields.findIndex((f) => f.name === name)]));
    if (keys.has(key)) errors.push(`row ${r + 1}: primary key ${key} repeated`);
    keys.add(key);
  });
  return errors;
}

describeEachDatabase('indicators: open data', (ctx) => {
  let app: App;
  let w: Awaited<ReturnType<typeof indicatorsWorld>>;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    w = await indicatorsWorld(app);
    const { indicators } = app.services;
    const claire = w.facilitator.actor;
    await indicators.importObservations(claire, AMIENS.slug, 'healthy_life_expectancy', 'Year,Sexe,Value,COMMENT_OBS\n2021,,64.2,\n2021,Femmes,65.1,"Série révisée, voir note"\n2021,Hommes,63.3,\n2022,,64.4,\n', { source: 'DREES' });
    await indicators.recordObservation(claire, AMIENS.slug, 'local_food_share', { period: '2024-06', value: 18.5, status: 'provisional' });
    await indicators.recordObservation(claire, AMIENS.slug, 'climate_plan_adopted', { period: '2020', value: 1 });
    await indicators.recordObservation(claire, AMIENS.slug, 'citizen_participation_level', { period: '2024', value: 3 });
    await indicators.recordObservation(claire, AMIENS.slug, 'pact_annual_review', { period: '2024', value: 'Une année de lancement, « ambitieuse ».\nDeux lignes.' });
    await indicators.setTarget(claire, AMIENS.slug, 'healthy_life_expectancy', { targetYear: 2030, targetValue: 66 });
  });
  afterEach(async () => app.close());

  it('publishes a datapackage.json that validates against the Tabular Data Package profile, every CSV against its Table Schema', async () => {
    const response = await w.reader.get(api('amiens', '/datapackage.json'));
    expect(response.statusCode).toBe(200);
    const descriptor = response.json();
    expect(validateDataPackage(descriptor), JSON.stringify(validateDataPackage.errors)).toBe(true);
    expect(descriptor.licenses).toEqual([expect.objectContaining({ name: 'etalab-2.0' })]);
    expect(descriptor.resources.length).toBe(2 + (await app.services.indicators.listCatalogue(AMIENS.slug)).length);
    for (const resource of descriptor.resources as { path: string; name: string; schema: TableSchema }[]) {
      const csv = await w.reader.get(api('amiens', `/${resource.path}`));
      expect(csv.statusCode, resource.path).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(tableErrors(csv.body, resource.schema), resource.name).toEqual([]);
    }
    const health = descriptor.resources.find((r: { name: string }) => r.name === 'healthy_life_expectancy');
    expect(health.schema.primaryKey).toEqual(['Year', 'Sexe']);
    expect(health.schema.fields.find((f: TableSchemaField) => f.name === 'Value')).toMatchObject({ type: 'number' });
    const level = descriptor.resources.find((r: { name: string }) => r.name === 'citizen_participation_level');
    expect(level.schema.fields.find((f: TableSchemaField) => f.name === 'Value').constraints.enum).toEqual([1, 2, 3, 4, 5]);
  });

  it('serves each indicator at stable URLs as CSV, JSON and metadata, which parse', async () => {
    const csv = (await w.reader.get(api('amiens', '/healthy_life_expectancy.csv'))).body;
    expect(parse(csv, { columns: true })).toEqual([
      { Year: '2021', Sexe: '', Units: 'années', OBS_STATUS: 'A', COMMENT_OBS: '', SOURCE: 'DREES', Value: '64.2' },
      { Year: '2021', Sexe: 'Femmes', Units: 'années', OBS_STATUS: 'A', COMMENT_OBS: 'Série révisée, voir note', SOURCE: 'DREES', Value: '65.1' },
      { Year: '2021', Sexe: 'Hommes', Units: 'années', OBS_STATUS: 'A', COMMENT_OBS: '', SOURCE: 'DREES', Value: '63.3' },
      { Year: '2022', Sexe: '', Units: 'années', OBS_STATUS: 'A', COMMENT_OBS: '', SOURCE: 'DREES', Value: '64.4' },
    ]);
    const json = (await w.reader.get(api('amiens', '/healthy_life_expectancy.json'))).json();
    expect(json).toMatchObject({ indicator: 'healthy_life_expectancy', unit: { fr: 'années', en: 'years' }, licence: { name: 'etalab-2.0' } });
    expect(json.observations).toHaveLength(4);
    const metadata = (await w.reader.get(api('amiens', '/healthy_life_expectancy.metadata.json'))).json();
    expect(metadata).toMatchObject({
      code: 'healthy_life_expectancy',
      tags: { nir: true, agenda21: ['fulfilment'], oecd: ['health'] },
      unit: { fr: 'années', en: 'years' },
      source: { name: expect.stringContaining('DREES'), nameEn: expect.stringContaining('DREES and INSEE') },
      target: { targetValue: 66, targetYear: 2030 },
      progress: { status: expect.any(String) },
      files: { csv: 'healthy_life_expectancy.csv' },
    });
    const narrative = parse((await w.reader.get(api('amiens', '/pact_annual_review.csv'))).body, { columns: true }) as { Value: string }[];
    expect(narrative[0]!.Value).toBe('Une année de lancement, « ambitieuse ».\nDeux lignes.');
    expect((await w.reader.get(api('amiens', '/no_such_indicator.csv'))).statusCode).toBe(404);
  });

  it('bundles everything in one zip laid out like the URLs, with the same datapackage.json', async () => {
    const zip = await w.reader.get(api('amiens', '/open-data.zip'));
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.headers['content-disposition']).toBe('attachment; filename="open-data.zip"');
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    const descriptor = JSON.parse(strFromU8(files['datapackage.json']!)) as { resources: { path: string }[] };
    expect(validateDataPackage(descriptor)).toBe(true);
    for (const resource of descriptor.resources) expect(files[resource.path], resource.path).toBeDefined();
    expect(strFromU8(files['healthy_life_expectancy.csv']!)).toBe((await w.reader.get(api('amiens', '/healthy_life_expectancy.csv'))).body);
    expect(JSON.parse(strFromU8(files['healthy_life_expectancy.metadata.json']!)).code).toBe('healthy_life_expectancy');
    expect(strFromU8(files['catalogue.csv']!).split('\r\n')[0]).toContain('code,name_fr,name_en');
  });

  it('reads its own CSV back: a download imported into another territory gives the same file', async () => {
    const csv = (await w.reader.get(api('amiens', '/healthy_life_expectancy.csv'))).body;
    await app.services.indicators.seedCatalogue(system, ABBEVILLE.slug);
    const paul = await w.otherFacilitator.client();
    expect((await paul.request('POST', api('abbeville', '/healthy_life_expectancy/observations/import'), csv)).json()).toEqual({ created: 4, revised: 0, unchanged: 0 });
    expect((await w.reader.get(api('abbeville', '/healthy_life_expectancy.csv'))).body).toBe(csv);
    expect((await paul.request('POST', api('abbeville', '/healthy_life_expectancy/observations/import'), csv)).json()).toEqual({ created: 0, revised: 0, unchanged: 4 });
  });
});
