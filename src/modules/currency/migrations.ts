import { sql, type Kysely, type Migration } from 'kysely';

export interface CurrencyTables extends SalaryShareTables {
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
  };
  ledger_transfers: {
    territory_id: string;
    id: string;
    debit_account_id: string;
    credit_account_id: string;
    amount: bigint;
    unit: string;
    kind: string;
    memo: string | null;
    phase: string;
    pending_id: string | null;
    timeout_seconds: bigint;
    created_at: string;
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
    /** The report shown after the run: lines, rejected rows with reasons (JSON). */
    report: string;
    /** SHA-256 of the submitted lines, to tell a retry from a different payroll for the same period. */
    input_digest: string;
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
};
