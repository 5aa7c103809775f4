import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../app.js';
import { connectDatabase } from '../../platform/db/connect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { systemActor, personActor } from '../../platform/auth/actor.js';
import { runPacte21 } from '../../cli-test-runner.js';

const system = systemActor('test');
// Each run of the command line starts tsx and loads the app: seconds each on a busy machine.
const CLI_TEST_TIMEOUT = 240_000;

const pacte21 = (databaseUrl: string, ...args: string[]) => runPacte21(databaseUrl, args);

async function withServices<T>(databaseUrl: string, work: (services: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const database = connectDatabase(databaseUrl);
  try {
    await migrateToLatest(database.db);
    return await work(createServices(database));
  } finally {
    await database.close();
  }
}

describe('pacte21 import / export commitments and pact sweep-late', () => {
  let dir: string;
  let databaseUrl: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-pact-cli-'));
    databaseUrl = `sqlite:${path.join(dir, 'pacte21.db')}`;
    await withServices(databaseUrl, async (s) => {
      await s.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
      const ressourcerie = await s.territories.createOrganisation(system, 'amiens', { name: 'Ressourcerie', kind: 'association', siret: '73282932000074' });
      const julien = await s.territories.addMember(system, 'amiens', ressourcerie.id, { email: 'julien@amiens.test', role: 'representative', displayName: 'Julien' });
      await s.pact.createPact(system, 'amiens', { title: 'Pacte 21', horizonStartYear: 2026 });
      await s.pact.sign(personActor(julien.personId), 'amiens', ressourcerie.id);
    });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    'imports a file all or nothing, exports it back, and announces the late ones once',
    async () => {
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, 'organisation,statement,milestone_date\n73282932000074,Réparer des vélos,2020-01-01\n99999999999999,Rien,2030-01-01\n');
      const refused = await pacte21(databaseUrl, 'import', 'commitments', bad, '--territory', 'amiens');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Error (invalid_csv)');
      expect(refused.stderr).toContain('row 2, organisation:');

      const good = path.join(dir, 'good.csv');
      fs.writeFileSync(good, 'organisation,statement,milestone_date\n73282932000074,Réparer des vélos,2020-01-01\n');
      const imported = await pacte21(databaseUrl, 'import', 'commitments', good, '--territory', 'amiens');
      expect(imported.stdout).toContain('1 commitment(s) imported into amiens.');

      const out = path.join(dir, 'commitments.json');
      expect((await pacte21(databaseUrl, 'export', 'commitments', '--format', 'json', '--out', out)).code).toBe(0);
      expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ territory: 'amiens', count: 1, items: [{ statement: 'Réparer des vélos', organisationName: 'Ressourcerie', late: true }] });

      const swept = await pacte21(databaseUrl, 'pact', 'sweep-late');
      expect(swept.stdout).toContain('amiens: 1 commitment(s) newly announced late.');
      expect((await pacte21(databaseUrl, 'pact', 'sweep-late', '--territory', 'amiens')).stdout).toContain('amiens: 0 commitment(s)');
      await withServices(databaseUrl, async (s) => {
        expect((await s.chronicle.list('amiens', { limit: 10, kind: 'commitment.late' })).items).toHaveLength(1);
      });
    },
    CLI_TEST_TIMEOUT,
  );
});
