import { sql, type Kysely, type Migration } from 'kysely';

// Amounts are euro cents (or local-currency cents for local pledges) in `bigint`; quantities of work
// (m², kWh cumac per unit) are doubles; flags are 0/1 integers; times ISO text (see docs/architecture.md).
export interface FundingTables {
  /** A named sub-part of a task force (a building, a programme) with its own costs and funding. */
  funding_projects: {
    territory_id: string;
    id: string;
    task_force_id: string;
    name: string;
    description: string;
    /** The organisation that carries the project; its account receives the local currency raised. */
    holder_organisation_id: string | null;
    created_at: string;
    updated_at: string;
  };
  /** A project's costs, each under one of its task force's budget lines (by position). */
  funding_project_costs: {
    territory_id: string;
    project_id: string;
    position: bigint;
    budget_line_position: bigint | null;
    label: string;
    amount: bigint;
  };
  /** One source of funding for a task force (or one of its projects). */
  funding_lines: {
    territory_id: string;
    id: string;
    task_force_id: string;
    project_id: string | null;
    source_kind: string;
    /** grant | loan, for public institutions. */
    instrument: string | null;
    funder_organisation_id: string | null;
    funder_name: string;
    amount: bigint;
    status: string;
    planned_on: string;
    requested_on: string | null;
    granted_on: string | null;
    received_on: string | null;
    refused_on: string | null;
    note: string;
    /** Set on the lines a successful campaign adds (the crowd, and each matching pool). */
    campaign_id: string | null;
    cee_code: string | null;
    cee_variant: string | null;
    cee_zone: string | null;
    cee_quantity: number | null;
    cee_factor: number | null;
    cee_kwh_cumac: bigint | null;
    cee_price_cents_per_mwh: bigint | null;
    created_at: string;
    updated_at: string;
  };
  funding_settings: {
    territory_id: string;
    /** The territory's assumption for the value of CEE: euro cents per MWh cumac. */
    cee_price_cents_per_mwh: bigint | null;
    climate_zone: string | null;
    /** Set when the territory replaced the shipped CEE catalogue with its own. */
    cee_catalogue_replaced_at: string | null;
    updated_at: string;
  };
  funding_cee_operations: {
    territory_id: string;
    code: string;
    /** '' when the sheet has a single table. */
    variant: string;
    position: bigint;
    label: string;
    unit: string;
    kwh_cumac: number | null;
    kwh_cumac_h1: number | null;
    kwh_cumac_h2: number | null;
    kwh_cumac_h3: number | null;
    sheet_version: string;
    source: string;
  };
  funding_campaigns: {
    territory_id: string;
    id: string;
    task_force_id: string;
    project_id: string;
    title: string;
    description: string;
    /** Euro cents. */
    goal: bigint;
    deadline: string;
    all_or_nothing: number;
    beneficiary_organisation_id: string | null;
    status: string;
    created_by: string | null;
    created_at: string;
    opened_at: string | null;
    resolved_at: string | null;
    closed_at: string | null;
  };
  funding_pledges: {
    territory_id: string;
    /** The pledger's Idempotency-Key: a retry finds the pledge it already made. */
    id: string;
    campaign_id: string;
    pledger_type: string;
    pledger_id: string;
    /** EUR, or the territory's currency code. */
    unit: string;
    amount: bigint;
    status: string;
    pending_transfer_id: string | null;
    pledged_by: string | null;
    created_at: string;
    resolved_at: string | null;
  };
  funding_match_pools: {
    territory_id: string;
    id: string;
    /** null: every campaign of the territory. */
    task_force_id: string | null;
    funder_organisation_id: string | null;
    funder_name: string;
    amount: bigint;
    /** The pool gives match_part for every pledge_part pledged (1:1 → 1 and 1). */
    ratio_pledge: bigint;
    ratio_match: bigint;
    cap_per_pledge: bigint | null;
    cap_per_project: bigint | null;
    /** Sum of the matches not released: never above `amount` (checked under a row lock). */
    committed: bigint;
    status: string;
    created_by: string | null;
    created_at: string;
  };
  funding_matches: {
    territory_id: string;
    id: string;
    pool_id: string;
    campaign_id: string;
    project_id: string;
    pledge_id: string;
    pledger_type: string;
    pledger_id: string;
    amount: bigint;
    status: string;
    created_at: string;
  };
  funding_approval_rules: {
    territory_id: string;
    task_force_id: string;
    approvers_required: bigint;
    updated_at: string;
    updated_by: string | null;
  };
  funding_expenses: {
    territory_id: string;
    id: string;
    task_force_id: string;
    project_id: string | null;
    budget_line_position: bigint;
    funding_line_id: string | null;
    payee: string;
    description: string;
    amount: bigint;
    incurred_on: string;
    status: string;
    submitted_by: string | null;
    created_at: string;
    submitted_at: string | null;
    decided_at: string | null;
    paid_at: string | null;
    paid_by: string | null;
    receipt_sha256: string | null;
    receipt_name: string | null;
    receipt_media_type: string | null;
    receipt_size: bigint | null;
  };
  /** One decision per approver and expense: the key makes approvers distinct. */
  funding_expense_approvals: {
    territory_id: string;
    expense_id: string;
    approver_id: string;
    decision: string;
    note: string;
    decided_at: string;
  };
}

