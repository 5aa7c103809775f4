import { CompiledQuery, sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from './transaction.js';
import { dialectOf } from './dialect.js';
import type SqliteDatabase from 'better-sqlite3';
import { sqliteStatementsOf } from './connect.js';

// Kysely builds an operation tree for every value it binds; for bulk writes that tree is most of the
// cost (measured: 130 ms of a 280 ms batch of 8,190 ledger transfers on SQLite). Bulk inserts therefore
// go through SQL text built once per shape and row count, and bound positionally.
// PostgreSQL: multi-row statements of 500 rows (one round trip each). SQLite: one row per statement,
// the statement prepared once and cached by the connection; better-sqlite3 binds a multi-row statement
// more slowly than it runs a single-row one repeatedly (measured 142 ms against 65 ms CPU for 8,190 rows).
const CHUNK_ROWS = 500;
const textCache = new Map<string, string>();

function insertText(dialect: string, table: string, columns: readonly string[], rows: number, suffix: string): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${rows}|${suffix}`;
  let text = textCache.get(key);
  if (!text) {
    let n = 0;
    const row = () => `(${columns.map(() => (dialect === 'postgres' ? `$${(n += 1)}` : '?')).join(', ')})`;
    const values = Array.from({ length: rows }, row).join(', ');
    text = `insert into ${table} (${columns.join(', ')}) values ${values}${suffix ? ` ${suffix}` : ''}`;
    textCache.set(key, text);
  }
  return text;
}

/**
 * SQLite only: the cached one-row INSERT statement, for a caller that binds each row's values as
 * arguments (`statement.run(a, b, …)`) instead of building an array per row; undefined on PostgreSQL.
 * A payroll writes 180,000 rows: their arrays were a good part of the garbage collector's work.
 */
export function sqliteInsertStatement(db: Executor, table: string, columns: readonly string[], suffix = ''): SqliteDatabase.Statement | undefined {
  const statements = sqliteStatementsOf(db);
  return statements?.(insertText('sqlite', table, columns, 1, suffix));
}

/**
 * Inserts rows given as arrays in `columns` order. `suffix` is appended verbatim (an ON CONFLICT
 * clause); table, columns and suffix come from code, never from input.
 */
export async function bulkInsert(db: Executor, table: string, columns: readonly string[], rows: readonly unknown[][], suffix = ''): Promise<void> {
  const dialect = dialectOf(db);
  const statements = dialect === 'sqlite' ? sqliteStatementsOf(db) : undefined;
  if (statements) {
    const statement = statements(insertText(dialect, table, columns, 1, suffix));
    for (const row of rows) statement.run(row);
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    const chunk = rows.slice(i, i + CHUNK_ROWS);
    await db.executeQuery(CompiledQuery.raw(insertText(dialect, table, columns, chunk.length, suffix), chunk.flat()));
  }
}

/**
 * `column IN (values)` with the whole list bound as ONE parameter, for lists of thousands of ids:
 * SQLite reads it with json_each, PostgreSQL as a text array (`= any`), and both still search the
 * column's index value by value. Kysely's `in` binds one parameter per value, and compiling and
 * binding 5,000 of them costs more than the query (measured ~4 ms per 5,000 on SQLite).
 */
export function textIn(db: Executor, column: string, values: readonly string[]): RawBuilder<SqlBool> {
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...values]}::text[])`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}
