import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../app.js';
import { connectDatabase } from '../../platform/db/connect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { systemActor } from '../../platform/auth/actor.js';
import { addDays, bookDay } from './accounting-calendar.js';
import { decodeLatin9 } from './fec-model.js';
import { systemAccountId } from './model.js';
import { runPacte21 } from '../../cli-test-runner.js';

const system = systemActor('test');

const pacte21 = (databaseUrl: string, ...args: string[]) => runPacte21(databaseUrl, args);

describe('pacte21 currency fec | demurrage', () => {
  let dir: string;
  let databaseUrl: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-accounting-'));
    databaseUrl = `sqlite:${path.join(dir, 'pacte21.db')}`;
    const database = connectDatabase(databaseUrl);
    try {
      await migrateToLatest(database.db);
      // A history that began in 2024: Alice's 1,000.00 have been idle ever since.
      const services = createServices(database, () => new Date('2024-02-01T10:00:00.000Z'));
      await services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
      const alice = await services.territories.addPerson(system, 'amiens', { email: 'alice@example.org', displayName: 'Alice' });
      await services.currency.issue(system, 'amiens', { key: 'issue-000001', to: { type: 'person', id: alice.id }, amount: 100_000n });
    } finally {
      await database.close();
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the FEC file named after the SIREN and the closing day into the folder asked', async () => {
    const out = path.join(dir, 'exports');
    const result = await pacte21(databaseUrl, 'currency', 'fec', '--territory', 'amiens', '--year', '2024', '--siren', '732829320', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const file = path.join(out, '732829320FEC20241231.txt');
    expect(result.stdout).toContain(`FEC written to ${file}`);
    expect(fs.readdirSync(out)).toEqual(['732829320FEC20241231.txt']);
    const lines = decodeLatin9(fs.readFileSync(file)).split('\r\n');
    expect(lines[0]!.split('\t')).toHaveLength(18);
    expect(lines.filter((l) => l.startsWith('EMI\t'))).toHaveLength(2);
  }, 60_000);

  it('expires the holds past their timeout, once', async () => {
    // Bob's 5.00 held for a minute in 2024: long lapsed when the command runs.
    const database = connectDatabase(databaseUrl);
    const services = createServices(database, () => new Date('2024-02-01T10:00:00.000Z'));
    const bob = await services.territories.addPerson(system, 'amiens', { email: 'bob@example.org', displayName: 'Bob' });
    const account = await services.currency.issue(system, 'amiens', { key: 'issue-000002', to: { type: 'person', id: bob.id }, amount: 1_000n });
    const held = await services.currency.submitTransfers(system, 'amiens', [
      { id: 'hold-0001', debitAccountId: account.id, creditAccountId: systemAccountId('fees', 'GRAIN'), amount: 500n, unit: 'GRAIN', kind: 'payment', phase: 'pending', timeoutSeconds: 60 },
    ]);
    expect(held).toEqual([{ status: 'ok' }]);
    await database.close();

    const first = await pacte21(databaseUrl, 'currency', 'expire-holds');
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('1 hold(s) expired, in 1 territory(ies).');
    const again = await pacte21(databaseUrl, 'currency', 'expire-holds');
    expect(again.stdout).toContain('0 hold(s) expired');
  }, 60_000);

  it('applies demurrage once per day, with a clear refusal while the currency does not melt', async () => {
    const yesterday = addDays(bookDay(new Date()), -1);
    const refused = await pacte21(databaseUrl, 'currency', 'demurrage', '--territory', 'amiens', '--date', yesterday);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('demurrage_not_enabled');

    const database = connectDatabase(databaseUrl);
    await createServices(database).currency.updateSettings(system, 'amiens', { demurrageRateBp: 600 });
    await database.close();
    const first = await pacte21(databaseUrl, 'currency', 'demurrage', '--territory', 'amiens', '--date', yesterday);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Demurrage of ${yesterday}: 1 account(s) charged 0.16 GRAIN to the demurrage fund, of 1 account(s).`);
    const again = await pacte21(databaseUrl, 'currency', 'demurrage', '--territory', 'amiens', '--date', yesterday);
    expect(again.stdout).toContain('0 account(s) charged 0.00 GRAIN');
    expect(again.stdout).toContain('1 account(s) were already charged for this day.');
  }, 60_000);
});
