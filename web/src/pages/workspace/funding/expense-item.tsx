import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextAreaField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { fundingApi, receiptUrl } from '../../../funding-api';
import type { Expense, ExpenseInput } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { ExpenseStatusText } from '../../portal/funding/execution-view';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';
import { ExpenseFields, expenseLabels, readExpenseForm, type ExpenseChoices } from './expense-fields';
import type { FundingRights } from './funding-permissions';

function useExpenseAction<T>(slug: string, action: (input: T) => Promise<Expense>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: action, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['funding', slug] }) });
}

/** A draft's fields, changed by whoever drafted it until it is submitted. */
function DraftEditForm({ slug, expense, choices }: { slug: string; expense: Expense; choices: ExpenseChoices }) {
  const { t } = useTranslation();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const update = useExpenseAction(slug, (patch: ExpenseInput) => fundingApi.updateExpense(slug, expense.id, patch));
  const problem = useFundingProblem(update.error);
  const prefix = `edit-expense-${expense.id}`;
  const labels = expenseLabels(t);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readExpenseForm(t, event.currentTarget);
    setLocalErrors('errors' in read ? read.errors : {});
    if ('input' in read) update.mutate(read.input);
  }
  return (
    <details className="funding-edit">
      <summary>{t('funding.expenses.edit')}</summary>
      {update.isSuccess && (
        <SuccessNotice key={update.submittedAt}>
          <p>{t('funding.expenses.saved', { description: update.data.description })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
      <LocalErrors errors={localErrors} labels={labels} idPrefix={prefix} />
      <form onSubmit={submit} noValidate className="form" aria-label={t('funding.expenses.editFormLabel', { description: expense.description })}>
        <ExpenseFields idPrefix={prefix} choices={choices} errors={{ ...fieldErrorsOf(t, problem), ...localErrors }} expense={expense} />
        <button type="submit" className="button button--secondary" disabled={update.isPending}>
          {t('funding.expenses.saveDraft')}
        </button>
      </form>
    </details>
  );
}

/** Attaching the receipt, then submitting: only whoever drafted the expense. */
function DraftActions({ slug, expense }: { slug: string; expense: Expense }) {
  const { t } = useTranslation();
  const [fileError, setFileError] = useState<string | undefined>();
  const attach = useExpenseAction(slug, (file: File) => fundingApi.attachReceipt(slug, expense.id, file));
  const submit = useExpenseAction(slug, () => fundingApi.submitExpense(slug, expense.id));
  const attachProblem = useFundingProblem(attach.error);
  const submitProblem = useFundingProblem(submit.error);
  const prefix = `expense-${expense.id}`;
  const errors = { ...fieldErrorsOf(t, attachProblem), ...(fileError ? { file: fileError } : {}) };
  const fileLabel = t('funding.expenses.receiptFile');
  function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.size === 0) {
      setFileError(t('funding.expenses.chooseFile'));
      return;
    }
    setFileError(undefined);
    attach.mutate(file);
  }
  return (
    <>
      <ProblemAlert problem={attachProblem} idPrefix={prefix} fieldLabels={{ file: fileLabel }} focus />
      <LocalErrors errors={fileError ? { file: fileError } : {}} labels={{ file: fileLabel }} idPrefix={prefix} />
      <form onSubmit={upload} noValidate className="form" aria-label={t('funding.expenses.receiptFormLabel', { description: expense.description })}>
        <div className={errors.file ? 'field field--error' : 'field'}>
          <label htmlFor={`${prefix}-file`}>{fileLabel}</label>
          <p className="field__hint" id={`${prefix}-file-hint`}>
            {expense.receipt ? t('funding.expenses.replaceHint', { name: expense.receipt.name }) : t('funding.expenses.receiptHint')}
          </p>
          {errors.file && (
            <p className="field__error" id={`${prefix}-file-error`}>
              {errors.file}
            </p>
          )}
          <input
            id={`${prefix}-file`}
            name="file"
            type="file"
            accept="application/pdf,image/png,image/jpeg,image/webp"
            aria-describedby={[`${prefix}-file-hint`, errors.file ? `${prefix}-file-error` : ''].filter(Boolean).join(' ')}
            aria-invalid={errors.file ? true : undefined}
          />
        </div>
        <button type="submit" className="button button--secondary" disabled={attach.isPending}>
          {attach.isPending ? t('funding.expenses.uploading') : t('funding.expenses.attach')}
        </button>
      </form>
      <ProblemAlert problem={submitProblem} focus />
      {expense.receipt ? (
        <button type="button" className="button" disabled={submit.isPending} onClick={() => submit.mutate(undefined)}>
          {t('funding.expenses.submit')}
        </button>
      ) : (
        <p className="muted">{t('funding.expenses.receiptFirst')}</p>
      )}
    </>
  );
}

