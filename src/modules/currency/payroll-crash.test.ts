import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../app.js';
import { projectRoot } from '../../config.js';
import { connectDatabase } from '../../platform/db/connect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { bulkInsert } from '../../platform/db/bulk.js';
import { systemActor } from '../../platform/auth/actor.js';
import { parsePayrollCsv } from './salary-share-model.js';

// A real process, really killed (SIGKILL) while it converts a payroll into a SQLite file: what it had
// written must vanish with it, and the same payroll run again must convert exactly once.
const EMPLOYEES = 30_000;
const system = systemActor('test');

describe('payroll conversion killed midway', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-crash-'));
  const file = path.join(dir, 'crash.db');
  const csv = path.join(dir, 'payroll.csv');
  let employerId = '';

  beforeAll(async () => {
    const database = connectDatabase(`sqlite:${file}`);
    await migrateToLatest(database.db);
    const services = createServices(database);
    const territory = await services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    employerId = (await services.territories.createOrganisation(system, 'amiens', { name: 'Grande Entreprise', kind: 'business', siret: '73282932000074' })).id;
    const now = new Date().toISOString();
    const ids = Array.from({ length: EMPLOYEES }, (_, i) => `e${i}`);
    await database.db.transaction().execute(async (trx) => {
      await bulkInsert(trx, 'people', ['id', 'email', 'display_name', 'password_hash', 'created_at'], ids.map((id) => [id, `${id}@example.org`, id, null, now]));
      await bulkInsert(trx, 'memberships', ['territory_id', 'id', 'organisation_id', 'person_id', 'role', 'since', 'ended_at'], ids.map((id) => [territory.id, `m${id}`, employerId, id, 'staff', now, null]));
      await bulkInsert(trx, 'salary_share_consents', ['territory_id', 'id', 'employee_id', 'employer_id', 'share_bp', 'consented_at', 'ended_at'], ids.map((id) => [territory.id, `c${id}`, id, employerId, 1000n, now, null]));
    });
    await database.close();
    fs.writeFileSync(csv, 'employee_email,net_salary\n' + ids.map((id) => `${id}@example.org,2000.00`).join('\n') + '\n');
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves nothing behind, and the rerun converts the payroll once', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli.ts'), '--database', `sqlite:${file}`, 'currency', 'payroll', csv, '--territory', 'amiens', '--employer', employerId, '--period', '2026-11'], {
      cwd: projectRoot,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Kill it once it has started writing the conversion (the WAL grows past what opening writes).
    const wal = `${file}-wal`;
    const baseline = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
    let killed = false;
    while (!killed && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
      if (fs.existsSync(wal) && fs.statSync(wal).size > baseline + 2_000_000) killed = child.kill('SIGKILL');
    }
    await exited;
    expect(killed).toBe(true);

    const database = connectDatabase(`sqlite:${file}`);
    try {
      const services = createServices(database);
      expect(await services.salaryShare.listRuns(system, 'amiens', employerId)).toEqual([]);
      expect(await services.currency.proofOfReserve('amiens')).toMatchObject({ reserve: 0n, circulation: 0n });

      const lines = parsePayrollCsv(fs.readFileSync(csv, 'utf8'));
      const first = await services.salaryShare.runPayroll(system, 'amiens', employerId, '2026-11', lines);
      const again = await services.salaryShare.runPayroll(system, 'amiens', employerId, '2026-11', lines);
      expect(first.replayed).toBe(false);
      expect(again).toMatchObject({ replayed: true, report: { runId: first.report.runId } });
      expect((await services.currency.proofOfReserve('amiens')).reserve).toBe(BigInt(EMPLOYEES) * 20_000n);
    } finally {
      await database.close();
    }
  }, 180_000);
});
