/**
 * The salary share's payroll conversion of 100,000 employees (target ≤ 3 s on SQLite), through the
 * service a representative calls: consents read, plan, 100,000 accounts opened, one euro transfer and
 * 100,000 issuances posted with every ledger check, report and audit event, in one transaction.
 * The employees, memberships and consents are written straight into their tables: that is set-up.
 */
import { createServices } from '../src/app.js';
import { bulkInsert } from '../src/platform/db/bulk.js';
import { systemActor } from '../src/platform/auth/actor.js';
import type { PayrollLineInput } from '../src/modules/currency/salary-share-model.js';
import { benchDatabases, timed } from './harness.js';

const EMPLOYEES = Number(process.env.PACTE21_BENCH_EMPLOYEES ?? 100_000);
const system = systemActor('bench');

for (const database of benchDatabases()) {
  const { handle, dispose } = await database.open();
  try {
    const services = createServices(handle);
    const territory = await services.territories.createTerritory(system, { slug: 'bench', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    const employer = await services.territories.createOrganisation(system, 'bench', { name: 'Grande Entreprise', kind: 'business', siret: '73282932000074' });
    const now = new Date().toISOString();
    const ids = Array.from({ length: EMPLOYEES }, (_, i) => `employee-${String(i).padStart(6, '0')}`);
    await handle.db.transaction().execute(async (trx) => {
      await bulkInsert(trx, 'people', ['id', 'email', 'display_name', 'password_hash', 'created_at'], ids.map((id) => [id, `${id}@example.org`, id, null, now]));
      await bulkInsert(trx, 'territory_people', ['territory_id', 'person_id', 'joined_at'], ids.map((id) => [territory.id, id, now]));
      await bulkInsert(trx, 'memberships', ['territory_id', 'id', 'organisation_id', 'person_id', 'role', 'since', 'ended_at'], ids.map((id) => [territory.id, `m-${id}`, employer.id, id, 'staff', now, null]));
      // Nine employees in ten opted in, with shares from 1 % to 10 %.
      await bulkInsert(
        trx,
        'salary_share_consents',
        ['territory_id', 'id', 'employee_id', 'employer_id', 'share_bp', 'consented_at', 'ended_at'],
        ids.filter((_, i) => i % 10 !== 0).map((id, i) => [territory.id, `c-${id}`, id, employer.id, BigInt(100 * (1 + (i % 10))), now, null]),
      );
    });
    const lines: PayrollLineInput[] = ids.map((id, i) => ({ row: i + 1, email: `${id}@example.org`, netSalary: BigInt(150_000 + (i % 250_000)) }));
    const { ms, result } = await timed(() => services.salaryShare.runPayroll(system, 'bench', employer.id, '2026-11', lines));
    const { ms: replayMs } = await timed(() => services.salaryShare.runPayroll(system, 'bench', employer.id, '2026-11', lines));
    const proof = await services.currency.proofOfReserve('bench');
    if (proof.reserve !== proof.circulation || proof.reserve !== BigInt(result.report.totalConverted)) throw new Error('reserve and circulation disagree');
    console.log(`${database.label}: payroll of ${EMPLOYEES.toLocaleString('en-GB')} employees (${result.report.employees.toLocaleString('en-GB')} opted in)`);
    console.log(`  conversion committed in ${(ms / 1000).toFixed(2)} s (${Math.round(EMPLOYEES / (ms / 1000)).toLocaleString('en-GB')} employees/s); target ≤ 3 s on SQLite`);
    console.log(`  rerun of the same payroll (idempotent replay) ${(replayMs / 1000).toFixed(2)} s`);
  } finally {
    await dispose();
  }
}
