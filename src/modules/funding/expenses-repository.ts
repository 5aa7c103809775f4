import type { Executor } from '../../platform/db/transaction.js';
import { dialectOf, toSafeNumber } from '../../platform/db/dialect.js';
import type { FundingTables } from './migrations.js';
import type { ApprovalDecision, ExpenseStatus } from './campaign-model.js';

export interface Receipt {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
}

export interface Expense {
  id: string;
  taskForceId: string;
  projectId: string | null;
  budgetLinePosition: number;
  fundingLineId: string | null;
  payee: string;
  description: string;
  /** Euro cents. */
  amount: bigint;
  incurredOn: string;
  status: ExpenseStatus;
  submittedBy: string | null;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  paidAt: string | null;
  paidBy: string | null;
  receipt: Receipt | null;
}

export interface Approval {
  approverId: string;
  decision: ApprovalDecision;
  note: string;
  decidedAt: string;
}

type ExpenseRow = FundingTables['funding_expenses'];

const toExpense = (r: ExpenseRow): Expense => ({
  id: r.id,
  taskForceId: r.task_force_id,
  projectId: r.project_id,
  budgetLinePosition: toSafeNumber(r.budget_line_position),
  fundingLineId: r.funding_line_id,
  payee: r.payee,
  description: r.description,
  amount: r.amount,
  incurredOn: r.incurred_on,
  status: r.status as ExpenseStatus,
  submittedBy: r.submitted_by,
  createdAt: r.created_at,
  submittedAt: r.submitted_at,
  decidedAt: r.decided_at,
  paidAt: r.paid_at,
  paidBy: r.paid_by,
  receipt: r.receipt_sha256 === null ? null : { sha256: r.receipt_sha256, name: r.receipt_name ?? '', mediaType: r.receipt_media_type ?? 'application/octet-stream', size: toSafeNumber(r.receipt_size) },
});

const expenseRow = (territoryId: string, e: Expense): ExpenseRow => ({
  territory_id: territoryId,
  id: e.id,
  task_force_id: e.taskForceId,
  project_id: e.projectId,
  budget_line_position: BigInt(e.budgetLinePosition),
  funding_line_id: e.fundingLineId,
  payee: e.payee,
  description: e.description,
  amount: e.amount,
  incurred_on: e.incurredOn,
  status: e.status,
  submitted_by: e.submittedBy,
  created_at: e.createdAt,
  submitted_at: e.submittedAt,
  decided_at: e.decidedAt,
  paid_at: e.paidAt,
  paid_by: e.paidBy,
  receipt_sha256: e.receipt?.sha256 ?? null,
  receipt_name: e.receipt?.name ?? null,
  receipt_media_type: e.receipt?.mediaType ?? null,
  receipt_size: e.receipt ? BigInt(e.receipt.size) : null,
});

export const expensesRepository = {
  async insertExpense(db: Executor, territoryId: string, e: Expense): Promise<void> {
    await db.insertInto('funding_expenses').values(expenseRow(territoryId, e)).execute();
  },

  async updateExpense(db: Executor, territoryId: string, e: Expense): Promise<void> {
    const { territory_id: _t, id: _i, created_at: _c, ...changes } = expenseRow(territoryId, e);
    await db.updateTable('funding_expenses').set(changes).where('territory_id', '=', territoryId).where('id', '=', e.id).execute();
  },

  /** An expense, locked on PostgreSQL while a decision is taken on it, so two approvers queue. */
  async findExpense(db: Executor, territoryId: string, id: string, lock = false): Promise<Expense | undefined> {
    const row = await db
      .selectFrom('funding_expenses')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .$if(lock && dialectOf(db) === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    return row && toExpense(row);
  },

  async listExpenses(db: Executor, territoryId: string, filter: { taskForceId?: string; projectId?: string } = {}): Promise<Expense[]> {
    const rows = await db
      .selectFrom('funding_expenses')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .$if(filter.taskForceId !== undefined, (q) => q.where('task_force_id', '=', filter.taskForceId!))
      .$if(filter.projectId !== undefined, (q) => q.where('project_id', '=', filter.projectId!))
      .orderBy('incurred_on')
      .orderBy('id')
      .execute();
    return rows.map(toExpense);
  },

  async approvals(db: Executor, territoryId: string, expenseIds: readonly string[]): Promise<Map<string, Approval[]>> {
    const result = new Map<string, Approval[]>();
    if (expenseIds.length === 0) return result;
    const rows = await db
      .selectFrom('funding_expense_approvals')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('expense_id', 'in', [...expenseIds])
      .orderBy('decided_at')
      .orderBy('approver_id')
      .execute();
    for (const r of rows) {
      const list = result.get(r.expense_id) ?? [];
      list.push({ approverId: r.approver_id, decision: r.decision as ApprovalDecision, note: r.note, decidedAt: r.decided_at });
      result.set(r.expense_id, list);
    }
    return result;
  },

  async insertApproval(db: Executor, territoryId: string, expenseId: string, a: Approval): Promise<void> {
    await db
      .insertInto('funding_expense_approvals')
      .values({ territory_id: territoryId, expense_id: expenseId, approver_id: a.approverId, decision: a.decision, note: a.note, decided_at: a.decidedAt })
      .execute();
  },

  async approversRequired(db: Executor, territoryId: string, taskForceId: string): Promise<number | undefined> {
    const row = await db.selectFrom('funding_approval_rules').select('approvers_required').where('territory_id', '=', territoryId).where('task_force_id', '=', taskForceId).executeTakeFirst();
    return row ? toSafeNumber(row.approvers_required) : undefined;
  },

  async putApprovalRule(db: Executor, territoryId: string, taskForceId: string, required: number, now: string, by: string | null): Promise<void> {
    const values = { approvers_required: BigInt(required), updated_at: now, updated_by: by };
    await db
      .insertInto('funding_approval_rules')
      .values({ territory_id: territoryId, task_force_id: taskForceId, ...values })
      .onConflict((oc) => oc.columns(['territory_id', 'task_force_id']).doUpdateSet(values))
      .execute();
  },
};
