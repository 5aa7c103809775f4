import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../src/platform/db/connect.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';

export interface BenchDatabase {
  readonly label: string;
  open(): Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }>;
}

/**
 * SQLite as `npm start` runs it (a file in WAL mode, not `:memory:`, so commits cost what they cost in
 * production), and PostgreSQL in a fresh schema when PACTE21_BENCH_POSTGRES_URL or
 * PACTE21_TEST_POSTGRES_URL is set.
 */
export function benchDatabases(): BenchDatabase[] {
  const databases: BenchDatabase[] = [
    {
      label: 'SQLite (file, WAL)',
      async open() {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-bench-'));
        const handle = connectDatabase(`sqlite:${path.join(dir, 'bench.db')}`);
        await migrateToLatest(handle.db);
        return {
          handle,
          dispose: async () => {
            await handle.close();
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const url = process.env.PACTE21_BENCH_POSTGRES_URL ?? process.env.PACTE21_TEST_POSTGRES_URL;
  if (url) {
    databases.push({
      label: `PostgreSQL (${new URL(url).host})`,
      async open() {
        const schema = `bench_${randomBytes(6).toString('hex')}`;
        await adminQuery(url, `create schema ${schema}`);
        const handle = connectDatabase(url, { schema, poolSize: 10 });
        await migrateToLatest(handle.db);
        return {
          handle,
          dispose: async () => {
            await handle.close();
            await adminQuery(url, `drop schema ${schema} cascade`);
          },
        };
      },
    });
  } else {
    console.log('(PostgreSQL skipped: set PACTE21_BENCH_POSTGRES_URL=postgres://… to include it.)');
  }
  return databases;
}

async function adminQuery(url: string, query: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** Wall-clock milliseconds of one run of `work`. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export const formatCount = (n: number): string => integer.format(n);
export const formatSeconds = (ms: number): string => `${decimal.format(ms / 1000)} s`;
export const formatRatio = (r: number): string => `${decimal.format(r)}×`;

/** Prints rows under a header, each column as wide as its widest cell; numbers right-aligned. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
