import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.js';

export interface CurrencyTables extends SalaryShareTables, TimeBankTables {
  /** One row per territory: the rules of its local currency and time bank. */
  currency_settings: {
    territory_id: string;
    /** Fee on a professional's reconversion to euros, in basis points (500 = 5 %, as the Eusko). */
    reconversion_fee_bp: bigint;
    /** 0/1: may individuals reconvert (most French local currencies say no). */
    individuals_may_reconvert: bigint;
    /** Cap on the salary share, in basis points (1000 = the Pact's 10 %). */
    salary_share_cap_bp: bigint;
    /** Demurrage per year in basis points (0: the currency does not melt). */
    demurrage_rate_bp: bigint;
    demurrage_grace_days: bigint;
    /** Balances up to this amount (minor units) do not melt. */
    demurrage_threshold: bigint;
    /** Time bank limits, in minutes: a member may owe down to the floor and hold up to the ceiling. */
    time_bank_floor_minutes: bigint;
    time_bank_ceiling_minutes: bigint;
    updated_at: string;
  };
  ledger_accounts: {
    territory_id: string;
    id: string;
    unit: string;
    owner_type: string;
    owner_id: string;
    kind: string;
    floor: bigint | null;
    ceiling: bigint | null;
    status: string;
    debits_posted: bigint;
    credits_posted: bigint;
    debits_pending: bigint;
    credits_pending: bigint;
    created_at: string;
    /** The account's number, unique in the database: the transfers' account indexes hold it instead of two long texts. */
    seq: bigint;
  };
  /**
   * The transfers, kept compact (migration 3400): accounts by their number, time as an integer.
   * Reads join `ledger_accounts` on `seq` for the account ids.
   */
  ledger_transfers: {
    territory_id: string;
    id: string;
    /** `seq` of the debit and credit accounts. */
    debit_seq: bigint;
    credit_seq: bigint;
    amount: bigint;
    unit: string;
    kind: string;
    memo: string | null;
    phase: string;
    pending_id: string | null;
    timeout_seconds: bigint;
    /** When the ledger wrote it: milliseconds since 1970-01-01T00:00:00Z. */
    created_ms: bigint;
  };
}

export interface SalaryShareTables {
  /** Consents are kept with their dates: a change or a revocation closes the row and opens a new one. */
  salary_share_consents: {
    territory_id: string;
    id: string;
    employee_id: string;
    employer_id: string;
    share_bp: bigint;
    consented_at: string;
    ended_at: string | null;
  };
  /** One committed conversion per employer and period: the unique key makes a rerun harmless. */
  payroll_runs: {
    territory_id: string;
    id: string;
    employer_id: string;
    period: string;
    committed_at: string;
    committed_by: string | null;
    employees: bigint;
    total_net: bigint;
    total_converted: bigint;
    /**
     * The run's lines and the rows left out (JSON). Since format 2 (`StoredRunLines`) only what the
     * ledger and the people table do not keep; earlier runs hold the whole report.
     */
    report: string;
    /** SHA-256 of the submitted lines, to tell a retry from a different payroll for the same period. */
    input_digest: string;
  };
}

