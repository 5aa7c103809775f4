import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { connectDatabase, type DatabaseHandle, type DialectName } from './connect.js';
import { migrateToLatest } from './migrate.js';

/**
 * Kysely's own pattern: one suite, run once per database. SQLite always (in memory); PostgreSQL when
 * PACTE21_TEST_POSTGRES_URL is set (CI sets it). Each test gets a clean, migrated schema of its own.
 */
export const testDialects: DialectName[] = process.env.PACTE21_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  /** Set before each test; do not keep a reference across tests. */
  handle: DatabaseHandle;
  dialect: DialectName;
}

export async function openTestDatabase(dialect: DialectName): Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const handle = connectDatabase('sqlite::memory:');
    await migrateToLatest(handle.db);
    return { handle, dispose: () => handle.close() };
  }
  const url = process.env.PACTE21_TEST_POSTGRES_URL!;
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = connectDatabase(url, { schema, poolSize: 10 });
  await migrateToLatest(handle.db);
  return {
    handle,
    dispose: async () => {
      await handle.close();
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      await cleaner.query(`drop schema ${schema} cascade`);
      await cleaner.end();
    },
  };
}

/** Declares `suite` once per database; `ctx.handle` is a fresh, migrated database in every test. */
export function describeEachDatabase(name: string, suite: (ctx: TestDatabase) => void): void {
  for (const dialect of testDialects) {
    describe(`${name} [${dialect}]`, () => {
      const ctx = { dialect } as TestDatabase;
      let dispose: (() => Promise<void>) | undefined;
      beforeEach(async () => {
        const opened = await openTestDatabase(dialect);
        ctx.handle = opened.handle;
        dispose = opened.dispose;
      });
      afterEach(async () => {
        await dispose?.();
      });
      suite(ctx);
    });
  }
}
