import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { minorUnitsForInput, parseMinorUnits } from '../../../amounts';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { fundingApi } from '../../../funding-api';
import { instruments, type FundingLine, type FundingLinePatch, type FundingStatus } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { sourceName, statusWithDate } from '../../portal/funding/funding-labels';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';
import { nextFundingStatuses } from './funding-permissions';
import { textOf, todayIso } from './form-helpers';

function useLineUpdate(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: FundingLinePatch) => fundingApi.updateLine(slug, id, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['funding', slug] }),
  });
}

function StatusForm({ slug, line }: { slug: string; line: FundingLine }) {
  const { t } = useTranslation();
  const update = useLineUpdate(slug, line.id);
  const problem = useFundingProblem(update.error);
  const choices = nextFundingStatuses(line.status);
  const [chosen, setChosen] = useState<FundingStatus | undefined>(choices[0]);
  const next = chosen && choices.includes(chosen) ? chosen : choices[0];
  const prefix = `line-${line.id}`;
  const labels = { status: t('funding.lines.nextStatus'), statusDate: t('funding.lines.statusDate') };
  const errors = fieldErrorsOf(t, problem);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const statusDate = textOf(new FormData(event.currentTarget), 'statusDate');
    if (next) update.mutate({ status: next, ...(statusDate ? { statusDate } : {}) });
  }
  if (!next) return null;
  return (
    <>
    <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
    <form onSubmit={submit} className="form funding-actions" aria-label={t('funding.lines.statusFormLabel', { source: sourceName(t, line), funder: line.funderName })}>
      <SelectField id={`${prefix}-status`} label={labels.status} value={next} onChange={(event) => setChosen(event.target.value as FundingStatus)} error={errors.status}>
        {choices.map((status) => (
          <option key={status} value={status}>
            {t(`funding.statuses.${status}`)}
          </option>
        ))}
      </SelectField>
      <TextField id={`${prefix}-statusDate`} name="statusDate" type="date" label={labels.statusDate} defaultValue={todayIso()} error={errors.statusDate} />
      <button type="submit" className={next === 'refused' ? 'button button--danger' : 'button'} disabled={update.isPending}>
        {t('funding.lines.moveStatus')}
      </button>
    </form>
    </>
  );
}

function EditForm({ slug, line }: { slug: string; line: FundingLine }) {
  const { t, i18n } = useTranslation();
  const update = useLineUpdate(slug, line.id);
  const problem = useFundingProblem(update.error);
  const [amountError, setAmountError] = useState<string | undefined>();
  const moneyEditable = line.status === 'planned' || line.status === 'requested';
  const prefix = `edit-${line.id}`;
  const labels = { amount: t('funding.plan.amount'), funderName: t('funding.plan.funder'), instrument: t('funding.lines.instrument'), note: t('funding.plan.note') };
  const errors: Record<string, string | undefined> = { ...fieldErrorsOf(t, problem), ...(amountError ? { amount: amountError } : {}) };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const patch: FundingLinePatch = { note: textOf(data, 'note') };
    if (moneyEditable) {
      const amount = parseMinorUnits(textOf(data, 'amount'));
      if (amount === null || amount <= 0) {
        setAmountError(t('fieldErrors.not_an_amount'));
        return;
      }
      patch.amount = amount;
      const funderName = textOf(data, 'funderName');
      if (funderName && funderName !== line.funderName) patch.funderName = funderName;
      if (line.sourceKind === 'public_institution') patch.instrument = textOf(data, 'instrument') as FundingLinePatch['instrument'];
    }
    setAmountError(undefined);
    update.mutate(patch);
  }
  return (
    <details className="funding-edit">
      <summary>{t('funding.lines.edit')}</summary>
      {update.isSuccess && (
        <SuccessNotice key={update.submittedAt}>
          <p>{t('funding.lines.saved')}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix={prefix} fieldLabels={labels} focus />
      <LocalErrors errors={amountError ? { amount: amountError } : {}} labels={labels} idPrefix={prefix} />
      <form onSubmit={submit} noValidate className="form">
        {moneyEditable ? (
          <>
            <TextField id={`${prefix}-amount`} name="amount" label={labels.amount} inputMode="decimal" autoComplete="off" defaultValue={minorUnitsForInput(line.amount, i18n.language)} required error={errors.amount} />
            {!line.funderOrganisationId && <TextField id={`${prefix}-funderName`} name="funderName" label={labels.funderName} defaultValue={line.funderName} maxLength={300} error={errors.funderName} />}
            {line.sourceKind === 'public_institution' && (
              <SelectField id={`${prefix}-instrument`} name="instrument" label={labels.instrument} defaultValue={line.instrument ?? 'grant'} error={errors.instrument}>
                {instruments.map((instrument) => (
                  <option key={instrument} value={instrument}>
                    {t(`funding.instruments.${instrument}`)}
                  </option>
                ))}
              </SelectField>
            )}
          </>
        ) : (
          <p>{t('funding.lines.settledNote')}</p>
        )}
        <TextAreaField id={`${prefix}-note`} name="note" label={labels.note} defaultValue={line.note} maxLength={2000} rows={2} error={errors.note} />
        <button type="submit" className="button button--secondary" disabled={update.isPending}>
          {t('common.save')}
        </button>
      </form>
    </details>
  );
}

/** One funding line, with its status moves and its edit form for those who manage the plan. */
export function FundingLineItem({ slug, line, projectName, canManage }: { slug: string; line: FundingLine; projectName: string | null; canManage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <li>
      <h3>
        {sourceName(t, line)} — {line.funderName}
      </h3>
      <dl className="funding-details">
        <div>
          <dt>{t('funding.plan.amount')}</dt>
          <dd>{format.euros(line.amount)}</dd>
        </div>
        <div>
          <dt>{t('funding.plan.status')}</dt>
          <dd>{statusWithDate(t, format, line)}</dd>
        </div>
        <div>
          <dt>{t('funding.plan.project')}</dt>
          <dd>{projectName ?? t('funding.plan.wholeTaskForce')}</dd>
        </div>
        {line.note && (
          <div>
            <dt>{t('funding.plan.note')}</dt>
            <dd>{line.note}</dd>
          </div>
        )}
      </dl>
      {canManage && (
        <>
          <StatusForm slug={slug} line={line} />
          <EditForm slug={slug} line={line} />
        </>
      )}
    </li>
  );
}
