import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { createServices } from '../../app.js';
import { connectDatabase } from '../../platform/db/connect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { AMIENS, system } from './test-factories.js';
import { runPacte21 } from '../../cli-test-runner.js';


const pacte21 = (databaseUrl: string, ...args: string[]) => runPacte21(databaseUrl, args);

describe('pacte21 indicators import | export', () => {
  let dir: string;
  let databaseUrl: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-indicators-'));
    databaseUrl = `sqlite:${path.join(dir, 'pacte21.db')}`;
    const database = connectDatabase(databaseUrl);
    try {
      await migrateToLatest(database.db);
      await createServices(database).territories.createTerritory(system, AMIENS);
    } finally {
      await database.close();
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a tidy CSV all or nothing, then exports the open data with its datapackage.json and zip', async () => {
    const good = path.join(dir, 'emploi.csv');
    fs.writeFileSync(good, 'Year,Sexe,Value\n2022,,63.8\n2022,Femmes,61.2\n2023,,64.1\n');
    const bad = path.join(dir, 'faux.csv');
    fs.writeFileSync(bad, 'Year,Value\n2022,soixante\n');

    const refused = await pacte21(databaseUrl, 'indicators', 'import', bad, '--territory', 'amiens', '--indicator', 'employment_rate');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('invalid_csv');
    expect(refused.stderr).toContain('row 1, Value');

    const imported = await pacte21(databaseUrl, 'indicators', 'import', good, '--territory', 'amiens', '--indicator', 'employment_rate');
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('employment_rate: 3 value(s) created, 0 revised, 0 unchanged.');

    const out = path.join(dir, 'open-data');
    const exported = await pacte21(databaseUrl, 'indicators', 'export', '--territory', 'amiens', '--out', out);
    expect(exported.code).toBe(0);
    const descriptor = JSON.parse(fs.readFileSync(path.join(out, 'datapackage.json'), 'utf8')) as { resources: { path: string }[] };
    for (const resource of descriptor.resources) expect(fs.existsSync(path.join(out, resource.path)), resource.path).toBe(true);
    expect(fs.readFileSync(path.join(out, 'employment_rate.csv'), 'utf8')).toContain('2022,Femmes,%,A,,emploi.csv,61.2');
    const zip = unzipSync(new Uint8Array(fs.readFileSync(path.join(out, 'open-data.zip'))));
    expect(strFromU8(zip['employment_rate.csv']!)).toBe(fs.readFileSync(path.join(out, 'employment_rate.csv'), 'utf8'));
  }, 240_000);
});