/** The time bank's directory and exchanges, payment requests, and who accepts the currency. */
export interface TimeBankTables {
  time_bank_listings: {
    territory_id: string;
    id: string;
    owner_type: string;
    owner_id: string;
    /** offer | want */
    kind: string;
    category: string;
    title: string;
    description: string;
    /** Title and description folded (lower case, no accents) so that search is the same on both databases. */
    search_text: string;
    /** open | closed: a closed listing stays readable, it is never deleted. */
    status: string;
    created_by: string | null;
    created_at: string;
    closed_at: string | null;
  };
  /** An exchange of hours confirmed by both sides; the ledger holds the receiver's hours while it is proposed. */
  time_exchanges: {
    territory_id: string;
    /** The proposer's Idempotency-Key: a retry finds the exchange it already made. */
    id: string;
    provider_type: string;
    provider_id: string;
    receiver_type: string;
    receiver_id: string;
    minutes: bigint;
    listing_id: string | null;
    note: string | null;
    /** proposed | confirmed | cancelled | expired */
    status: string;
    /** provider | receiver: the other side confirms. */
    proposer_side: string;
    proposed_by: string | null;
    pending_transfer_id: string;
    proposed_at: string;
    expires_at: string;
    resolved_at: string | null;
    resolved_by: string | null;
  };
  payment_requests: {
    territory_id: string;
    id: string;
    payee_type: string;
    payee_id: string;
    amount: bigint;
    unit: string;
    memo: string | null;
    /** open | paid | cancelled (expiry is read from expires_at) */
    status: string;
    expires_at: string | null;
    created_by: string | null;
    created_at: string;
    payer_type: string | null;
    payer_id: string | null;
    paid_by: string | null;
    transfer_id: string | null;
    resolved_at: string | null;
  };
  /** An organisation's own statement that it accepts the local currency, for the public directory. */
  currency_acceptances: {
    territory_id: string;
    organisation_id: string;
    /** 0/1 */
    accepts: bigint;
    category: string | null;
    note: string | null;
    updated_by: string | null;
    updated_at: string;
  };
}

