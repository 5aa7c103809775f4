import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from '../../database.js';
import { startCheckpointer } from './checkpointer.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

// PostgreSQL's int8 (OID 20) comes back as a string by default; money and counts must be the same
// JS type on both databases, so int8 becomes BigInt, as better-sqlite3 does with safe integers.
pg.types.setTypeParser(20, (value) => BigInt(value));

export function dialectOfUrl(url: string): DialectName {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres:') || url.startsWith('postgresql:')) return 'postgres';
  throw new Error(`Unsupported database URL "${url}": use sqlite:<file> or postgres://…`);
}

export interface ConnectOptions {
  /** PostgreSQL only: the schema to use (it must exist; the test harness creates one per test). */
  readonly schema?: string;
  readonly poolSize?: number;
}

export function connectDatabase(url: string, options: ConnectOptions = {}): DatabaseHandle {
  const dialect = dialectOfUrl(url);
  if (dialect === 'sqlite') return connectSqlite(url.slice('sqlite:'.length));
  return connectPostgres(url, options);
}

function connectSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // NORMAL is durable in WAL mode across application crashes; only an OS crash may lose the last commit.
  sqlite.pragma('synchronous = NORMAL');
  // SQLite's default page cache is 2 MB; a payroll of 100,000 employees touches far more index pages,
  // and with the default it ran 6× slower (measured 19 s against ~3 s). 64 MB is a fair server budget.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.defaultSafeIntegers(true);
  const cached = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) });
  sqliteStatements.set(db.getExecutor().adapter, cached.prepare);
  if (file === ':memory:') return Object.freeze({ db, dialect: 'sqlite' as const, close: () => db.destroy() });
  // The log is copied back into the database from a thread of its own (see checkpointer.ts) every
  // 100 ms, instead of by the commit that crosses 1,000 pages: a batch of 8,190 transfers writes
  // several MB, so that commit came nearly every batch. A commit still does it itself past 160 MB of
  // log, should that thread fall behind.
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  sqlite.pragma(`wal_autocheckpoint = ${Math.round((160 * 1024 * 1024) / pageSize)}`);
  const checkpointer = startCheckpointer(path.resolve(file));
  return Object.freeze({
    db,
    dialect: 'sqlite' as const,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  });
}

const STATEMENT_CACHE_SIZE = 200;

// Keyed by the Kysely adapter, which a Kysely instance shares with the transactions it opens.
const sqliteStatements = new WeakMap<object, (sql: string) => SqliteDatabase.Statement>();

/**
 * The cached statement factory behind a SQLite Kysely instance or transaction, for the few bulk paths
 * that bypass Kysely's per-query overhead (~15 µs a call, measured). SQLite has one connection: a
 * statement run inside a Kysely transaction callback runs in that transaction.
 */
export function sqliteStatementsOf(db: Kysely<unknown> | { getExecutor(): { adapter: object } }): ((sql: string) => SqliteDatabase.Statement) | undefined {
  return sqliteStatements.get(db.getExecutor().adapter);
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs as much as running a small
 * query, and a bulk insert of 500 rows (6,000 parameters) costs milliseconds. Statements are reusable
 * in better-sqlite3, so the most recent ones are kept by SQL text (SQLite has one connection, used by
 * one query at a time under Kysely's mutex, so a cached statement is never used twice at once).
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

function connectPostgres(url: string, options: ConnectOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return Object.freeze({ db, dialect: 'postgres' as const, close: () => db.destroy() });
}
