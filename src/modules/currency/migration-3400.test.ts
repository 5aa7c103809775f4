import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects } from '../../platform/db/test-database.js';
import { migrateToLatest, migrateUpTo } from '../../platform/db/migrate.js';
import type { DatabaseHandle } from '../../platform/db/connect.js';
import { ledgerRepository } from './ledger-repository.js';
import { accountingRepository } from './accounting-repository.js';

const TERRITORY = '0193b5a0-0000-7000-8000-000000000001';
const OTHER = '0193b5a0-0000-7000-8000-000000000002';

/** Transfers written by the schema of migration 3300 (account ids and ISO text time in the row). */
const OLD_TRANSFERS = [
  { territory: TERRITORY, id: 'issue-1', debit: 'issuance', credit: 'alice', seqs: [1, 2], amount: 10_000, phase: 'single', pending: null, at: '2026-03-01T10:15:30.123Z' },
  { territory: TERRITORY, id: 'pay-1', debit: 'alice', credit: 'bob', seqs: [2, 3], amount: 2_550, phase: 'single', pending: null, at: '2026-03-01T10:15:30.124Z' },
  { territory: TERRITORY, id: 'hold-1', debit: 'alice', credit: 'bob', seqs: [2, 3], amount: 100, phase: 'pending', pending: null, at: '2026-03-02T23:59:59.999Z' },
  { territory: TERRITORY, id: 'post-1', debit: 'alice', credit: 'bob', seqs: [2, 3], amount: 100, phase: 'post_pending', pending: 'hold-1', at: '2026-03-03T00:00:00.000Z' },
  // Same client id in another territory: both survive.
  { territory: OTHER, id: 'pay-1', debit: 'carol', credit: 'dan', seqs: [4, 5], amount: 7, phase: 'single', pending: null, at: '2026-02-28T08:00:00.000Z' },
];

for (const dialect of testDialects) {
  describe(`migration 3400, compact ledger transfers [${dialect}]`, () => {
    let handle: DatabaseHandle;
    let dispose: (() => Promise<void>) | undefined;
    afterEach(async () => dispose?.());

    /** Up to 3300, rows as that schema wrote them, then the rest: all of it as one migration of the test database. */
    async function migrateThroughOldRows(db: DatabaseHandle['db']): Promise<void> {
      await migrateUpTo(db, '3300-currency-ledger-account-numbers');
      const accounts: [string, string, number][] = [[TERRITORY, 'issuance', 1], [TERRITORY, 'alice', 2], [TERRITORY, 'bob', 3], [OTHER, 'carol', 4], [OTHER, 'dan', 5]];
      for (const [territory, id, seq] of accounts) {
        await sql`insert into ledger_accounts (territory_id, id, unit, owner_type, owner_id, kind, floor, ceiling, status, debits_posted, credits_posted, debits_pending, credits_pending, created_at, seq)
          values (${territory}, ${id}, 'GRAIN', 'person', ${id}, 'member', null, null, 'open', 0, 0, 0, 0, '2026-01-01T00:00:00.000Z', ${seq})`.execute(db);
      }
      for (const t of OLD_TRANSFERS) {
        await sql`insert into ledger_transfers (territory_id, id, debit_account_id, credit_account_id, amount, unit, kind, memo, phase, pending_id, timeout_seconds, created_at, debit_seq, credit_seq)
          values (${t.territory}, ${t.id}, ${t.debit}, ${t.credit}, ${t.amount}, 'GRAIN', 'payment', ${'memo ' + t.id}, ${t.phase}, ${t.pending}, ${t.phase === 'pending' ? 3600 : 0}, ${t.at}, ${t.seqs[0]}, ${t.seqs[1]})`.execute(db);
      }
      await migrateToLatest(db);
    }

    it('keeps every transfer written before it: ids, accounts, amounts, phases and times to the millisecond', async () => {
      ({ handle, dispose } = await openTestDatabase(dialect, migrateThroughOldRows));

      const found = await ledgerRepository.existingTransfers(handle.db, TERRITORY, ['issue-1', 'pay-1', 'hold-1', 'post-1']);
      const oldestFirst = [...found.values()].sort((x, y) => x.createdAt.localeCompare(y.createdAt));
      expect(oldestFirst.map((t) => [t.id, t.debitAccountId, t.creditAccountId, t.amount, t.phase, t.pendingId, t.timeoutSeconds, t.createdAt, t.memo])).toEqual([
        ['issue-1', 'issuance', 'alice', 10_000n, 'single', null, 0, '2026-03-01T10:15:30.123Z', 'memo issue-1'],
        ['pay-1', 'alice', 'bob', 2_550n, 'single', null, 0, '2026-03-01T10:15:30.124Z', 'memo pay-1'],
        ['hold-1', 'alice', 'bob', 100n, 'pending', null, 3600, '2026-03-02T23:59:59.999Z', 'memo hold-1'],
        ['post-1', 'alice', 'bob', 100n, 'post_pending', 'hold-1', 0, '2026-03-03T00:00:00.000Z', 'memo post-1'],
      ]);
      const other = await ledgerRepository.existingTransfers(handle.db, OTHER, ['pay-1']);
      expect(other.get('pay-1')).toMatchObject({ debitAccountId: 'carol', creditAccountId: 'dan', amount: 7n, createdAt: '2026-02-28T08:00:00.000Z' });

      // Alice's statement, newest first, and her daily movements (the proof of reserve's reading).
      const statement = await ledgerRepository.statement(handle.db, TERRITORY, 'alice', { limit: 10 });
      expect(statement.map((t) => t.id)).toEqual(['post-1', 'hold-1', 'pay-1', 'issue-1']);
      expect(await ledgerRepository.dailyNetMovements(handle.db, TERRITORY, 'alice')).toEqual([
        { day: '2026-03-01', net: 10_000n - 2_550n },
        { day: '2026-03-03', net: -100n },
      ]);
      // A two-phase transfer's resolution is still found by its pending id.
      const pendings = await ledgerRepository.pendingStates(handle.db, TERRITORY, ['hold-1']);
      expect(pendings.get('hold-1')?.resolution).toBe('posted');
      // Movements before an instant, as the FEC's opening balances read them.
      const before = await accountingRepository.netMovements(handle.db, TERRITORY, { units: ['GRAIN'], before: '2026-03-01T10:15:30.124Z' });
      expect(Object.fromEntries(before)).toEqual({ alice: 10_000n, issuance: -10_000n });
    });
  });
}
