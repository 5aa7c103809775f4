import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { HOUR_UNIT, type LedgerAccount, type Owner } from '../../../api-contract';
import { parseMinorUnits, parseMinutes } from '../../../amounts';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { useSubmissionKey } from '../../../components/submission-key';
import { useFormat } from '../../../format';
import { readRecipient, RecipientFields, recipientName } from '../currency/recipient-fields';

interface PayFormProps {
  slug: string;
  from: Owner;
  currencyCode: string;
  currencyName: string;
}

interface Payment {
  to: Owner;
  toName: string;
  amount: number;
  unit: string;
  memo?: string;
}

const idPrefix = 'pay';

export function PayForm({ slug, from, currencyCode, currencyName }: PayFormProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const submission = useSubmissionKey();
  const [unit, setUnit] = useState(currencyCode);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const pay = useMutation({
    mutationFn: ({ payment, key }: { payment: Payment; key: string; form: HTMLFormElement }) =>
      api.pay(slug, { from, to: payment.to, amount: payment.amount, unit: payment.unit, ...(payment.memo ? { memo: payment.memo } : {}) }, key),
    onSuccess: async (_account: LedgerAccount, { form }) => {
      submission.settle();
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['accounts', slug] });
      await queryClient.invalidateQueries({ queryKey: ['statement', slug] });
    },
  });
  const problem = asProblem(pay.error);
  const serverErrors = fieldErrorsOf(t, problem);
  const errors: Record<string, string | undefined> = {
    ...serverErrors,
    to: serverErrors.to ?? serverErrors['to.id'] ?? (problem?.code === 'not_found' ? t('recipient.unknown') : undefined),
    ...localErrors,
  };
  const labels = { to: t('recipient.legendPayee'), amount: t('wallet.pay.amount'), memo: t('wallet.pay.memo'), unit: t('wallet.pay.unit') };
  const isHours = unit === HOUR_UNIT;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const to = readRecipient(data);
    const amountText = String(data.get('amount') ?? '');
    const amount = isHours ? parseMinutes(amountText) : parseMinorUnits(amountText);
    const invalid: Record<string, string> = {};
    if (!to) invalid.to = t('fieldErrors.required');
    if (amount === null || amount <= 0) invalid.amount = isHours ? t('fieldErrors.not_a_duration') : t('fieldErrors.not_an_amount');
    setLocalErrors(invalid);
    if (!to || amount === null || amount <= 0) return;
    const toName = recipientName(form, to);
    const memo = String(data.get('memo') ?? '').trim();
    const payment: Payment = { to, toName, amount, unit, ...(memo ? { memo } : {}) };
    pay.mutate({ payment, key: submission.keyFor({ from, to, amount, unit, memo }), form });
  }

  const localProblemShown = Object.keys(localErrors).length > 0;
  return (
    <>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      {localProblemShown && (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{t('problems.validation_error')}</p>
        </div>
      )}
      {pay.isSuccess && (
        <div className="alert alert--success" role="status">
          <p className="alert__title">
            {t('wallet.pay.done', {
              amount: format.amount(pay.variables.payment.amount, pay.variables.payment.unit),
              payee: pay.variables.payment.toName,
            })}
          </p>
          <p>{t('wallet.pay.newBalance', { balance: format.amount(pay.data.balance, pay.data.unit) })}</p>
        </div>
      )}
      <form onSubmit={submit} noValidate className="form">
        <RecipientFields slug={slug} idPrefix={idPrefix} legend={labels.to} error={errors.to} exclude={from} />
        <SelectField
          id={`${idPrefix}-unit`}
          name="unit"
          label={labels.unit}
          value={unit}
          onChange={(event) => setUnit(event.target.value)}
          error={errors.unit}
        >
          <option value={currencyCode}>{t('wallet.pay.inCurrency', { currency: currencyName, code: currencyCode })}</option>
          <option value={HOUR_UNIT}>{t('wallet.pay.inHours')}</option>
        </SelectField>
        <TextField
          id={`${idPrefix}-amount`}
          name="amount"
          label={isHours ? t('wallet.pay.duration') : labels.amount}
          hint={isHours ? t('wallet.pay.durationHint') : t('wallet.pay.amountHint', { code: currencyCode })}
          inputMode="decimal"
          autoComplete="off"
          required
          error={errors.amount}
        />
        <TextField
          id={`${idPrefix}-memo`}
          name="memo"
          label={labels.memo}
          hint={t('wallet.pay.memoHint')}
          maxLength={500}
          autoComplete="off"
          error={errors.memo}
        />
        <button type="submit" className="button" disabled={pay.isPending}>
          {pay.isPending ? t('wallet.pay.pending') : t('wallet.pay.submit')}
        </button>
      </form>
    </>
  );
}