export const currencyMigrations: Record<string, Migration> = {
  '3000-currency-ledger': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('currency_settings')
        .addColumn('territory_id', 'text', (c) => c.primaryKey())
        .addColumn('reconversion_fee_bp', 'bigint', (c) => c.notNull())
        .addColumn('individuals_may_reconvert', 'bigint', (c) => c.notNull())
        .addColumn('salary_share_cap_bp', 'bigint', (c) => c.notNull())
        .addColumn('demurrage_rate_bp', 'bigint', (c) => c.notNull())
        .addColumn('demurrage_grace_days', 'bigint', (c) => c.notNull())
        .addColumn('demurrage_threshold', 'bigint', (c) => c.notNull())
        .addColumn('time_bank_floor_minutes', 'bigint', (c) => c.notNull())
        .addColumn('time_bank_ceiling_minutes', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ledger_accounts')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('owner_type', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('floor', 'bigint')
        .addColumn('ceiling', 'bigint')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('debits_posted', 'bigint', (c) => c.notNull())
        .addColumn('credits_posted', 'bigint', (c) => c.notNull())
        .addColumn('debits_pending', 'bigint', (c) => c.notNull())
        .addColumn('credits_pending', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_accounts_pk', ['territory_id', 'id'])
        .addUniqueConstraint('ledger_accounts_owner', ['territory_id', 'unit', 'owner_type', 'owner_id', 'kind'])
        .execute();
      await db.schema
        .createTable('ledger_transfers')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('debit_account_id', 'text', (c) => c.notNull())
        .addColumn('credit_account_id', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('memo', 'text')
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('pending_id', 'text')
        .addColumn('timeout_seconds', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_transfers_pk', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('ledger_transfers_debit').on('ledger_transfers').columns(['territory_id', 'debit_account_id', 'created_at']).execute();
      await db.schema.createIndex('ledger_transfers_credit').on('ledger_transfers').columns(['territory_id', 'credit_account_id', 'created_at']).execute();
      // Exports (FEC, demurrage, proof of reserve) read a territory's transfers by time.
      await db.schema.createIndex('ledger_transfers_time').on('ledger_transfers').columns(['territory_id', 'created_at', 'id']).execute();
      // Only two-phase resolutions carry a pending id: a partial index keeps the common write path light.
      await db.schema
        .createIndex('ledger_transfers_pending')
        .on('ledger_transfers')
        .columns(['territory_id', 'pending_id'])
        .where(sql.ref('pending_id'), 'is not', null)
        .execute();
    },
  },
  '3100-currency-salary-share': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('salary_share_consents')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('employee_id', 'text', (c) => c.notNull())
        .addColumn('employer_id', 'text', (c) => c.notNull())
        .addColumn('share_bp', 'bigint', (c) => c.notNull())
        .addColumn('consented_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addPrimaryKeyConstraint('salary_share_consents_pk', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('salary_share_consents_employer').on('salary_share_consents').columns(['territory_id', 'employer_id', 'employee_id']).execute();
      await db.schema
        .createTable('payroll_runs')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('employer_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('committed_at', 'text', (c) => c.notNull())
        .addColumn('committed_by', 'text')
        .addColumn('employees', 'bigint', (c) => c.notNull())
        .addColumn('total_net', 'bigint', (c) => c.notNull())
        .addColumn('total_converted', 'bigint', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .addColumn('input_digest', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('payroll_runs_pk', ['territory_id', 'id'])
        .addUniqueConstraint('payroll_runs_period', ['territory_id', 'employer_id', 'period'])
        .execute();
    },
  },
  '3200-currency-time-bank-requests-acceptance': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('time_bank_listings')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('owner_type', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addPrimaryKeyConstraint('time_bank_listings_pk', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('time_bank_listings_recent').on('time_bank_listings').columns(['territory_id', 'status', 'created_at', 'id']).execute();
      await db.schema.createIndex('time_bank_listings_owner').on('time_bank_listings').columns(['territory_id', 'owner_type', 'owner_id']).execute();
      await db.schema
        .createTable('time_exchanges')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('provider_type', 'text', (c) => c.notNull())
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('receiver_type', 'text', (c) => c.notNull())
        .addColumn('receiver_id', 'text', (c) => c.notNull())
        .addColumn('minutes', 'bigint', (c) => c.notNull())
        .addColumn('listing_id', 'text')
        .addColumn('note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('proposer_side', 'text', (c) => c.notNull())
        .addColumn('proposed_by', 'text')
        .addColumn('pending_transfer_id', 'text', (c) => c.notNull())
        .addColumn('proposed_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('resolved_by', 'text')
        .addPrimaryKeyConstraint('time_exchanges_pk', ['territory_id', 'id'])
        .addUniqueConstraint('time_exchanges_pending_transfer', ['territory_id', 'pending_transfer_id'])
        .execute();
      await db.schema.createIndex('time_exchanges_provider').on('time_exchanges').columns(['territory_id', 'provider_type', 'provider_id', 'proposed_at']).execute();
      await db.schema.createIndex('time_exchanges_receiver').on('time_exchanges').columns(['territory_id', 'receiver_type', 'receiver_id', 'proposed_at']).execute();
      await db.schema.createIndex('time_exchanges_open').on('time_exchanges').columns(['territory_id', 'status', 'expires_at']).execute();
      await db.schema
        .createTable('payment_requests')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('payee_type', 'text', (c) => c.notNull())
        .addColumn('payee_id', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('memo', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('payer_type', 'text')
        .addColumn('payer_id', 'text')
        .addColumn('paid_by', 'text')
        .addColumn('transfer_id', 'text')
        .addColumn('resolved_at', 'text')
        .addPrimaryKeyConstraint('payment_requests_pk', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('payment_requests_payee').on('payment_requests').columns(['territory_id', 'payee_type', 'payee_id', 'created_at']).execute();
      await db.schema
        .createTable('currency_acceptances')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('accepts', 'bigint', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('note', 'text')
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('currency_acceptances_pk', ['territory_id', 'organisation_id'])
        .execute();
    },
  },
  /**
   * Numbers the accounts (a `seq` unique in the database) and indexes each transfer's accounts by those
   * numbers. The former indexes (territory_id, debit_account_id, created_at) held two 36-character
   * texts per entry, and a batch of 8,190 random payments between 1,000 accounts touched most of their
   * pages: measured on SQLite at ~80,000 transfers, a batch wrote ~5,200 pages to the WAL, ~2,300 now.
   * SQLite cannot add a NOT NULL column without a default, so its two tables are rebuilt; PostgreSQL
   * alters them and numbers new accounts from a sequence.
   */
  '3300-currency-ledger-account-numbers': {
    async up(db: Kysely<unknown>) {
      if (dialectOf(db) === 'postgres') {
        await sql`create sequence ledger_account_seq`.execute(db);
        await sql`alter table ledger_accounts add column seq bigint`.execute(db);
        await sql`update ledger_accounts set seq = nextval('ledger_account_seq')`.execute(db);
        await sql`alter table ledger_accounts alter column seq set not null`.execute(db);
        await sql`alter table ledger_transfers add column debit_seq bigint, add column credit_seq bigint`.execute(db);
        await sql`
          update ledger_transfers t set debit_seq = d.seq, credit_seq = c.seq
          from ledger_accounts d, ledger_accounts c
          where d.territory_id = t.territory_id and d.id = t.debit_account_id and c.territory_id = t.territory_id and c.id = t.credit_account_id`.execute(db);
        await sql`alter table ledger_transfers alter column debit_seq set not null, alter column credit_seq set not null`.execute(db);
        await db.schema.dropIndex('ledger_transfers_debit').execute();
        await db.schema.dropIndex('ledger_transfers_credit').execute();
      } else {
        await db.schema
          .createTable('ledger_accounts_next')
          .addColumn('territory_id', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('unit', 'text', (c) => c.notNull())
          .addColumn('owner_type', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('floor', 'bigint')
          .addColumn('ceiling', 'bigint')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('debits_posted', 'bigint', (c) => c.notNull())
          .addColumn('credits_posted', 'bigint', (c) => c.notNull())
          .addColumn('debits_pending', 'bigint', (c) => c.notNull())
          .addColumn('credits_pending', 'bigint', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('ledger_accounts_pk', ['territory_id', 'id'])
          .addUniqueConstraint('ledger_accounts_owner', ['territory_id', 'unit', 'owner_type', 'owner_id', 'kind'])
          .execute();
        await sql`insert into ledger_accounts_next select *, rowid from ledger_accounts order by rowid`.execute(db);
        await db.schema
          .createTable('ledger_transfers_next')
          .addColumn('territory_id', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('debit_account_id', 'text', (c) => c.notNull())
          .addColumn('credit_account_id', 'text', (c) => c.notNull())
          .addColumn('amount', 'bigint', (c) => c.notNull())
          .addColumn('unit', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('memo', 'text')
          .addColumn('phase', 'text', (c) => c.notNull())
          .addColumn('pending_id', 'text')
          .addColumn('timeout_seconds', 'bigint', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('debit_seq', 'bigint', (c) => c.notNull())
          .addColumn('credit_seq', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('ledger_transfers_pk', ['territory_id', 'id'])
          .execute();
        // A transfer whose account is missing would get a null number and stop the migration, not vanish.
        await sql`
          insert into ledger_transfers_next
          select t.*, d.seq, c.seq from ledger_transfers t
          left join ledger_accounts_next d on d.territory_id = t.territory_id and d.id = t.debit_account_id
          left join ledger_accounts_next c on c.territory_id = t.territory_id and c.id = t.credit_account_id
          order by t.rowid`.execute(db);
        await db.schema.dropTable('ledger_transfers').execute();
        await db.schema.dropTable('ledger_accounts').execute();
        await db.schema.alterTable('ledger_accounts_next').renameTo('ledger_accounts').execute();
        await db.schema.alterTable('ledger_transfers_next').renameTo('ledger_transfers').execute();
        await db.schema.createIndex('ledger_transfers_time').on('ledger_transfers').columns(['territory_id', 'created_at', 'id']).execute();
        await db.schema
          .createIndex('ledger_transfers_pending')
          .on('ledger_transfers')
          .columns(['territory_id', 'pending_id'])
          .where(sql.ref('pending_id'), 'is not', null)
          .execute();
      }
      await db.schema.createIndex('ledger_accounts_seq').on('ledger_accounts').column('seq').unique().execute();
      // An account's transfers by time, for statements, the FEC and proof of reserve; the number is
      // unique across territories, so no territory prefix is needed.
      await db.schema.createIndex('ledger_transfers_debit_seq').on('ledger_transfers').columns(['debit_seq', 'created_at']).execute();
      await db.schema.createIndex('ledger_transfers_credit_seq').on('ledger_transfers').columns(['credit_seq', 'created_at']).execute();
    },
  },
  /**
   * Compacts the transfers: the two account ids (72 characters per row, already held by `debit_seq` and
   * `credit_seq`) leave the row, and the time becomes an integer (milliseconds since the epoch) in the
   * row and in every index. Index entries shrink from ~40 to ~12 bytes. Measured on SQLite, inserting
   * batches of 8,190 rows with their indexes alone: 78–85,000 rows/s before, 105–117,000 after;
   * bench/ledger.bench.ts measures the whole path. Same steps on both databases: the old table is
   * renamed, copied into the new one, dropped.
   */
  '3400-currency-ledger-compact-transfers': {
    async up(db: Kysely<unknown>) {
      const postgres = dialectOf(db) === 'postgres';
      for (const index of ['ledger_transfers_time', 'ledger_transfers_pending', 'ledger_transfers_debit_seq', 'ledger_transfers_credit_seq']) {
        await db.schema.dropIndex(index).execute();
      }
      await db.schema.alterTable('ledger_transfers').renameTo('ledger_transfers_3300').execute();
      if (postgres) await sql`alter table ledger_transfers_3300 rename constraint ledger_transfers_pk to ledger_transfers_3300_pk`.execute(db);
      await db.schema
        .createTable('ledger_transfers')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('debit_seq', 'bigint', (c) => c.notNull())
        .addColumn('credit_seq', 'bigint', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('memo', 'text')
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('pending_id', 'text')
        .addColumn('timeout_seconds', 'bigint', (c) => c.notNull())
        .addColumn('created_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_transfers_pk', ['territory_id', 'id'])
        .execute();
      // ISO 8601 text with milliseconds and a Z, as the ledger wrote it, to milliseconds: exact on both.
      const milliseconds = postgres
        ? sql`(extract(epoch from created_at::timestamptz) * 1000)::bigint`
        : sql`cast(round(unixepoch(created_at, 'subsec') * 1000) as integer)`;
      await sql`
        insert into ledger_transfers (territory_id, id, debit_seq, credit_seq, amount, unit, kind, memo, phase, pending_id, timeout_seconds, created_ms)
        select territory_id, id, debit_seq, credit_seq, amount, unit, kind, memo, phase, pending_id, timeout_seconds, ${milliseconds}
        from ledger_transfers_3300 ${postgres ? sql`` : sql`order by rowid`}`.execute(db);
      const { rows } = await sql<{ before: bigint | string; after: bigint | string }>`
        select (select count(*) from ledger_transfers_3300) as before, (select count(*) from ledger_transfers) as after`.execute(db);
      if (BigInt(rows[0]!.before) !== BigInt(rows[0]!.after)) throw new Error(`3400: ${rows[0]!.before} transfers before, ${rows[0]!.after} after`);
      await db.schema.dropTable('ledger_transfers_3300').execute();
      // A territory's transfers by time (FEC, proof of reserve, demurrage); an account's by time (statements).
      // The number of an account is unique in the database, so its indexes need no territory.
      await db.schema.createIndex('ledger_transfers_time').on('ledger_transfers').columns(['territory_id', 'created_ms']).execute();
      await db.schema.createIndex('ledger_transfers_debit_seq').on('ledger_transfers').columns(['debit_seq', 'created_ms']).execute();
      await db.schema.createIndex('ledger_transfers_credit_seq').on('ledger_transfers').columns(['credit_seq', 'created_ms']).execute();
      await db.schema
        .createIndex('ledger_transfers_pending')
        .on('ledger_transfers')
        .columns(['territory_id', 'pending_id'])
        .where(sql.ref('pending_id'), 'is not', null)
        .execute();
      // Holds with a timeout, for their expiry (few next to payments: the partial index costs them nothing).
      await db.schema
        .createIndex('ledger_transfers_timed_holds')
        .on('ledger_transfers')
        .columns(['created_ms'])
        .where(sql<boolean>`phase = 'pending' and timeout_seconds > 0`)
        .execute();
    },
  },
};
