import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../app.js';
import { connectDatabase } from '../../platform/db/connect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { systemActor } from '../../platform/auth/actor.js';
import { OPEN_DATA_COLUMNS } from './open-data.js';
import { runPacte21 } from '../../cli-test-runner.js';

const system = systemActor('test');

const pacte21 = (databaseUrl: string, ...args: string[]) => runPacte21(databaseUrl, args);

describe('pacte21 funding export', () => {
  let dir: string;
  let databaseUrl: string;
  let taskForceId: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-funding-cli-'));
    databaseUrl = `sqlite:${path.join(dir, 'pacte21.db')}`;
    const database = connectDatabase(databaseUrl);
    try {
      await migrateToLatest(database.db);
      const services = createServices(database);
      await services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
      const taskForce = await services.taskForces.create(system, 'amiens', {
        name: 'Guichet unique de la rénovation thermique',
        mission: 'Un seul guichet pour rénover les logements',
        budgetLines: [{ label: 'Conseillers du guichet', category: 'fonctionnement', plannedAmount: 9_000_000n }],
      });
      taskForceId = taskForce.id;
      await services.funding.addLine(system, 'amiens', taskForceId, { sourceKind: 'subsidy', funderName: 'Région Hauts-de-France', amount: 4_500_000n, status: 'granted' });
    } finally {
      await database.close();
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the JSON and one CSV per table, the budget execution included', async () => {
    const out = path.join(dir, 'open-data');
    const result = await pacte21(databaseUrl, 'funding', 'export', '--territory', 'amiens', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['amiens-campaigns.csv', 'amiens-execution.csv', 'amiens-expenses.csv', 'amiens-funding-lines.csv', 'amiens-funding.json']);
    const execution = fs.readFileSync(path.join(out, 'amiens-execution.csv'), 'utf8').split('\r\n');
    expect(execution).toEqual([
      OPEN_DATA_COLUMNS.execution.join(','),
      `${taskForceId},Guichet unique de la rénovation thermique,budget_line,Conseillers du guichet,,9000000,,0,0,9000000,0`,
      `${taskForceId},Guichet unique de la rénovation thermique,funder,Région Hauts-de-France,,4500000,4500000,0,0,4500000,0`,
      '',
    ]);
    const dataset = JSON.parse(fs.readFileSync(path.join(out, 'amiens-funding.json'), 'utf8'));
    expect(dataset.tables['funding-lines']).toEqual([expect.objectContaining({ funder_name: 'Région Hauts-de-France', amount_cents: 4_500_000, status: 'granted' })]);

    const unknown = await pacte21(databaseUrl, 'funding', 'export', '--territory', 'nowhere', '--out', out);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/territory/i);
  }, 120_000);
});
