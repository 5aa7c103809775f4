import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from './app.js';
import { connectDatabase } from './platform/db/connect.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { systemActor } from './platform/auth/actor.js';
import { runPacte21 } from './cli-test-runner.js';

const system = systemActor('test');
// Each run of the command line starts tsx and loads the app: seconds each on a busy machine.
const CLI_TEST_TIMEOUT = 90_000;

/** Runs the real command line, as an operator would, against the test's database file. */
const pacte21 = (databaseUrl: string, ...args: string[]) => runPacte21(databaseUrl, args);

/** Opens the file database in this process, for setting up and checking what the command did. */
async function withDatabase<T>(databaseUrl: string, work: (database: ReturnType<typeof connectDatabase>) => Promise<T>): Promise<T> {
  const database = connectDatabase(databaseUrl);
  try {
    await migrateToLatest(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

describe('pacte21 command line', () => {
  let dir: string;
  let databaseUrl: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-cli-'));
    databaseUrl = `sqlite:${path.join(dir, 'pacte21.db')}`;
    await withDatabase(databaseUrl, async (database) => {
      const services = createServices(database);
      await services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
      await services.territories.createOrganisation(system, 'amiens', { name: 'Ressourcerie', kind: 'association', siret: '73282932000074' });
      await services.territories.createOrganisation(system, 'amiens', { name: 'Collectif Vélo', kind: 'citizen_collective' });
    });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('audit verify reports an intact chain, then exits 1 naming the event changed afterwards', async () => {
    const intact = await pacte21(databaseUrl, 'audit', 'verify', '--territory', 'amiens');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/3 event\(s\), intact/);

    await withDatabase(databaseUrl, (database) =>
      database.db.updateTable('audit_events').set({ change: '{"name":"Forged"}' }).where('territory_id', '!=', 'platform').where('seq', '=', 2n).execute(),
    );
    const broken = await pacte21(databaseUrl, 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('broken at event 2');
    expect(broken.stdout).toContain('1 event(s) before it are intact');
  }, CLI_TEST_TIMEOUT);

  it('import organisations prints every bad row and exits 1 creating nothing; a good file then imports', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'name,kind,siret,naf_code\nGarage,business,73282932000075,\nAtelier,association,44200000000012,99.99Z\nDoublon,business,73282932000074,\n');
    const refused = await pacte21(databaseUrl, 'import', 'organisations', bad, '--territory', 'amiens');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error (invalid_csv)');
    expect(refused.stderr).toMatch(/row 1, siret: .*not valid/);
    expect(refused.stderr).toMatch(/row 2, naf_code: .*99\.99Z/);
    expect(refused.stderr).toMatch(/row 3, siret: .*already has SIRET 73282932000074/);

    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, '\uFEFFname;kind;siret\nGarage;business;44200000000012\nAtelier;citizen_collective;\n');
    const imported = await pacte21(databaseUrl, 'import', 'organisations', good, '--territory', 'amiens');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('2 organisation(s) imported into amiens');

    const names = await withDatabase(databaseUrl, async (database) => (await createServices(database).territories.listOrganisations('amiens', { limit: 50 })).items.map((o) => o.name));
    expect(names).toEqual(['Atelier', 'Collectif Vélo', 'Garage', 'Ressourcerie']);
  }, CLI_TEST_TIMEOUT);
});
