import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import type { IndicatorPage, TargetInput } from '../../../indicators-contract';
import { useIndicatorText } from '../../portal/indicators/indicator-text';
import { localProblem, numberForInput, parseDecimal, parseWholeNumber } from '../pact/form-values';
import { SuccessNotice } from '../pact/notice';
import { localiseIndicatorProblem } from './indicator-problem';

const idPrefix = 'target';

/**
 * The indicator's target, set directly. A target taken from the Pact's vision shows where it came from;
 * setting one here replaces it, and the earlier one stays in the history.
 */
export function TargetForm({ slug, page }: { slug: string; page: IndicatorPage }) {
  const { t, i18n } = useTranslation();
  const text = useIndicatorText();
  const queryClient = useQueryClient();
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const d = page.indicator;
  const current = page.target;
  const save = useMutation({
    mutationFn: (input: TargetInput) => indicatorsApi.setTarget(slug, d.code, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: indicatorsKey(slug) }),
  });
  const shown = local ?? localiseIndicatorProblem(t, asProblem(save.error));
  const errors = fieldErrorsOf(t, shown);
  const labels = {
    targetYear: t('indicators.workspace.target.targetYear'),
    targetValue: t('indicators.workspace.target.targetValue'),
    baseYear: t('indicators.workspace.target.baseYear'),
    baseValue: t('indicators.workspace.target.baseValue'),
  };
  const cannot = d.kind === 'narrative' ? 'narrative' : d.polarity === 'neutral' ? 'neutral' : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const found: ProblemFieldError[] = [];
    const targetYear = parseWholeNumber(value('targetYear'));
    if (typeof targetYear !== 'number') found.push({ field: 'targetYear', code: 'invalid_year', message: t('indicators.fieldErrors.invalid_year') });
    const targetValue = parseDecimal(value('targetValue'));
    if (typeof targetValue !== 'number') found.push({ field: 'targetValue', code: 'invalid_number', message: t('indicators.fieldErrors.invalid_number') });
    const baseYear = parseWholeNumber(value('baseYear'));
    if (baseYear === 'invalid') found.push({ field: 'baseYear', code: 'invalid_year', message: t('indicators.fieldErrors.invalid_year') });
    const baseValue = d.kind === 'quantitative' ? parseDecimal(value('baseValue')) : null;
    if (baseValue === 'invalid') found.push({ field: 'baseValue', code: 'invalid_number', message: t('indicators.fieldErrors.invalid_number') });
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid || typeof targetYear !== 'number' || typeof targetValue !== 'number') return;
    save.mutate({
      targetYear,
      targetValue,
      baseYear: typeof baseYear === 'number' ? baseYear : null,
      baseValue: typeof baseValue === 'number' ? baseValue : null,
    });
  }

  return (
    <section aria-labelledby="target-heading" className="section">
      <h2 id="target-heading">{t('indicators.workspace.target.title')}</h2>
      {current ? (
        <p>
          {t('indicators.workspace.target.current', { target: t('indicators.targetShort', { value: text.value(d, current.targetValue), year: current.targetYear }) })}{' '}
          {current.origin === 'vision' ? (
            <>
              {t('indicators.workspace.target.fromVision', { version: current.visionVersion ?? '' })}{' '}
              <Link to={`/workspace/${slug}/pact/vision`}>{t('indicators.workspace.target.visionLink')}</Link>
            </>
          ) : (
            t('indicators.workspace.target.setDirectly')
          )}
        </p>
      ) : (
        <p>{t('indicators.workspace.target.none')}</p>
      )}
      {cannot ? (
        <p className="alert alert--info">{t(`indicators.workspace.target.cannot.${cannot}`)}</p>
      ) : (
        <>
          {save.isSuccess && (
            <SuccessNotice key={save.submittedAt}>
              {t('indicators.workspace.target.saved', { target: t('indicators.targetShort', { value: text.value(d, save.data.targetValue), year: save.data.targetYear }) })}
            </SuccessNotice>
          )}
          <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
          <form onSubmit={submit} noValidate className="form">
            <div className="field-row">
              <TextField
                id={`${idPrefix}-targetYear`}
                name="targetYear"
                label={labels.targetYear}
                inputMode="numeric"
                required
                autoComplete="off"
                defaultValue={current ? String(current.targetYear) : ''}
                error={errors.targetYear}
              />
              {d.kind === 'quantitative' ? (
                <TextField
                  id={`${idPrefix}-targetValue`}
                  name="targetValue"
                  label={`${labels.targetValue} (${text.unit(d)})`}
                  inputMode="decimal"
                  required
                  autoComplete="off"
                  defaultValue={numberForInput(current?.targetValue ?? null, i18n.language)}
                  error={errors.targetValue}
                />
              ) : (
                <SelectField id={`${idPrefix}-targetValue`} name="targetValue" label={labels.targetValue} required defaultValue={current ? String(current.targetValue) : ''} error={errors.targetValue}>
                  <option value="" disabled>
                    {t('indicators.workspace.values.chooseLevel')}
                  </option>
                  {(d.kind === 'binary' ? [1, 0] : d.levels.map((level) => level.value)).map((value) => (
                    <option key={value} value={value}>
                      {text.value(d, value)}
                    </option>
                  ))}
                </SelectField>
              )}
            </div>
            <div className="field-row">
              <TextField
                id={`${idPrefix}-baseYear`}
                name="baseYear"
                label={labels.baseYear}
                hint={t('indicators.workspace.target.baseYearHint')}
                inputMode="numeric"
                autoComplete="off"
                defaultValue={current?.baseYear ? String(current.baseYear) : ''}
                error={errors.baseYear}
              />
              {d.kind === 'quantitative' && (
                <TextField
                  id={`${idPrefix}-baseValue`}
                  name="baseValue"
                  label={labels.baseValue}
                  hint={t('indicators.workspace.target.baseValueHint')}
                  inputMode="decimal"
                  autoComplete="off"
                  defaultValue={numberForInput(current?.baseValue ?? null, i18n.language)}
                  error={errors.baseValue}
                />
              )}
            </div>
            <button type="submit" className="button" disabled={save.isPending}>
              {t('indicators.workspace.target.submit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
