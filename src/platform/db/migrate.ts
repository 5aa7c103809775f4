import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { dialectOf } from './dialect.js';
import { auditMigrations } from '../audit/migrations.js';
import { authMigrations } from '../auth/migrations.js';
import { territoriesMigrations } from '../../modules/territories/migrations.js';
import { pactMigrations } from '../../modules/pact/migrations.js';
import { currencyMigrations } from '../../modules/currency/migrations.js';
import { metabolismMigrations } from '../../modules/metabolism/migrations.js';
import { indicatorsMigrations } from '../../modules/indicators/migrations.js';
import { certificatesMigrations } from '../../modules/certificates/migrations.js';
import { fundingMigrations } from '../../modules/funding/migrations.js';
import { concertationMigrations } from '../../modules/concertation/migrations.js';

/**
 * Every module's migrations, in one ordered list. Names carry a 4-digit prefix per module range
 * (0000 platform audit, 0100 auth, 1000 territories, 2000 pact, …) so alphabetical order is run order.
 */
export const allMigrations: Record<string, Migration> = {
  ...auditMigrations,
  ...authMigrations,
  ...territoriesMigrations,
  ...pactMigrations,
  ...currencyMigrations,
  ...metabolismMigrations,
  ...indicatorsMigrations,
  ...certificatesMigrations,
  ...fundingMigrations,
  ...concertationMigrations,
};

// Migrations see the database before its schema exists, hence no table types. `any` because Kysely<T> is invariant.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  return run(await migratorFor(db), (m) => m.migrateToLatest());
}

/** Runs the migrations up to `name`, inclusive, in name order: for tests of a later migration's data move. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateUpTo(db: Kysely<any>, name: string): Promise<MigrationResultSet> {
  return run(await migratorFor(db), (m) => m.migrateTo(name));
}

async function run(migrator: Migrator, step: (m: Migrator) => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  const result = await step(migrator);
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function migratorFor(db: Kysely<any>): Promise<Migrator> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one; with several
  // schemas in one PostgreSQL database (tests, or tenants on a shared server) it would find another's.
  const schema =
    dialectOf(db) === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  return new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    // Each module owns a range of names; a module added later (pact, 2000) must still run on a database
    // where later ranges (currency, 3000) already ran. Modules' migrations do not depend on one another's.
    allowUnorderedMigrations: true,
    provider: { getMigrations: async () => allMigrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}
