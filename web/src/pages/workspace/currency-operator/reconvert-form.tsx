import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import type { CurrencySettings, Owner, Reconversion } from '../../../api-contract';
import { parseMinorUnits } from '../../../amounts';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { useSubmissionKey } from '../../../components/submission-key';
import { useFormat } from '../../../format';
import { readRecipient, RecipientFields, recipientName } from '../currency/recipient-fields';

interface ReconversionRequest {
  from: Owner;
  fromName: string;
  amount: number;
}

function ReconversionReceipt({ request, result, currencyCode }: { request: ReconversionRequest; result: Reconversion; currencyCode: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="alert alert--success" role="status">
      <p className="alert__title">{t('operator.reconvert.done', { from: request.fromName })}</p>
      <dl className="receipt">
        <div>
          <dt>{t('operator.reconvert.amountReconverted')}</dt>
          <dd>{format.money(request.amount, currencyCode)}</dd>
        </div>
        <div>
          <dt>{t('operator.reconvert.fee')}</dt>
          <dd>{format.money(result.fee, currencyCode)}</dd>
        </div>
        <div>
          <dt>{t('operator.reconvert.euros')}</dt>
          <dd>{format.euros(result.euros)}</dd>
        </div>
        <div>
          <dt>{t('operator.reconvert.balance')}</dt>
          <dd>{format.money(result.account.balance, result.account.unit)}</dd>
        </div>
      </dl>
      <p>{t('operator.reconvert.payOut', { euros: format.euros(result.euros), from: request.fromName })}</p>
    </div>
  );
}

/** Reconversion of a professional's local currency to euros, less the territory's fee. */
export function ReconvertForm({ slug, currencyCode, settings }: { slug: string; currencyCode: string; settings: CurrencySettings }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const submission = useSubmissionKey();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const reconvert = useMutation({
    mutationFn: ({ request, key }: { request: ReconversionRequest; key: string; form: HTMLFormElement }) =>
      api.reconvert(slug, { from: request.from, amount: request.amount }, key),
    onSuccess: async (_result, { form }) => {
      submission.settle();
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['proof-of-reserve', slug] });
      await queryClient.invalidateQueries({ queryKey: ['accounts', slug] });
      await queryClient.invalidateQueries({ queryKey: ['statement', slug] });
    },
  });
  const problem = asProblem(reconvert.error);
  const serverErrors = fieldErrorsOf(t, problem);
  const errors: Record<string, string | undefined> = {
    ...serverErrors,
    from: serverErrors.from ?? serverErrors['from.id'] ?? (problem?.code === 'not_found' ? t('recipient.unknown') : undefined),
    ...localErrors,
  };
  const labels = { from: t('operator.reconvert.from'), amount: t('operator.reconvert.amount') };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const from = readRecipient(data);
    const amount = parseMinorUnits(String(data.get('amount') ?? ''));
    const invalid: Record<string, string> = {};
    if (!from) invalid.from = t('fieldErrors.required');
    if (amount === null || amount <= 0) invalid.amount = t('fieldErrors.not_an_amount');
    setLocalErrors(invalid);
    if (!from || amount === null || amount <= 0) return;
    const request: ReconversionRequest = { from, fromName: recipientName(form, from), amount };
    reconvert.mutate({ request, key: submission.keyFor({ from, amount }), form });
  }

  return (
    <>
      <p>
        {t('operator.reconvert.intro', { fee: format.basisPoints(settings.reconversionFeeBp) })}{' '}
        {settings.individualsMayReconvert ? t('operator.reconvert.individualsToo') : t('operator.reconvert.professionalsOnly')}
      </p>
      <ProblemAlert problem={problem} idPrefix="reconvert" fieldLabels={labels} focus />
      {Object.keys(localErrors).length > 0 && (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{t('problems.validation_error')}</p>
        </div>
      )}
      {reconvert.isSuccess && (
        <ReconversionReceipt request={reconvert.variables.request} result={reconvert.data} currencyCode={currencyCode} />
      )}
      <form onSubmit={submit} noValidate className="form">
        <RecipientFields
          slug={slug}
          idPrefix="reconvert"
          fieldName="from"
          legend={labels.from}
          error={errors.from}
          organisationsOnly={!settings.individualsMayReconvert}
        />
        <TextField
          id="reconvert-amount"
          name="amount"
          label={labels.amount}
          hint={t('operator.reconvert.amountHint', { code: currencyCode })}
          inputMode="decimal"
          autoComplete="off"
          required
          error={errors.amount}
        />
        <button type="submit" className="button" disabled={reconvert.isPending}>
          {reconvert.isPending ? t('operator.reconvert.pending') : t('operator.reconvert.submit')}
        </button>
      </form>
    </>
  );
}
