import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskForceDetail } from '../../../api-contract';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { fundingApi } from '../../../funding-api';
import type { Expense, ExpenseInput, ExpenseStatus } from '../../../funding-contract';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { ExpenseFields, expenseLabels, readExpenseForm, type ExpenseChoices } from './expense-fields';
import { ExpenseItem } from './expense-item';
import { textOf } from './form-helpers';
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

function NewExpenseForm({ slug, choices }: { slug: string; choices: ExpenseChoices }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: ({ input }: { input: ExpenseInput; form: HTMLFormElement }) => fundingApi.createExpense(slug, choices.taskForce.id, input),
    onSuccess: async (_expense, { form }) => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['funding', slug] });
    },
  });
  const problem = useFundingProblem(create.error);
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels = expenseLabels(t);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const read = readExpenseForm(t, form);
    setLocalErrors('errors' in read ? read.errors : {});
    if ('input' in read) create.mutate({ input: read.input, form });
  }
  if (choices.taskForce.budgetLines.length === 0) return <p>{t('funding.expenses.noBudgetLines')}</p>;
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
        <ExpenseFields idPrefix={idPrefix} choices={choices} errors={errors} />
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

function ExpensesList({ slug, expenses, rights, canSeeReceipts, choices }: { slug: string; expenses: Expense[]; rights: FundingRights; canSeeReceipts: boolean; choices: ExpenseChoices }) {
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
                <ExpenseItem key={expense.id} slug={slug} expense={expense} rights={rights} canSeeReceipts={canSeeReceipts} choices={choices} />
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
  const choices: ExpenseChoices = { taskForce, projects: projects.data ?? [], lines: plan.data?.lines ?? [] };
  return (
    <>
      <p>{t('funding.expenses.intro')}</p>
      <ApprovalRuleSection slug={slug} taskForceId={taskForce.id} isFacilitator={rights.isFacilitator} />
      <section aria-labelledby="expenses-heading" className="section">
        <h2 id="expenses-heading">{t('funding.expenses.title')}</h2>
        <QueryState query={expenses}>{(items) => <ExpensesList slug={slug} expenses={items} rights={rights} canSeeReceipts={canSeeReceipts} choices={choices} />}</QueryState>
      </section>
      {rights.canSubmitExpenses ? (
        <section aria-labelledby="new-expense-heading" className="section">
          <h2 id="new-expense-heading">{t('funding.expenses.newTitle')}</h2>
          <p>{t('funding.expenses.newIntro')}</p>
          <NewExpenseForm slug={slug} choices={choices} />
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
