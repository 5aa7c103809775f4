import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import type { IndicatorPage, ObservationInput, ObservationStatus } from '../../../indicators-contract';
import { useIndicatorText } from '../../portal/indicators/indicator-text';
import { localProblem, parseDecimal } from '../pact/form-values';
import { SuccessNotice } from '../pact/notice';
import { localiseIndicatorProblem } from './indicator-problem';

const idPrefix = 'observation';
const PERIOD = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** The value field for the indicator's kind: a number, yes or no, a level of the scale, or a text. */
function ValueField({ page, error }: { page: IndicatorPage; error?: string }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const d = page.indicator;
  const label = t('indicators.workspace.values.value');
  const id = `${idPrefix}-value`;
  switch (d.kind) {
    case 'quantitative':
      return <TextField id={id} name="value" label={`${label} (${text.unit(d)})`} hint={t('indicators.workspace.values.numberHint')} inputMode="decimal" autoComplete="off" required error={error} />;
    case 'binary':
      return (
        <fieldset className="fieldset" id={id}>
          <legend>
            {label}
            <span className="field__required"> *</span>
          </legend>
          {error && <p className="field__error">{error}</p>}
          <div className="radio-row">
            {[1, 0].map((value) => (
              <div className="checkbox" key={value}>
                <input type="radio" id={`${id}-${value}`} name="value" value={value} />
                <label htmlFor={`${id}-${value}`}>{text.value(d, value)}</label>
              </div>
            ))}
          </div>
        </fieldset>
      );
    case 'ordinal':
      return (
        <SelectField id={id} name="value" label={label} required defaultValue="" error={error}>
          <option value="" disabled>
            {t('indicators.workspace.values.chooseLevel')}
          </option>
          {d.levels.map((level) => (
            <option key={level.value} value={level.value}>
              {text.levelLabel(d, level.value)}
            </option>
          ))}
        </SelectField>
      );
    case 'narrative':
      return <TextAreaField id={id} name="value" label={label} required maxLength={20_000} rows={8} error={error} />;
  }
}

function dimensionValues(page: IndicatorPage, name: string): string[] {
  return [...new Set(page.observations.map((o) => o.dimensions[name]).filter((v): v is string => Boolean(v)))].sort();
}

/**
 * One value: a new cell, or the next revision of an existing one (the earlier one stays readable). The
 * dimensions the indicator already has are offered; left empty, the value is the total.
 */
