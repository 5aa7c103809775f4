import { PostgresAdapter, type Kysely } from 'kysely';
import type { DialectName } from './connect.js';

// Migrations receive a bare Kysely; they need the dialect to branch explicitly where SQL differs.
// Any schema: the adapter does not depend on it. `any` because Kysely<T> is invariant in T.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Booleans: PostgreSQL returns true/false, SQLite 0/1 (BigInt with safe integers), and better-sqlite3
 * cannot bind JS booleans at all. Columns that hold a flag are therefore `integer` 0/1 on both sides
 * and pass through these two functions.
 */
export function toDbFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromDbFlag(value: number | bigint | boolean): boolean {
  return value === true || value === 1 || value === 1n;
}

/** A count or sum that both drivers return as BigInt (SQLite safe integers, pg int8 parser). */
export function toSafeNumber(value: bigint | number | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'bigint' ? value : BigInt(value);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Integer ${n} does not fit a JSON number`);
  }
  return Number(n);
}

/** A write refused by a primary or unique key, on either database (PostgreSQL 23505, SQLite CONSTRAINT_*). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
