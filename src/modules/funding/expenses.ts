import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, forbidden, invalidInput, notFound, ProblemError, unauthenticated, type FieldError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { projectRoot } from '../../config.js';
import { peopleRepository } from '../../platform/auth/people.js';
import type { TerritoriesService } from '../territories/service.js';
import type { Grants, Territory } from '../territories/model.js';
import type { TaskForceDetail, TaskForcesService } from '../pact/task-forces.js';
import { isFacilitator } from '../pact/model.js';
import { canApproveExpenses, canManageFunding, canSeeReceipts, canSubmitExpense } from './model.js';
import {
  approvalOutcome,
  DEFAULT_APPROVERS_REQUIRED,
  executionByBudgetLine,
  executionByFunder,
  MAX_APPROVERS_REQUIRED,
  MAX_RECEIPT_BYTES,
  receiptMediaTypeOf,
  validateExpense,
  type ApprovalDecision,
} from './campaign-model.js';
import { expensesRepository as repo, type Approval, type Expense } from './expenses-repository.js';
import { fundingRepository } from './repository.js';

export type { Expense, Approval };

export interface NamedApproval extends Approval {
  /** The approver's display name (never their email): approvals are public, like Open Collective's. */
  approverName: string;
}

export interface ExpenseView extends Expense {
  approvals: NamedApproval[];
  approversRequired: number;
  budgetLineLabel: string;
  submittedByName: string | null;
  paidByName: string | null;
}

export interface ExpenseInput {
  projectId?: string | null;
  budgetLinePosition: number;
  fundingLineId?: string | null;
  payee: string;
  description: string;
  amount: bigint;
  incurredOn: string;
}

/** Where uploaded files live; receipts are kept once each under their SHA-256. */
export function defaultStorageDir(): string {
  return process.env.PACTE21_STORAGE_DIR ?? path.join(projectRoot, 'var', 'storage');
}

/**
 * Budget execution in the open (Open Collective): expenses against the task force's budget lines,
 * with their receipt, drafted → submitted → approved by N distinct approvers (never the submitter) or
 * rejected → paid; and planned vs actual per budget line and per funder.
 */