export const fundingMigrations: Record<string, Migration> = {
  '7000-funding-plans-campaigns-expenses': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('funding_projects')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('holder_organisation_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('funding_projects_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('funding_projects_task_force', ['territory_id', 'task_force_id'], 'task_forces', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('funding_project_costs')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .addColumn('budget_line_position', 'bigint')
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('funding_project_costs_pk', ['territory_id', 'project_id', 'position'])
        .addForeignKeyConstraint('funding_project_costs_project', ['territory_id', 'project_id'], 'funding_projects', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('funding_lines')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text')
        .addColumn('source_kind', 'text', (c) => c.notNull())
        .addColumn('instrument', 'text')
        .addColumn('funder_organisation_id', 'text')
        .addColumn('funder_name', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('planned_on', 'text', (c) => c.notNull())
        .addColumn('requested_on', 'text')
        .addColumn('granted_on', 'text')
        .addColumn('received_on', 'text')
        .addColumn('refused_on', 'text')
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('campaign_id', 'text')
        .addColumn('cee_code', 'text')
        .addColumn('cee_variant', 'text')
        .addColumn('cee_zone', 'text')
        .addColumn('cee_quantity', 'double precision')
        .addColumn('cee_factor', 'double precision')
        .addColumn('cee_kwh_cumac', 'bigint')
        .addColumn('cee_price_cents_per_mwh', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('funding_lines_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('funding_lines_task_force', ['territory_id', 'task_force_id'], 'task_forces', ['territory_id', 'id'])
        .addForeignKeyConstraint('funding_lines_project', ['territory_id', 'project_id'], 'funding_projects', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('funding_lines_task_force_idx').on('funding_lines').columns(['territory_id', 'task_force_id']).execute();
      await db.schema
        .createTable('funding_settings')
        .addColumn('territory_id', 'text', (c) => c.primaryKey().references('territories.id'))
        .addColumn('cee_price_cents_per_mwh', 'bigint')
        .addColumn('climate_zone', 'text')
        .addColumn('cee_catalogue_replaced_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('funding_cee_operations')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('variant', 'text', (c) => c.notNull())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('kwh_cumac', 'double precision')
        .addColumn('kwh_cumac_h1', 'double precision')
        .addColumn('kwh_cumac_h2', 'double precision')
        .addColumn('kwh_cumac_h3', 'double precision')
        .addColumn('sheet_version', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('funding_cee_operations_pk', ['territory_id', 'code', 'variant'])
        .execute();
      await db.schema
        .createTable('funding_campaigns')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('goal', 'bigint', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('all_or_nothing', 'integer', (c) => c.notNull())
        .addColumn('beneficiary_organisation_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('closed_at', 'text')
        .addPrimaryKeyConstraint('funding_campaigns_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('funding_campaigns_project', ['territory_id', 'project_id'], 'funding_projects', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('funding_campaigns_due_idx').on('funding_campaigns').columns(['status', 'deadline']).execute();
      await db.schema
        .createTable('funding_pledges')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('campaign_id', 'text', (c) => c.notNull())
        .addColumn('pledger_type', 'text', (c) => c.notNull())
        .addColumn('pledger_id', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('pending_transfer_id', 'text')
        .addColumn('pledged_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addPrimaryKeyConstraint('funding_pledges_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('funding_pledges_campaign', ['territory_id', 'campaign_id'], 'funding_campaigns', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('funding_pledges_campaign_idx').on('funding_pledges').columns(['territory_id', 'campaign_id']).execute();
      await db.schema
        .createTable('funding_match_pools')
        .addColumn('territory_id', 'text', (c) => c.notNull().references('territories.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text')
        .addColumn('funder_organisation_id', 'text')
        .addColumn('funder_name', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('ratio_pledge', 'bigint', (c) => c.notNull())
        .addColumn('ratio_match', 'bigint', (c) => c.notNull())
        .addColumn('cap_per_pledge', 'bigint')
        .addColumn('cap_per_project', 'bigint')
        .addColumn('committed', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('funding_match_pools_pk', ['territory_id', 'id'])
        .addCheckConstraint('funding_match_pools_not_overspent', sql`committed >= 0 and committed <= amount`)
        .execute();
      await db.schema
        .createTable('funding_matches')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('pool_id', 'text', (c) => c.notNull())
        .addColumn('campaign_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('pledge_id', 'text', (c) => c.notNull())
        .addColumn('pledger_type', 'text', (c) => c.notNull())
        .addColumn('pledger_id', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('funding_matches_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('funding_matches_pool', ['territory_id', 'pool_id'], 'funding_match_pools', ['territory_id', 'id'])
        .execute();
      // One match per person (or organisation) per pool, unless a failed campaign released it.
      await db.schema
        .createIndex('funding_matches_one_per_pledger')
        .on('funding_matches')
        .columns(['territory_id', 'pool_id', 'pledger_type', 'pledger_id'])
        .unique()
        .where(sql.ref('status'), '<>', 'released')
        .execute();
      await db.schema.createIndex('funding_matches_campaign_idx').on('funding_matches').columns(['territory_id', 'campaign_id']).execute();
      await db.schema
        .createTable('funding_approval_rules')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text', (c) => c.notNull())
        .addColumn('approvers_required', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addPrimaryKeyConstraint('funding_approval_rules_pk', ['territory_id', 'task_force_id'])
        .addForeignKeyConstraint('funding_approval_rules_task_force', ['territory_id', 'task_force_id'], 'task_forces', ['territory_id', 'id'])
        .execute();
      await db.schema
        .createTable('funding_expenses')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('task_force_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text')
        .addColumn('budget_line_position', 'bigint', (c) => c.notNull())
        .addColumn('funding_line_id', 'text')
        .addColumn('payee', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('incurred_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('paid_at', 'text')
        .addColumn('paid_by', 'text')
        .addColumn('receipt_sha256', 'text')
        .addColumn('receipt_name', 'text')
        .addColumn('receipt_media_type', 'text')
        .addColumn('receipt_size', 'bigint')
        .addPrimaryKeyConstraint('funding_expenses_pk', ['territory_id', 'id'])
        .addForeignKeyConstraint('funding_expenses_task_force', ['territory_id', 'task_force_id'], 'task_forces', ['territory_id', 'id'])
        .execute();
      await db.schema.createIndex('funding_expenses_task_force_idx').on('funding_expenses').columns(['territory_id', 'task_force_id']).execute();
      await db.schema
        .createTable('funding_expense_approvals')
        .addColumn('territory_id', 'text', (c) => c.notNull())
        .addColumn('expense_id', 'text', (c) => c.notNull())
        .addColumn('approver_id', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('funding_expense_approvals_pk', ['territory_id', 'expense_id', 'approver_id'])
        .addForeignKeyConstraint('funding_expense_approvals_expense', ['territory_id', 'expense_id'], 'funding_expenses', ['territory_id', 'id'])
        .execute();
    },
  },
};
