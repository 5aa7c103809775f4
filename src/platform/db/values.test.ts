import { beforeEach, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { describeEachDatabase } from './test-database.js';
import { fromDbFlag, toDbFlag, toSafeNumber } from './dialect.js';

interface Ledger {
  ledger_test: { id: string; amount: bigint; measure: number | null; flag: number; at: string };
}

const BEYOND_DOUBLE = 9_007_199_254_740_993n; // 2^53 + 1: a JS number would silently round it

describeEachDatabase('database values', (ctx) => {
  let db: Kysely<Ledger>;

  beforeEach(async () => {
    db = ctx.handle.db as unknown as Kysely<Ledger>;
    await db.schema
      .createTable('ledger_test')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('measure', 'double precision')
      .addColumn('flag', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db
      .insertInto('ledger_test')
      .values([
        { id: 'a', amount: BEYOND_DOUBLE, measure: 49.894, flag: toDbFlag(true), at: '2026-12-01T10:00:00.000Z' },
        { id: 'b', amount: -1_250n, measure: 2, flag: toDbFlag(false), at: '2026-12-01T10:00:00.123Z' },
        { id: 'c', amount: 0n, measure: null, flag: toDbFlag(true), at: '2027-01-31T23:59:59.999Z' },
      ])
      .execute();
  });

  it('returns bigint columns as bigint, without losing precision beyond 2^53', async () => {
    const rows = await db.selectFrom('ledger_test').select(['id', 'amount']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'a', amount: BEYOND_DOUBLE },
      { id: 'b', amount: -1_250n },
      { id: 'c', amount: 0n },
    ]);
  });

  it('returns cast(sum(x) as bigint), cast(count(*) as bigint), min and max as bigint', async () => {
    const row = await db
      .selectFrom('ledger_test')
      .select([
        sql<bigint>`cast(sum(amount) as bigint)`.as('total'),
        sql<bigint>`cast(count(*) as bigint)`.as('n'),
        sql<bigint>`min(amount)`.as('lowest'),
        sql<bigint>`max(amount)`.as('highest'),
      ])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ total: BEYOND_DOUBLE - 1_250n, n: 3n, lowest: -1_250n, highest: BEYOND_DOUBLE });
    expect(toSafeNumber(row.n)).toBe(3);
  });

  it('returns null for the sum of no rows, which toSafeNumber reads as 0', async () => {
    const row = await db.selectFrom('ledger_test').select(sql<bigint | null>`cast(sum(amount) as bigint)`.as('total')).where('id', '=', 'none').executeTakeFirstOrThrow();
    expect(row.total).toBeNull();
    expect(toSafeNumber(row.total)).toBe(0);
  });

  it('refuses to turn a bigint beyond 2^53 into a JSON number', () => {
    expect(() => toSafeNumber(BEYOND_DOUBLE)).toThrow(RangeError);
    expect(toSafeNumber(-9_007_199_254_740_991n)).toBe(-9_007_199_254_740_991);
  });

  it('returns doubles as numbers, whole ones included, and their sum as a number', async () => {
    const rows = await db.selectFrom('ledger_test').select(['id', 'measure']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'a', measure: 49.894 },
      { id: 'b', measure: 2 },
      { id: 'c', measure: null },
    ]);
    const row = await db.selectFrom('ledger_test').select(sql<number>`sum(measure)`.as('total')).executeTakeFirstOrThrow();
    expect(typeof row.total).toBe('number');
    expect(row.total).toBeCloseTo(51.894, 10);
  });

  it('returns timestamps as the ISO text written, and orders them as time', async () => {
    const rows = await db.selectFrom('ledger_test').select('at').orderBy('at', 'desc').execute();
    expect(rows.map((r) => r.at)).toEqual(['2027-01-31T23:59:59.999Z', '2026-12-01T10:00:00.123Z', '2026-12-01T10:00:00.000Z']);
    const after = await db.selectFrom('ledger_test').select('id').where('at', '>', '2026-12-01T10:00:00.000Z').orderBy('id').execute();
    expect(after.map((r) => r.id)).toEqual(['b', 'c']);
  });

  it('reads flags back through fromDbFlag as the booleans written through toDbFlag', async () => {
    const rows = await db.selectFrom('ledger_test').select(['id', 'flag']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, fromDbFlag(r.flag)])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
    const flagged = await db.selectFrom('ledger_test').select('id').where('flag', '=', toDbFlag(true)).orderBy('id').execute();
    expect(flagged.map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('reads a SQL boolean expression through fromDbFlag on both databases', async () => {
    const row = await db
      .selectFrom('ledger_test')
      .select([sql<number | boolean>`(amount > 0)`.as('positive')])
      .where('id', '=', 'a')
      .executeTakeFirstOrThrow();
    expect(fromDbFlag(row.positive)).toBe(true);
  });
});