export function ObservationForm({ slug, page }: { slug: string; page: IndicatorPage }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const queryClient = useQueryClient();
  const [formKey, setFormKey] = useState(0);
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const d = page.indicator;
  const record = useMutation({
    mutationFn: (input: ObservationInput) => indicatorsApi.recordObservation(slug, d.code, input),
    onSuccess: async () => {
      setFormKey((key) => key + 1);
      await queryClient.invalidateQueries({ queryKey: indicatorsKey(slug) });
    },
  });
  const shown = local ?? localiseIndicatorProblem(t, asProblem(record.error));
  const errors = fieldErrorsOf(t, shown);
  const labels: Record<string, string> = {
    period: t('indicators.data.period'),
    value: t('indicators.workspace.values.value'),
    status: t('indicators.revisions.status'),
    footnote: t('indicators.revisions.footnote'),
    source: t('indicators.metadata.source'),
    newDimension: t('indicators.workspace.values.newDimension'),
    ...Object.fromEntries(page.dimensions.map((name) => [`dimensions.${name}`, name])),
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const found: ProblemFieldError[] = [];
    const period = value('period');
    if (!PERIOD.test(period)) found.push({ field: 'period', code: 'invalid_period', message: t('indicators.fieldErrors.invalid_period') });
    let parsed: number | string = value('value');
    if (parsed === '') found.push({ field: 'value', code: 'required', message: t('indicators.workspace.form.errors.required') });
    else if (d.kind === 'quantitative') {
      const number = parseDecimal(parsed);
      if (typeof number !== 'number') found.push({ field: 'value', code: 'invalid_number', message: t('indicators.fieldErrors.invalid_number') });
      else parsed = number;
    } else if (d.kind !== 'narrative') parsed = Number(parsed);
    const dimensions: Record<string, string> = {};
    for (const name of page.dimensions) if (value(`dimensions.${name}`)) dimensions[name] = value(`dimensions.${name}`);
    const extraName = value('newDimension.name');
    const extraValue = value('newDimension.value');
    if (extraName && extraValue) dimensions[extraName] = extraValue;
    else if (extraName || extraValue) found.push({ field: 'newDimension', code: 'required', message: t('indicators.workspace.values.newDimensionError') });
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid) return;
    record.mutate({
      period,
      dimensions,
      value: parsed,
      status: value('status') as ObservationStatus,
      footnote: value('footnote') || null,
      source: value('source') || null,
    });
  }

  return (
    <section aria-labelledby="entry-heading" className="section">
      <h2 id="entry-heading">{t('indicators.workspace.values.entryTitle')}</h2>
      <p className="narrow">{t('indicators.workspace.values.entryIntro')}</p>
      {record.isSuccess && (
        <SuccessNotice key={record.submittedAt}>
          {t(`indicators.workspace.values.outcomes.${record.data.outcome}`, {
            period: text.period(record.data.observation.period),
            series: text.dimensions(record.data.observation.dimensions),
            value: text.value(d, record.data.observation.value),
            revision: record.data.observation.revision,
          })}
        </SuccessNotice>
      )}
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form key={formKey} onSubmit={submit} noValidate className="form">
        <TextField
          id={`${idPrefix}-period`}
          name="period"
          label={labels.period!}
          hint={t('indicators.workspace.values.periodHint')}
          required
          maxLength={10}
          autoComplete="off"
          error={errors.period}
        />
        {page.dimensions.length > 0 && (
          <fieldset className="fieldset">
            <legend>{t('indicators.workspace.values.dimensions')}</legend>
            <p className="field__hint">{t('indicators.workspace.values.dimensionsHint')}</p>
            <div className="field-row">
              {page.dimensions.map((name, index) => (
                <div key={name}>
                  <TextField id={`${idPrefix}-dimensions.${name}`} name={`dimensions.${name}`} label={name} list={`dimension-values-${index}`} autoComplete="off" maxLength={200} error={errors[`dimensions.${name}`]} />
                  <datalist id={`dimension-values-${index}`}>
                    {dimensionValues(page, name).map((v) => (
                      <option key={v} value={v} />
                    ))}
                  </datalist>
                </div>
              ))}
            </div>
          </fieldset>
        )}
        <details className="calculation">
          <summary>{t('indicators.workspace.values.newDimensionSummary')}</summary>
          <div className="field-row" id={`${idPrefix}-newDimension`}>
            <TextField id={`${idPrefix}-newDimension-name`} name="newDimension.name" label={t('indicators.workspace.values.newDimensionName')} maxLength={63} autoComplete="off" error={errors.newDimension} />
            <TextField id={`${idPrefix}-newDimension-value`} name="newDimension.value" label={t('indicators.workspace.values.newDimensionValue')} maxLength={200} autoComplete="off" />
          </div>
        </details>
        <ValueField page={page} error={errors.value} />
        <fieldset className="fieldset" id={`${idPrefix}-status`}>
          <legend>{labels.status}</legend>
          <div className="radio-row">
            {(['final', 'provisional'] as const).map((status) => (
              <div className="checkbox" key={status}>
                <input type="radio" id={`${idPrefix}-status-${status}`} name="status" value={status} defaultChecked={status === 'final'} />
                <label htmlFor={`${idPrefix}-status-${status}`}>{t(`indicators.statuses.${status}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <TextAreaField id={`${idPrefix}-footnote`} name="footnote" label={labels.footnote!} hint={t('indicators.workspace.values.footnoteHint')} maxLength={2000} rows={2} error={errors.footnote} />
        <TextField id={`${idPrefix}-source`} name="source" label={labels.source!} maxLength={500} defaultValue={d.source.name} error={errors.source} />
        <button type="submit" className="button" disabled={record.isPending}>
          {t('indicators.workspace.values.submit')}
        </button>
      </form>
    </section>
  );
}