/** An approver's decision: approve, or reject with a reason; never on one's own expense (the server refuses it too). */
function DecisionForm({ slug, expense }: { slug: string; expense: Expense }) {
  const { t } = useTranslation();
  const decide = useExpenseAction(slug, (input: { decision: 'approve' | 'reject'; note?: string }) => fundingApi.decideExpense(slug, expense.id, input));
  const problem = useFundingProblem(decide.error);
  const [noteError, setNoteError] = useState<string | undefined>();
  const prefix = `decision-${expense.id}`;
  const noteLabel = t('funding.expenses.decisionNote');
  const errors = { ...fieldErrorsOf(t, problem), ...(noteError ? { note: noteError } : {}) };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = submitter?.value === 'reject' ? 'reject' : 'approve';
    const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
    if (decision === 'reject' && !note) {
      setNoteError(t('funding.expenses.reasonRequired'));
      return;
    }
    setNoteError(undefined);
    decide.mutate({ decision, ...(note ? { note } : {}) });
  }
  return (
    <>
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={{ note: noteLabel }} focus />
      <LocalErrors errors={noteError ? { note: noteError } : {}} labels={{ note: noteLabel }} idPrefix={prefix} />
      <form onSubmit={submit} noValidate className="form" aria-label={t('funding.expenses.decisionFormLabel', { description: expense.description })}>
        <TextAreaField id={`${prefix}-note`} name="note" label={noteLabel} hint={t('funding.expenses.decisionNoteHint')} maxLength={2000} rows={2} error={errors.note} />
        <div className="funding-actions">
          <button type="submit" name="decision" value="approve" className="button" disabled={decide.isPending}>
            {t('funding.expenses.approve')}
          </button>
          <button type="submit" name="decision" value="reject" className="button button--danger" disabled={decide.isPending}>
            {t('funding.expenses.reject')}
          </button>
        </div>
      </form>
    </>
  );
}

function PayAction({ slug, expense }: { slug: string; expense: Expense }) {
  const { t } = useTranslation();
  const format = useFormat();
  const pay = useExpenseAction(slug, () => fundingApi.payExpense(slug, expense.id));
  const problem = useFundingProblem(pay.error);
  return (
    <>
      <ProblemAlert problem={problem} focus />
      <button type="button" className="button" disabled={pay.isPending} onClick={() => pay.mutate(undefined)}>
        {t('funding.expenses.markPaid', { amount: format.euros(expense.amount), payee: expense.payee })}
      </button>
    </>
  );
}

function Approvals({ expense, personId }: { expense: Expense; personId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (expense.approvals.length === 0) return null;
  return (
    <ol className="plain-list">
      {expense.approvals.map((approval) => (
        <li key={approval.approverId}>
          {t(`funding.expenses.decisions.${approval.decision}`, {
            who: approval.approverId === personId ? t('funding.expenses.you') : approval.approverName || t('funding.expenses.anApprover'),
            date: format.dateTime(approval.decidedAt),
          })}
          {approval.note && <span className="cell-note">« {approval.note} »</span>}
        </li>
      ))}
    </ol>
  );
}

function Actions({ slug, expense, rights, choices }: { slug: string; expense: Expense; rights: FundingRights; choices: ExpenseChoices }) {
  const { t } = useTranslation();
  const mine = expense.submittedBy === rights.personId;
  if (expense.status === 'drafted') {
    return mine ? (
      <>
        <DraftEditForm slug={slug} expense={expense} choices={choices} />
        <DraftActions slug={slug} expense={expense} />
      </>
    ) : null;
  }
  if (expense.status === 'submitted' && rights.canManage) {
    if (mine) return <p className="muted">{t('funding.expenses.ownExpense')}</p>;
    if (expense.approvals.some((a) => a.approverId === rights.personId)) return <p className="muted">{t('funding.expenses.alreadyDecided')}</p>;
    return <DecisionForm slug={slug} expense={expense} />;
  }
  if (expense.status === 'approved' && rights.canManage) return <PayAction slug={slug} expense={expense} />;
  return null;
}

/** One expense: what, whom, how much, its receipt and approvals so far, and what I may do with it. */
export function ExpenseItem({ slug, expense, rights, canSeeReceipts, choices }: { slug: string; expense: Expense; rights: FundingRights; canSeeReceipts: boolean; choices: ExpenseChoices }) {
  const { t } = useTranslation();
  const format = useFormat();
  const approvals = expense.approvals.filter((a) => a.decision === 'approve').length;
  return (
    <li>
      <h3>
        {expense.description} — {format.euros(expense.amount)}
      </h3>
      <dl className="funding-details">
        <div>
          <dt>{t('funding.plan.status')}</dt>
          <dd>
            <ExpenseStatusText expense={expense} showApprovals={false} />
          </dd>
        </div>
        <div>
          <dt>{t('funding.expenses.payee')}</dt>
          <dd>{expense.payee}</dd>
        </div>
        <div>
          <dt>{t('funding.plan.budgetLine')}</dt>
          <dd>{expense.budgetLineLabel}</dd>
        </div>
        <div>
          <dt>{t('funding.expenses.incurredOn')}</dt>
          <dd>{format.day(expense.incurredOn)}</dd>
        </div>
        {expense.submittedByName && (
          <div>
            <dt>{t('funding.expenses.submittedBy')}</dt>
            <dd>{expense.submittedBy === rights.personId ? t('funding.expenses.youCapital') : expense.submittedByName}</dd>
          </div>
        )}
        <div>
          <dt>{t('funding.expenses.approvals')}</dt>
          <dd>{t('funding.expenses.approvalsCount', { approved: approvals, count: expense.approversRequired })}</dd>
        </div>
        <div>
          <dt>{t('funding.expenses.receipt')}</dt>
          <dd>
            {expense.receipt ? (
              <>
                {canSeeReceipts ? (
                  <a href={receiptUrl(slug, expense.id)} download>
                    {t('funding.expenses.downloadReceipt', { name: expense.receipt.name })}
                  </a>
                ) : (
                  expense.receipt.name
                )}
                <span className="cell-note">
                  {t('funding.expenses.sha256')} <code className="funding-hash">{expense.receipt.sha256}</code>
                </span>
              </>
            ) : (
              t('funding.expenses.noReceipt')
            )}
          </dd>
        </div>
      </dl>
      <Approvals expense={expense} personId={rights.personId} />
      <Actions slug={slug} expense={expense} rights={rights} choices={choices} />
    </li>
  );
}
