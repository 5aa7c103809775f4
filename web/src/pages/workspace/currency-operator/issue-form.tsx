import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import type { Owner } from '../../../api-contract';
import { parseMinorUnits } from '../../../amounts';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { useSubmissionKey } from '../../../components/submission-key';
import { useFormat } from '../../../format';
import { readRecipient, RecipientFields, recipientName } from '../currency/recipient-fields';

interface Issuance {
  to: Owner;
  toName: string;
  amount: number;
  memo?: string;
}

/** Issuance: euros received into the reserve, the same amount of local currency to a member, 1:1. */
export function IssueForm({ slug, currencyCode }: { slug: string; currencyCode: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const submission = useSubmissionKey();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const issue = useMutation({
    mutationFn: ({ issuance, key }: { issuance: Issuance; key: string; form: HTMLFormElement }) =>
      api.issue(slug, { to: issuance.to, amount: issuance.amount, ...(issuance.memo ? { memo: issuance.memo } : {}) }, key),
    onSuccess: async (_account, { form }) => {
      submission.settle();
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['proof-of-reserve', slug] });
      await queryClient.invalidateQueries({ queryKey: ['accounts', slug] });
      await queryClient.invalidateQueries({ queryKey: ['statement', slug] });
    },
  });
  const problem = asProblem(issue.error);
  const serverErrors = fieldErrorsOf(t, problem);
  const errors: Record<string, string | undefined> = {
    ...serverErrors,
    to: serverErrors.to ?? serverErrors['to.id'] ?? (problem?.code === 'not_found' ? t('recipient.unknown') : undefined),
    ...localErrors,
  };
  const labels = { to: t('operator.issue.recipient'), amount: t('operator.issue.amount'), memo: t('operator.issue.memo') };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const to = readRecipient(data);
    const amount = parseMinorUnits(String(data.get('amount') ?? ''));
    const invalid: Record<string, string> = {};
    if (!to) invalid.to = t('fieldErrors.required');
    if (amount === null || amount <= 0) invalid.amount = t('fieldErrors.not_an_amount');
    setLocalErrors(invalid);
    if (!to || amount === null || amount <= 0) return;
    const memo = String(data.get('memo') ?? '').trim();
    const issuance: Issuance = { to, toName: recipientName(form, to), amount, ...(memo ? { memo } : {}) };
    issue.mutate({ issuance, key: submission.keyFor({ to, amount, memo }), form });
  }

  return (
    <>
      <p>{t('operator.issue.intro')}</p>
      <ProblemAlert problem={problem} idPrefix="issue" fieldLabels={labels} focus />
      {Object.keys(localErrors).length > 0 && (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{t('problems.validation_error')}</p>
        </div>
      )}
      {issue.isSuccess && (
        <div className="alert alert--success" role="status">
          <p className="alert__title">
            {t('operator.issue.done', {
              amount: format.money(issue.variables.issuance.amount, currencyCode),
              recipient: issue.variables.issuance.toName,
            })}
          </p>
          <p>{t('operator.issue.balance', { balance: format.money(issue.data.balance, issue.data.unit) })}</p>
        </div>
      )}
      <form onSubmit={submit} noValidate className="form">
        <RecipientFields slug={slug} idPrefix="issue" legend={labels.to} error={errors.to} />
        <TextField
          id="issue-amount"
          name="amount"
          label={labels.amount}
          hint={t('operator.issue.amountHint', { code: currencyCode })}
          inputMode="decimal"
          autoComplete="off"
          required
          error={errors.amount}
        />
        <TextField
          id="issue-memo"
          name="memo"
          label={labels.memo}
          hint={t('operator.issue.memoHint')}
          maxLength={500}
          autoComplete="off"
          error={errors.memo}
        />
        <button type="submit" className="button" disabled={issue.isPending}>
          {issue.isPending ? t('operator.issue.pending') : t('operator.issue.submit')}
        </button>
      </form>
    </>
  );
}

