import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMinorUnits } from '../../../amounts';
import type { TaskForceDetail } from '../../../api-contract';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { fundingApi } from '../../../funding-api';
import type { Expense, ExpenseInput, ExpenseStatus, FundingLine, FundingProject } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { sourceName } from '../../portal/funding/funding-labels';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { ExpenseItem } from './expense-item';
import { textOf, todayIso } from './form-helpers';
import type { FundingRights } from './funding-permissions';
import { TaskForceFrame } from './task-force-frame';

const idPrefix = 'expense';

function ApprovalRuleSection({ slug, taskForceId, isFacilitator }: { slug: string; taskForceId: string; isFacilitator: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const rule = useQuery({ queryKey: ['funding', slug, 'approval-rule', taskForceId], queryFn: () => fundingApi.approvalRule(slug, taskForceId) });
  const save = useMutation({
    mutationFn: (approversRequired: number) => fundingApi.setApprovalRule(slug, taskForceId, approversRequired),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['funding', slug] }),
  });
  const problem = useFundingProblem(save.error);
  const label = t('funding.rule.approversRequired');
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(Number(textOf(new FormData(event.currentTarget), 'approversRequired')));
  }
  return (
    <section aria-labelledby="rule-heading" className="section">
      <h2 id="rule-heading">{t('funding.rule.title')}</h2>
      <QueryState query={rule}>
        {(data) => (
          <>
            <p>{t('funding.rule.current', { count: data.approversRequired })}</p>
            {isFacilitator && (
              <>
                {save.isSuccess && (
                  <SuccessNotice key={save.submittedAt}>
                    <p>{t('funding.rule.saved', { count: save.data.approversRequired })}</p>
                  </SuccessNotice>
                )}
                <ProblemAlert problem={problem} idPrefix="rule" fieldLabels={{ approversRequired: label }} focus />
                <form onSubmit={submit} className="form form--inline">
                  <TextField
                    key={data.approversRequired}
                    id="rule-approversRequired"
                    name="approversRequired"
                    type="number"
                    min={1}
                    max={10}
                    label={label}
                    defaultValue={String(data.approversRequired)}
                    error={fieldErrorsOf(t, problem).approversRequired}
                  />
                  <button type="submit" className="button button--secondary" disabled={save.isPending}>
                    {t('common.save')}
                  </button>
                </form>
              </>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function NewExpenseForm({ slug, taskForce, projects, lines }: { slug: string; taskForce: TaskForceDetail; projects: FundingProject[]; lines: FundingLine[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: ({ input }: { input: ExpenseInput; form: HTMLFormElement }) => fundingApi.createExpense(slug, taskForce.id, input),
    onSuccess: async (_expense, { form }) => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['funding', slug] });
    },
  });
  const problem = useFundingProblem(create.error);
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels = {
    budgetLinePosition: t('funding.plan.budgetLine'),
    projectId: t('funding.plan.project'),
    fundingLineId: t('funding.expenses.fundingLine'),
    payee: t('funding.expenses.payee'),
    description: t('funding.expenses.description'),
    amount: t('funding.plan.amount'),
    incurredOn: t('funding.expenses.incurredOn'),
  };
  const usable = lines.filter((line) => line.status !== 'refused');
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const amount = parseMinorUnits(textOf(data, 'amount'));
    if (amount === null || amount <= 0) {
      setLocalErrors({ amount: t('fieldErrors.not_an_amount') });
      return;
    }
    setLocalErrors({});
    const projectId = textOf(data, 'projectId');
    const fundingLineId = textOf(data, 'fundingLineId');
    create.mutate({
      input: {
        budgetLinePosition: Number(textOf(data, 'budgetLinePosition')),
        payee: textOf(data, 'payee'),
        description: textOf(data, 'description'),
        amount,
        incurredOn: textOf(data, 'incurredOn'),
        ...(projectId ? { projectId } : {}),
        ...(fundingLineId ? { fundingLineId } : {}),
      },
      form,
    });
  }
  if (taskForce.budgetLines.length === 0) return <p>{t('funding.expenses.noBudgetLines')}</p>;
  return (
    <>
      {create.isSuccess && (
        <SuccessNotice key={create.submittedAt}>
          <p>{t('funding.expenses.drafted', { description: create.data.description })}</p>
        </SuccessNotice>
      )}
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <LocalErrors errors={localErrors} labels={labels} idPrefix={idPrefix} />
      <form onSubmit={submit} noValidate className="form">
        <SelectField id={`${idPrefix}-budgetLinePosition`} name="budgetLinePosition" label={labels.budgetLinePosition} required error={errors.budgetLinePosition}>
          {taskForce.budgetLines.map((line, position) => (
            <option key={position} value={position}>
              {line.label} ({format.euros(line.plannedAmount)})
            </option>
          ))}
        </SelectField>
        {projects.length > 0 && (
          <SelectField id={`${idPrefix}-projectId`} name="projectId" label={labels.projectId} error={errors.projectId}>
            <option value="">{t('funding.plan.wholeTaskForce')}</option>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField id={`${idPrefix}-fundingLineId`} name="fundingLineId" label={labels.fundingLineId} hint={t('funding.expenses.fundingLineHint')} error={errors.fundingLineId}>
          <option value="">{t('funding.expenses.noFundingLine')}</option>
          {usable.map((line) => (
            <option key={line.id} value={line.id}>
              {sourceName(t, line)} — {line.funderName} ({format.euros(line.amount)})
            </option>
          ))}
        </SelectField>
        <TextField id={`${idPrefix}-payee`} name="payee" label={labels.payee} hint={t('funding.expenses.payeeHint')} maxLength={300} required autoComplete="off" error={errors.payee} />
        <TextField id={`${idPrefix}-description`} name="description" label={labels.description} maxLength={2000} required autoComplete="off" error={errors.description} />
        <TextField id={`${idPrefix}-amount`} name="amount" label={labels.amount} hint={t('funding.amountHint')} inputMode="decimal" autoComplete="off" required error={errors.amount} />
        <TextField id={`${idPrefix}-incurredOn`} name="incurredOn" type="date" label={labels.incurredOn} defaultValue={todayIso()} required error={errors.incurredOn} />
        <button type="submit" className="button" disabled={create.isPending}>
          {t('funding.expenses.create')}
        </button>
      </form>
    </>
  );
}

const groups: { key: string; statuses: ExpenseStatus[] }[] = [
  { key: 'toDecide', statuses: ['submitted'] },
  { key: 'drafts', statuses: ['drafted'] },
  { key: 'toPay', statuses: ['approved'] },
  { key: 'done', statuses: ['paid', 'rejected'] },
];

function ExpensesList({ slug, expenses, rights, canSeeReceipts }: { slug: string; expenses: Expense[]; rights: FundingRights; canSeeReceipts: boolean }) {
  const { t } = useTranslation();
  if (expenses.length === 0) return <p>{t('funding.expenses.none')}</p>;
  return (
    <>
      {groups.map(({ key, statuses }) => {
        const items = expenses.filter((expense) => statuses.includes(expense.status));
        if (items.length === 0) return null;
        const title = t(`funding.expenses.groups.${key as 'toDecide'}`, { count: items.length });
        return (
          <section key={key} aria-labelledby={`expenses-${key}-heading`}>
            <h3 id={`expenses-${key}-heading`}>{title}</h3>
            <ul className="funding-list" aria-labelledby={`expenses-${key}-heading`}>
              {items.map((expense) => (
                <ExpenseItem key={expense.id} slug={slug} expense={expense} rights={rights} canSeeReceipts={canSeeReceipts} />
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

function ExpensesEditor({ taskForce, rights }: { taskForce: TaskForceDetail; rights: FundingRights }) {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  const expenses = useQuery({ queryKey: ['funding', slug, 'expenses', taskForce.id], queryFn: () => fundingApi.expenses(slug, taskForce.id) });
  const plan = useQuery({ queryKey: ['funding', slug, 'plan', taskForce.id], queryFn: () => fundingApi.taskForcePlan(slug, taskForce.id) });
  const projects = useQuery({ queryKey: ['funding', slug, 'projects', taskForce.id], queryFn: () => fundingApi.projects(slug, taskForce.id) });
  const canSeeReceipts = rights.canSubmitExpenses || territory.roles.includes('auditor');
  return (
    <>
      <p>{t('funding.expenses.intro')}</p>
      <ApprovalRuleSection slug={slug} taskForceId={taskForce.id} isFacilitator={rights.isFacilitator} />
      <section aria-labelledby="expenses-heading" className="section">
        <h2 id="expenses-heading">{t('funding.expenses.title')}</h2>
        <QueryState query={expenses}>{(items) => <ExpensesList slug={slug} expenses={items} rights={rights} canSeeReceipts={canSeeReceipts} />}</QueryState>
      </section>
      {rights.canSubmitExpenses ? (
        <section aria-labelledby="new-expense-heading" className="section">
          <h2 id="new-expense-heading">{t('funding.expenses.newTitle')}</h2>
          <p>{t('funding.expenses.newIntro')}</p>
          <NewExpenseForm slug={slug} taskForce={taskForce} projects={projects.data ?? []} lines={plan.data?.lines ?? []} />
        </section>
      ) : (
        <p className="alert alert--info">{t('funding.workspace.readOnlyExpenses')}</p>
      )}
    </>
  );
}

/** Budget execution in the workspace: expenses drafted with their receipt, submitted, approved by distinct people, paid. */
export function ExpensesPage() {
  return <TaskForceFrame tab="expenses">{(taskForce, rights) => <ExpensesEditor taskForce={taskForce} rights={rights} />}</TaskForceFrame>;
}
