/**
 * Ledger throughput: transfers per second through the batch path (every check on: floors, units,
 * statuses, idempotency, linked chains, audit event per batch), in batches of 1, 100 and 8,190, next to
 * the naive path measured in the same run (one transaction per transfer: read both accounts, check,
 * update both, insert the transfer). SQLite always; PostgreSQL when PACTE21_BENCH_POSTGRES_URL or
 * PACTE21_TEST_POSTGRES_URL is set.
 */
import { createServices } from '../src/app.js';
import type { DatabaseHandle } from '../src/platform/db/connect.js';
import { benchDatabases } from './harness.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { systemActor } from '../src/platform/auth/actor.js';
import type { TransferInput } from '../src/modules/currency/ledger-model.js';
import { systemAccountId } from '../src/modules/currency/model.js';
import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';

const ACCOUNTS = 1000;
const system = systemActor('bench');

async function setUp(database: DatabaseHandle) {
  const services = createServices(database);
  const territory = await services.territories.createTerritory(system, { slug: 'bench', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
  const accounts: string[] = [];
  await inTransaction(database.db, async (trx) => {
    await services.currency.ensureSystemAccounts(trx, territory);
    for (let i = 0; i < ACCOUNTS; i += 1) {
      const account = await services.currency.memberAccount(trx, territory, { type: 'person', id: `p${i}` }, 'GRAIN');
      accounts.push(account.id);
    }
  });
  // Backed 1:1: the euros for the whole float enter the reserve as the accounts are funded.
  const perAccount = 1_000_000_00n;
  const funding: TransferInput[] = [
    { id: 'fund-euro', debitAccountId: systemAccountId('euro_world', 'EUR'), creditAccountId: systemAccountId('euro_reserve', 'EUR'), amount: perAccount * BigInt(ACCOUNTS), unit: 'EUR', kind: 'issuance' },
    ...accounts.map((id, i): TransferInput => ({ id: `fund-${i}`, debitAccountId: systemAccountId('issuance', 'GRAIN'), creditAccountId: id, amount: perAccount, unit: 'GRAIN', kind: 'issuance' })),
  ];
  await services.currency.submitTransfers(system, 'bench', funding);
  return { services, accounts, territoryId: territory.id };
}

let seq = 0;
/** Client ids: short counters by default; UUIDv7 (time-ordered, as a client should choose them) or v4 (random). */
type IdKind = 'counter' | 'uuidv7' | 'uuidv4';
const idOf: Record<IdKind, () => string> = { counter: () => `t-${(seq += 1)}`, uuidv7: () => uuidv7(), uuidv4: () => randomUUID() };

function randomPayments(accounts: string[], n: number, ids: IdKind = 'counter'): TransferInput[] {
  return Array.from({ length: n }, () => {
    const a = Math.floor(Math.random() * accounts.length);
    let b = Math.floor(Math.random() * accounts.length);
    if (b === a) b = (b + 1) % accounts.length;
    return { id: idOf[ids](), debitAccountId: accounts[a]!, creditAccountId: accounts[b]!, amount: BigInt(1 + Math.floor(Math.random() * 500)), unit: 'GRAIN', kind: 'payment' };
  });
}

/** Sustained rate (all transfers over the whole run) and the median batch's rate. */
async function batched(services: ReturnType<typeof createServices>, accounts: string[], batchSize: number, total: number, ids: IdKind = 'counter'): Promise<{ sustained: number; median: number }> {
  const batches = Array.from({ length: Math.ceil(total / batchSize) }, () => randomPayments(accounts, batchSize, ids));
  const times: number[] = [];
  const start = performance.now();
  for (const batch of batches) {
    const began = performance.now();
    const results = await services.currency.submitTransfers(system, 'bench', batch);
    times.push(performance.now() - began);
    if (results.some((r) => r.status !== 'ok')) throw new Error('a benchmark transfer failed');
  }
  times.sort((a, b) => a - b);
  return { sustained: (batches.length * batchSize) / ((performance.now() - start) / 1000), median: batchSize / (times[times.length >> 1]! / 1000) };
}

/** What most applications do: one transaction per transfer, row by row. */
async function naive(database: DatabaseHandle, territoryId: string, accounts: string[], total: number): Promise<number> {
  const transfers = randomPayments(accounts, total);
  const db = database.db;
  const start = performance.now();
  for (const t of transfers) {
    await db.transaction().execute(async (trx) => {
      const debit = await trx.selectFrom('ledger_accounts').selectAll().where('territory_id', '=', territoryId).where('id', '=', t.debitAccountId).executeTakeFirstOrThrow();
      const credit = await trx.selectFrom('ledger_accounts').selectAll().where('territory_id', '=', territoryId).where('id', '=', t.creditAccountId).executeTakeFirstOrThrow();
      if (debit.credits_posted - debit.debits_posted - t.amount < 0n) throw new Error('insufficient funds');
      await trx.updateTable('ledger_accounts').set((eb) => ({ debits_posted: eb('debits_posted', '+', t.amount) })).where('territory_id', '=', territoryId).where('id', '=', t.debitAccountId).execute();
      await trx.updateTable('ledger_accounts').set((eb) => ({ credits_posted: eb('credits_posted', '+', t.amount) })).where('territory_id', '=', territoryId).where('id', '=', t.creditAccountId).execute();
      await trx
        .insertInto('ledger_transfers')
        .values({ territory_id: territoryId, id: t.id, debit_seq: debit.seq, credit_seq: credit.seq, amount: t.amount, unit: t.unit, kind: t.kind, memo: null, phase: 'single', pending_id: null, timeout_seconds: 0n, created_ms: BigInt(Date.now()) })
        .execute();
    });
  }
  return total / ((performance.now() - start) / 1000);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);

async function run(label: string, database: DatabaseHandle) {
  const { services, accounts, territoryId } = await setUp(database);
  const naiveRate = await naive(database, territoryId, accounts, 2000);
  const one = await batched(services, accounts, 1, 2000);
  const hundred = await batched(services, accounts, 100, 20_000);
  const full = await batched(services, accounts, 8190, 8190 * 20);
  const v7 = await batched(services, accounts, 8190, 8190 * 10, 'uuidv7');
  const v4 = await batched(services, accounts, 8190, 8190 * 10, 'uuidv4');
  console.log(`${label}: ${ACCOUNTS} accounts, random payments`);
  console.log(`  naive (1 transaction per transfer, row by row) ${fmt(naiveRate)} transfers/s`);
  console.log(`  batch of 1                                     ${fmt(one.sustained)} transfers/s`);
  console.log(`  batch of 100                                   ${fmt(hundred.sustained)} transfers/s`);
  console.log(`  batch of 8,190                                 ${fmt(full.sustained)} transfers/s   ×${(full.sustained / naiveRate).toFixed(1)} naive   (median batch ${fmt(full.median).trim()}/s)`);
  console.log(`  batch of 8,190, UUIDv7 ids                     ${fmt(v7.sustained)} transfers/s`);
  console.log(`  batch of 8,190, UUIDv4 ids (random)            ${fmt(v4.sustained)} transfers/s`);
  const proof = await services.currency.proofOfReserve('bench');
  if (proof.reserve !== proof.circulation) throw new Error('reserve and circulation disagree');
}

for (const database of benchDatabases()) {
  const { handle, dispose } = await database.open();
  try {
    await run(database.label, handle);
  } finally {
    await dispose();
  }
}
