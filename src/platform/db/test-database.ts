import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { connectDatabase, type DatabaseHandle, type DialectName } from './connect.js';
import { migrateToLatest } from './migrate.js';

/**
 * Kysely's own pattern: one suite, run once per database. SQLite always (in memory); PostgreSQL when
 * PACTE21_TEST_POSTGRES_URL is set (CI sets it). Each test starts from a clean, migrated database.
 */
export const testDialects: DialectName[] = process.env.PACTE21_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  /** Set before each test; do not keep a reference across tests. */
  handle: DatabaseHandle;
  dialect: DialectName;
}

type Migrate = (db: DatabaseHandle['db']) => Promise<unknown>;

/**
 * A clean database, migrated by `migrate` (to the latest schema unless a test of a migration brings
 * its own steps: they run under the schema lock on PostgreSQL, as every migration must).
 */
export async function openTestDatabase(dialect: DialectName, migrate: Migrate = migrateToLatest): Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const handle = connectDatabase('sqlite::memory:');
    await migrate(handle.db);
    return { handle, dispose: () => handle.close() };
  }
  const url = process.env.PACTE21_TEST_POSTGRES_URL!;
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const handle = await withSchemaLock(url, async (admin) => {
    await admin.query(`create schema ${schema}`);
    const opened = connectDatabase(url, { schema, poolSize: 10 });
    await migrate(opened.db);
    return opened;
  });
  return {
    handle,
    dispose: async () => {
      await handle.close();
      await withSchemaLock(url, (admin) => admin.query(`drop schema ${schema} cascade`));
    },
  };
}

// Kysely's migrator lists the tables of every schema (has_schema_privilege on each name), which fails
// when a parallel test file drops its schema, or a migration renames or drops a table (3400 does),
// meanwhile: creating and migrating a schema, and dropping one, each take the lock alone.
const SCHEMA_LOCK = 21_021;

async function withSchemaLock<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    return await work(admin);
  } finally {
    // Ending the session releases the lock.
    await admin.end();
  }
}

/**
 * A migrated PostgreSQL schema that one suite reuses from test to test: emptied after each test (rows
 * deleted with triggers and foreign keys off, sequences restarted, tables the test created dropped)
 * instead of dropped and migrated again, which took ~0.5 s per test. Dropped when the suite ends.
 */
class ReusedPostgresSchema {
  private readonly url = process.env.PACTE21_TEST_POSTGRES_URL!;
  private schema: string | undefined;
  private migratedTables = new Set<string>();

  async open(): Promise<DatabaseHandle> {
    if (this.schema) return connectDatabase(this.url, { schema: this.schema, poolSize: 10 });
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const handle = await withSchemaLock(this.url, async (admin) => {
      await admin.query(`create schema ${schema}`);
      const opened = connectDatabase(this.url, { schema, poolSize: 10 });
      await migrateToLatest(opened.db);
      const { rows } = await admin.query<{ name: string }>('select tablename as name from pg_tables where schemaname = $1', [schema]);
      this.migratedTables = new Set(rows.map((r) => r.name));
      return opened;
    });
    this.schema = schema;
    return handle;
  }

  /** Empties the schema back to its freshly migrated state. */
  async empty(): Promise<void> {
    if (!this.schema) return;
    const schema = this.schema;
    const admin = new pg.Client({ connectionString: this.url });
    await admin.connect();
    try {
      const tables = (await admin.query<{ name: string }>('select tablename as name from pg_tables where schemaname = $1', [schema])).rows.map((r) => r.name);
      const sequences = (await admin.query<{ name: string }>('select sequencename as name from pg_sequences where schemaname = $1', [schema])).rows.map((r) => r.name);
      const quoted = (name: string) => `"${schema}"."${name.replaceAll('"', '""')}"`;
      const statements = [
        'begin',
        'set local session_replication_role = replica',
        ...tables.filter((t) => !this.migratedTables.has(t)).map((t) => `drop table ${quoted(t)} cascade`),
        ...tables.filter((t) => this.migratedTables.has(t) && !t.startsWith('kysely_migration')).map((t) => `delete from ${quoted(t)}`),
        ...sequences.map((q) => `alter sequence ${quoted(q)} restart`),
        'commit',
      ];
      await admin.query(statements.join(';\n'));
    } finally {
      await admin.end();
    }
  }

  async drop(): Promise<void> {
    if (!this.schema) return;
    const schema = this.schema;
    this.schema = undefined;
    await withSchemaLock(this.url, (admin) => admin.query(`drop schema ${schema} cascade`));
  }
}

/** Declares `suite` once per database; `ctx.handle` is a clean, migrated database in every test. */
export function describeEachDatabase(name: string, suite: (ctx: TestDatabase) => void): void {
  for (const dialect of testDialects) {
    describe(`${name} [${dialect}]`, () => {
      const ctx = { dialect } as TestDatabase;
      const reused = dialect === 'postgres' ? new ReusedPostgresSchema() : undefined;
      let dispose: (() => Promise<void>) | undefined;
      beforeEach(async () => {
        if (reused) {
          const handle = await reused.open();
          ctx.handle = handle;
          dispose = async () => {
            await handle.close();
            await reused.empty();
          };
          return;
        }
        const opened = await openTestDatabase(dialect);
        ctx.handle = opened.handle;
        dispose = opened.dispose;
      });
      afterEach(async () => {
        const disposing = dispose;
        dispose = undefined;
        await disposing?.();
      });
      afterAll(async () => {
        await reused?.drop();
      });
      suite(ctx);
    });
  }
}

/**
 * Declares `suite` once per database, sharing one database across its tests: for suites that load an
 * expensive fixture once (the demo territory) in `prepare`, then only read it. `ctx.handle` is set
 * before the first test.
 */
export function describeEachDatabaseOnce(name: string, prepare: (ctx: TestDatabase) => Promise<void>, suite: (ctx: TestDatabase) => void): void {
  for (const dialect of testDialects) {
    describe(`${name} [${dialect}]`, () => {
      const ctx = { dialect } as TestDatabase;
      let dispose: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const opened = await openTestDatabase(dialect);
        ctx.handle = opened.handle;
        dispose = opened.dispose;
        await prepare(ctx);
      });
      afterAll(async () => {
        await dispose?.();
      });
      suite(ctx);
    });
  }
}
