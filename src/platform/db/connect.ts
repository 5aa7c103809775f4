import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from '../../database.js';

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
  /** PostgreSQL only: the schema to use, created if missing (the test harness gives each test its own). */
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
  sqlite.defaultSafeIntegers(true);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return Object.freeze({ db, dialect: 'sqlite' as const, close: () => db.destroy() });
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