export class ExpensesService {
  private readonly receiptsDir: string;

  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly taskForces: TaskForcesService,
    private readonly clock: Clock = systemClock,
    options: { storageDir?: string } = {},
  ) {
    this.receiptsDir = path.join(options.storageDir ?? defaultStorageDir(), 'receipts');
  }

  async create(actor: Actor, slug: string, taskForceId: string, input: ExpenseInput): Promise<ExpenseView> {
    const { territory, grants, taskForce } = await this.context(actor, slug, taskForceId);
    if (!canSubmitExpense(grants, taskForce.members)) throw forbidden('Only the working members of this task force (and the facilitators) record its expenses.');
    const errors = [...validateExpense(input, true), ...(await this.checkReferences(territory, taskForce, input))];
    if (errors.length > 0) throw invalidInput(errors);
    const expense: Expense = {
      id: newId(),
      taskForceId,
      projectId: input.projectId ?? null,
      budgetLinePosition: input.budgetLinePosition,
      fundingLineId: input.fundingLineId ?? null,
      payee: input.payee.trim(),
      description: input.description.trim(),
      amount: input.amount,
      incurredOn: input.incurredOn,
      status: 'drafted',
      submittedBy: grants.personId,
      createdAt: this.clock().toISOString(),
      submittedAt: null,
      decidedAt: null,
      paidAt: null,
      paidBy: null,
      receipt: null,
    };
    await inTransaction(this.db, async (trx) => {
      await repo.insertExpense(trx, territory.id, expense);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.expense_drafted', targetType: 'funding_expense', targetId: expense.id, change: { taskForceId, amount: expense.amount, payee: expense.payee, budgetLinePosition: expense.budgetLinePosition } }, this.clock);
    });
    return this.view(territory, taskForce, expense);
  }

  /** A draft is edited by whoever drafted it. */
  async update(actor: Actor, slug: string, id: string, patch: Partial<ExpenseInput>): Promise<ExpenseView> {
    const { territory, grants, taskForce, expense } = await this.ofExpense(actor, slug, id);
    if (expense.submittedBy !== grants.personId) throw forbidden('Only the person who drafted this expense edits it.');
    if (expense.status !== 'drafted') throw conflict('expense_not_drafted', 'A submitted expense is not edited; ask an approver to reject it and draft it again.');
    const errors = [...validateExpense(patch, false), ...(await this.checkReferences(territory, taskForce, { ...expense, ...patch }))];
    if (errors.length > 0) throw invalidInput(errors);
    const updated: Expense = {
      ...expense,
      ...(patch.projectId !== undefined ? { projectId: patch.projectId } : {}),
      ...(patch.budgetLinePosition !== undefined ? { budgetLinePosition: patch.budgetLinePosition } : {}),
      ...(patch.fundingLineId !== undefined ? { fundingLineId: patch.fundingLineId } : {}),
      ...(patch.payee !== undefined ? { payee: patch.payee.trim() } : {}),
      ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
      ...(patch.amount !== undefined ? { amount: patch.amount } : {}),
      ...(patch.incurredOn !== undefined ? { incurredOn: patch.incurredOn } : {}),
    };
    await inTransaction(this.db, async (trx) => {
      await repo.updateExpense(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.expense_edited', targetType: 'funding_expense', targetId: id, change: { ...patch } }, this.clock);
    });
    return this.view(territory, taskForce, updated);
  }

  /**
   * Keeps the receipt on disk under its SHA-256 (written once, by a rename, so a crash leaves no half
   * file) and names it on the expense, while it is drafted or submitted.
   */
  async attachReceipt(actor: Actor, slug: string, id: string, file: { name: string; bytes: Buffer }): Promise<ExpenseView> {
    const { territory, grants, taskForce, expense } = await this.ofExpense(actor, slug, id);
    if (expense.submittedBy !== grants.personId) throw forbidden('Only the person who drafted this expense attaches its receipt.');
    if (expense.status !== 'drafted' && expense.status !== 'submitted') throw conflict('expense_decided', 'The receipt of a decided expense stays as it was approved.');
    const errors: FieldError[] = [];
    if (file.bytes.length === 0) errors.push({ field: 'file', code: 'empty_file', message: 'The file is empty.' });
    if (file.bytes.length > MAX_RECEIPT_BYTES) errors.push({ field: 'file', code: 'file_too_large', message: 'A receipt is at most 10 MB.' });
    const mediaType = receiptMediaTypeOf(file.bytes.subarray(0, 16));
    if (file.bytes.length > 0 && !mediaType) errors.push({ field: 'file', code: 'unsupported_receipt', message: 'A receipt is a PDF, PNG, JPEG or WebP file.' });
    if (errors.length > 0) throw invalidInput(errors);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    this.store(sha256, file.bytes);
    const updated: Expense = { ...expense, receipt: { sha256, name: safeName(file.name), mediaType: mediaType!, size: file.bytes.length } };
    await inTransaction(this.db, async (trx) => {
      await repo.updateExpense(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.receipt_attached', targetType: 'funding_expense', targetId: id, change: { sha256, size: file.bytes.length, mediaType } }, this.clock);
    });
    return this.view(territory, taskForce, updated);
  }

  async receipt(actor: Actor, slug: string, id: string): Promise<{ bytes: Buffer; mediaType: string; name: string; sha256: string }> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const expense = await repo.findExpense(this.db, territory.id, id);
    if (!expense) throw notFound('The expense');
    const taskForce = await this.taskForces.get(slug, expense.taskForceId);
    const grants = await this.territories.grantsFor(actor, territory.id);
    if (!canSeeReceipts(grants, taskForce.members)) throw forbidden('Receipts are shown to the task force’s working members, the facilitators and the auditors.');
    if (!expense.receipt) throw notFound('The receipt');
    const file = this.pathOf(expense.receipt.sha256);
    if (!fs.existsSync(file)) throw notFound('The receipt file');
    return { bytes: fs.readFileSync(file), mediaType: expense.receipt.mediaType, name: expense.receipt.name, sha256: expense.receipt.sha256 };
  }

  async submit(actor: Actor, slug: string, id: string): Promise<ExpenseView> {
    const { territory, grants, taskForce, expense } = await this.ofExpense(actor, slug, id);
    if (expense.submittedBy !== grants.personId) throw forbidden('Only the person who drafted this expense submits it.');
    if (expense.status !== 'drafted') throw conflict('expense_not_drafted', `This expense is already ${expense.status}.`);
    if (!expense.receipt) {
      throw new ProblemError(422, 'receipt_required', 'Attach the receipt before submitting the expense.', [{ field: 'receipt', code: 'receipt_required', message: 'Attach the receipt before submitting the expense.' }]);
    }
    const updated: Expense = { ...expense, status: 'submitted', submittedAt: this.clock().toISOString() };
    await inTransaction(this.db, async (trx) => {
      const locked = await repo.findExpense(trx, territory.id, id, true);
      if (locked?.status !== 'drafted') throw conflict('expense_not_drafted', 'This expense changed meanwhile.');
      await repo.updateExpense(trx, territory.id, updated);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.expense_submitted', targetType: 'funding_expense', targetId: id, change: { amount: expense.amount } }, this.clock);
    });
    return this.view(territory, taskForce, updated);
  }

  /** One approver's decision; the expense is approved once the task force's number of distinct approvers is reached. */
  async decide(actor: Actor, slug: string, id: string, input: { decision: ApprovalDecision; note?: string }): Promise<ExpenseView> {
    const { territory, grants, taskForce } = await this.ofExpense(actor, slug, id);
    if (!canApproveExpenses(grants, taskForce.members) || grants.personId === null) throw forbidden('The leads of this task force and the facilitators approve its expenses.');
    if (input.note !== undefined && input.note.length > 2000) throw invalidInput([{ field: 'note', code: 'too_long', message: 'The note has at most 2,000 characters.' }]);
    if (input.decision === 'reject' && !input.note?.trim()) throw invalidInput([{ field: 'note', code: 'required', message: 'Say why the expense is rejected.' }]);
    const required = (await repo.approversRequired(this.db, territory.id, taskForce.id)) ?? DEFAULT_APPROVERS_REQUIRED;
    const updated = await inTransaction(this.db, async (trx) => {
      const expense = (await repo.findExpense(trx, territory.id, id, true))!;
      const decisions = (await repo.approvals(trx, territory.id, [id])).get(id) ?? [];
      const outcome = approvalOutcome(expense, decisions, grants.personId!, input.decision, required);
      if (!outcome.ok) {
        const messages = {
          not_submitted: `This expense is ${expense.status}: only a submitted expense is approved or rejected.`,
          own_expense: 'Nobody approves their own expense: another approver decides.',
          already_decided: 'You already decided on this expense; another approver is needed.',
        } as const;
        throw outcome.code === 'own_expense' ? new ProblemError(403, 'own_expense', messages.own_expense) : conflict(outcome.code, messages[outcome.code]);
      }
      const now = this.clock().toISOString();
      await repo.insertApproval(trx, territory.id, id, { approverId: grants.personId!, decision: input.decision, note: (input.note ?? '').trim(), decidedAt: now });
      const next: Expense = { ...expense, status: outcome.status, ...(outcome.status !== 'submitted' ? { decidedAt: now } : {}) };
      await repo.updateExpense(trx, territory.id, next);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: `funding.expense_${input.decision === 'approve' ? 'approval' : 'rejection'}`, targetType: 'funding_expense', targetId: id, change: { decision: input.decision, status: next.status, required } }, this.clock);
      return next;
    });
    return this.view(territory, taskForce, updated);
  }

  async pay(actor: Actor, slug: string, id: string): Promise<ExpenseView> {
    const { territory, grants, taskForce } = await this.ofExpense(actor, slug, id);
    if (!canManageFunding(grants, taskForce.members)) throw forbidden('The leads of this task force and the facilitators record payments.');
    const updated = await inTransaction(this.db, async (trx) => {
      const expense = (await repo.findExpense(trx, territory.id, id, true))!;
      if (expense.status !== 'approved') throw conflict('expense_not_approved', `This expense is ${expense.status}: only an approved expense is paid.`);
      const next: Expense = { ...expense, status: 'paid', paidAt: this.clock().toISOString(), paidBy: grants.personId };
      await repo.updateExpense(trx, territory.id, next);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.expense_paid', targetType: 'funding_expense', targetId: id, change: { amount: expense.amount } }, this.clock);
      return next;
    });
    return this.view(territory, taskForce, updated);
  }

  async list(slug: string, taskForceId: string): Promise<ExpenseView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const taskForce = await this.taskForces.get(slug, taskForceId);
    const expenses = await repo.listExpenses(this.db, territory.id, { taskForceId });
    return this.views(territory, taskForce, expenses);
  }

  async get(slug: string, id: string): Promise<ExpenseView> {
    const territory = await this.territories.requireTerritory(slug);
    const expense = await repo.findExpense(this.db, territory.id, id);
    if (!expense) throw notFound('The expense');
    return this.view(territory, await this.taskForces.get(slug, expense.taskForceId), expense);
  }

  async approvalRule(slug: string, taskForceId: string): Promise<{ taskForceId: string; approversRequired: number }> {
    const territory = await this.territories.requireTerritory(slug);
    await this.taskForces.get(slug, taskForceId);
    return { taskForceId, approversRequired: (await repo.approversRequired(this.db, territory.id, taskForceId)) ?? DEFAULT_APPROVERS_REQUIRED };
  }

  /** The facilitators set how many distinct approvers a task force's expenses need (a lead could otherwise lower the bar). */
  async setApprovalRule(actor: Actor, slug: string, taskForceId: string, approversRequired: number): Promise<{ taskForceId: string; approversRequired: number }> {
    const { territory, grants } = await this.context(actor, slug, taskForceId);
    if (!isFacilitator(grants)) throw forbidden('Only a facilitator sets the approval rule of a task force.');
    if (!Number.isInteger(approversRequired) || approversRequired < 1 || approversRequired > MAX_APPROVERS_REQUIRED) {
      throw invalidInput([{ field: 'approversRequired', code: 'out_of_range', message: `A task force needs 1 to ${MAX_APPROVERS_REQUIRED} distinct approvers.` }]);
    }
    await inTransaction(this.db, async (trx) => {
      await repo.putApprovalRule(trx, territory.id, taskForceId, approversRequired, this.clock().toISOString(), grants.personId);
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'funding.approval_rule_set', targetType: 'task_force', targetId: taskForceId, change: { approversRequired } }, this.clock);
    });
    return { taskForceId, approversRequired };
  }

  /** Planned vs actual per budget line and per funder, public. */
  async execution(slug: string, taskForceId: string) {
    const territory = await this.territories.requireTerritory(slug);
    const taskForce = await this.taskForces.get(slug, taskForceId);
    const expenses = await repo.listExpenses(this.db, territory.id, { taskForceId });
    const lines = await fundingRepository.listLines(this.db, territory.id, { taskForceId });
    const byBudgetLine = executionByBudgetLine(
      taskForce.budgetLines.map((l, i) => ({ position: i, label: l.label, category: l.category, plannedAmount: l.plannedAmount })),
      expenses,
    );
    const byFunder = executionByFunder(lines, expenses);
    const counts = Object.fromEntries(['drafted', 'submitted', 'approved', 'rejected', 'paid'].map((s) => [s, expenses.filter((e) => e.status === s).length])) as Record<Expense['status'], number>;
    const sum = (rows: readonly { planned: bigint; committed: bigint; paid: bigint }[]) => ({
      planned: rows.reduce((s, r) => s + r.planned, 0n),
      committed: rows.reduce((s, r) => s + r.committed, 0n),
      paid: rows.reduce((s, r) => s + r.paid, 0n),
    });
    return { taskForceId, byBudgetLine, byFunder, totals: sum(byBudgetLine), counts };
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  private store(sha256: string, bytes: Buffer): void {
    const file = this.pathOf(sha256);
    if (fs.existsSync(file)) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.part`;
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, file);
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return path.join(this.receiptsDir, sha256.slice(0, 2), sha256);
  }

  private async checkReferences(territory: Territory, taskForce: TaskForceDetail, input: Partial<ExpenseInput>): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (input.budgetLinePosition !== undefined && (!Number.isInteger(input.budgetLinePosition) || input.budgetLinePosition < 0 || input.budgetLinePosition >= taskForce.budgetLines.length)) {
      errors.push({ field: 'budgetLinePosition', code: 'unknown_budget_line', message: 'The expense falls under one of the task force’s budget lines.' });
    }
    if (input.projectId) {
      const project = await fundingRepository.findProject(this.db, territory.id, input.projectId);
      if (!project || project.taskForceId !== taskForce.id) errors.push({ field: 'projectId', code: 'unknown_project', message: 'The project is one of this task force’s projects.' });
    }
    if (input.fundingLineId) {
      const line = await fundingRepository.findLine(this.db, territory.id, input.fundingLineId);
      if (!line || line.taskForceId !== taskForce.id) errors.push({ field: 'fundingLineId', code: 'unknown_funding_line', message: 'The expense is charged to one of this task force’s funding lines.' });
    }
    return errors;
  }

  private async context(actor: Actor, slug: string, taskForceId: string): Promise<{ territory: Territory; grants: Grants; taskForce: TaskForceDetail }> {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const taskForce = await this.taskForces.get(slug, taskForceId);
    return { territory, grants: await this.territories.grantsFor(actor, territory.id), taskForce };
  }

  private async ofExpense(actor: Actor, slug: string, id: string) {
    const territory = await this.territories.requireTerritory(slug);
    if (actor.kind === 'anonymous') throw unauthenticated();
    const expense = await repo.findExpense(this.db, territory.id, id);
    if (!expense) throw notFound('The expense');
    const taskForce = await this.taskForces.get(slug, expense.taskForceId);
    return { territory, grants: await this.territories.grantsFor(actor, territory.id), taskForce, expense };
  }

  private async view(territory: Territory, taskForce: TaskForceDetail, expense: Expense): Promise<ExpenseView> {
    return (await this.views(territory, taskForce, [expense]))[0]!;
  }

  private async views(territory: Territory, taskForce: TaskForceDetail, expenses: readonly Expense[]): Promise<ExpenseView[]> {
    const approvals = await repo.approvals(this.db, territory.id, expenses.map((e) => e.id));
    const required = (await repo.approversRequired(this.db, territory.id, taskForce.id)) ?? DEFAULT_APPROVERS_REQUIRED;
    const personIds = expenses.flatMap((e) => [e.submittedBy, e.paidBy, ...(approvals.get(e.id) ?? []).map((a) => a.approverId)]).filter((id): id is string => id !== null);
    const people = await peopleRepository.findByIds(this.db, personIds);
    const nameOf = (id: string | null) => (id === null ? null : (people.get(id)?.displayName ?? ''));
    return expenses.map((e) => ({
      ...e,
      approvals: (approvals.get(e.id) ?? []).map((a) => ({ ...a, approverName: nameOf(a.approverId)! })),
      approversRequired: required,
      budgetLineLabel: taskForce.budgetLines[e.budgetLinePosition]?.label ?? '',
      submittedByName: nameOf(e.submittedBy),
      paidByName: nameOf(e.paidBy),
    }));
  }
}

/** The name a receipt is downloaded with: no path, no control characters. */
function safeName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (base || 'justificatif').slice(0, 200);
}
