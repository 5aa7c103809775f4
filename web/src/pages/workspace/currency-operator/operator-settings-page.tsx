import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import type { CurrencySettings, TerritoryOverview } from '../../../api-contract';
import { basisPointsForInput, minorUnitsForInput, parseMinorUnits, parseMinutes, parsePercentToBasisPoints } from '../../../amounts';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useDocumentTitle } from '../../../layout/document-title';
import { useTerritoryCurrency } from '../currency/territory-organisations';
import { useWorkspace } from '../workspace-layout';

const idPrefix = 'settings';

function hoursForInput(minutes: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(minutes / 60);
}

type SettingsField = keyof CurrencySettings;

function SettingsForm({ slug, settings, territory }: { slug: string; settings: CurrencySettings; territory: TerritoryOverview }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const queryClient = useQueryClient();
  const [localErrors, setLocalErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const save = useMutation({
    mutationFn: (patch: CurrencySettings) => api.updateCurrencySettings(slug, patch),
    onSuccess: (saved) => queryClient.setQueryData(['currency-settings', slug], saved),
  });
  const problem = asProblem(save.error);
  const errors: Record<string, string | undefined> = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels: Record<SettingsField, string> = {
    reconversionFeeBp: t('operator.settings.reconversionFee'),
    individualsMayReconvert: t('operator.settings.individualsMayReconvert'),
    salaryShareCapBp: t('operator.settings.salaryShareCap'),
    demurrageRateBp: t('operator.settings.demurrageRate'),
    demurrageGraceDays: t('operator.settings.demurrageGraceDays'),
    demurrageThreshold: t('operator.settings.demurrageThreshold', { code: territory.currencyCode }),
    timeBankFloorMinutes: t('operator.settings.timeBankFloor'),
    timeBankCeilingMinutes: t('operator.settings.timeBankCeiling'),
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const data = new FormData(event.currentTarget);
    const text = (name: SettingsField) => String(data.get(name) ?? '');
    const invalid: Partial<Record<SettingsField, string>> = {};
    const percent = (name: SettingsField) => {
      const value = parsePercentToBasisPoints(text(name));
      if (value === null) invalid[name] = t('fieldErrors.not_a_percentage');
      return value ?? 0;
    };
    const hours = (name: SettingsField) => {
      const value = parseMinutes(text(name));
      if (value === null) invalid[name] = t('fieldErrors.not_a_duration');
      return value ?? 0;
    };
    const graceDays = /^\d{1,4}$/.test(text('demurrageGraceDays').trim()) ? Number(text('demurrageGraceDays')) : null;
    if (graceDays === null) invalid.demurrageGraceDays = t('fieldErrors.not_a_whole_number');
    const threshold = parseMinorUnits(text('demurrageThreshold'));
    if (threshold === null) invalid.demurrageThreshold = t('fieldErrors.not_an_amount');
    const patch: CurrencySettings = {
      reconversionFeeBp: percent('reconversionFeeBp'),
      individualsMayReconvert: data.get('individualsMayReconvert') === 'on',
      salaryShareCapBp: percent('salaryShareCapBp'),
      demurrageRateBp: percent('demurrageRateBp'),
      demurrageGraceDays: graceDays ?? 0,
      demurrageThreshold: threshold ?? 0,
      // The form asks how many hours a member may owe; the ledger stores it as a floor below zero.
      timeBankFloorMinutes: -hours('timeBankFloorMinutes'),
      timeBankCeilingMinutes: hours('timeBankCeilingMinutes'),
    };
    setLocalErrors(invalid);
    if (Object.keys(invalid).length === 0) save.mutate(patch);
  }

  const field = (name: SettingsField, hint: string, defaultValue: string) => (
    <TextField
      id={`${idPrefix}-${name}`}
      name={name}
      label={labels[name]}
      hint={hint}
      inputMode="decimal"
      autoComplete="off"
      required
      defaultValue={defaultValue}
      error={errors[name]}
    />
  );

  return (
    <>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      {Object.keys(localErrors).length > 0 && (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{t('problems.validation_error')}</p>
          <ul>
            {Object.entries(localErrors).map(([name, message]) => (
              <li key={name}>
                <a href={`#${idPrefix}-${name}`}>{labels[name as SettingsField]}</a>
                {t('common.colon')}
                {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {save.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('operator.settings.saved')}
        </p>
      )}
      <p>{t('common.requiredNote')}</p>
      <form onSubmit={submit} noValidate className="form" key={JSON.stringify(settings)}>
        <fieldset className="fieldset">
          <legend className="fieldset__title">{t('operator.settings.reconversionTitle')}</legend>
          {field('reconversionFeeBp', t('operator.settings.reconversionFeeHint'), basisPointsForInput(settings.reconversionFeeBp, locale))}
          <div className="field">
            <div className="checkbox">
              <input
                type="checkbox"
                id={`${idPrefix}-individualsMayReconvert`}
                name="individualsMayReconvert"
                defaultChecked={settings.individualsMayReconvert}
                aria-describedby={`${idPrefix}-individualsMayReconvert-hint`}
              />
              <label htmlFor={`${idPrefix}-individualsMayReconvert`}>{labels.individualsMayReconvert}</label>
            </div>
            <p className="field__hint" id={`${idPrefix}-individualsMayReconvert-hint`}>
              {t('operator.settings.individualsMayReconvertHint')}
            </p>
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend className="fieldset__title">{t('operator.settings.salaryShareTitle')}</legend>
          {field('salaryShareCapBp', t('operator.settings.salaryShareCapHint'), basisPointsForInput(settings.salaryShareCapBp, locale))}
        </fieldset>
        <fieldset className="fieldset">
          <legend className="fieldset__title">{t('operator.settings.demurrageTitle')}</legend>
          {field('demurrageRateBp', t('operator.settings.demurrageRateHint'), basisPointsForInput(settings.demurrageRateBp, locale))}
          {field('demurrageGraceDays', t('operator.settings.demurrageGraceDaysHint'), String(settings.demurrageGraceDays))}
          {field(
            'demurrageThreshold',
            t('operator.settings.demurrageThresholdHint'),
            minorUnitsForInput(settings.demurrageThreshold, locale),
          )}
        </fieldset>
        <fieldset className="fieldset">
          <legend className="fieldset__title">{t('operator.settings.timeBankTitle')}</legend>
          {field('timeBankFloorMinutes', t('operator.settings.timeBankFloorHint'), hoursForInput(-settings.timeBankFloorMinutes, locale))}
          {field('timeBankCeilingMinutes', t('operator.settings.timeBankCeilingHint'), hoursForInput(settings.timeBankCeilingMinutes, locale))}
        </fieldset>
        <button type="submit" className="button" disabled={save.isPending}>
          {t('operator.settings.submit')}
        </button>
      </form>
    </>
  );
}

/** The rules of the currency and of the time bank, which the public page explains in plain words. */
export function OperatorSettingsPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('operator.settings.title'), territory.name);
  const currency = useTerritoryCurrency(slug);
  const settings = useQuery({ queryKey: ['currency-settings', slug], queryFn: () => api.currencySettings(slug) });
  return (
    <>
      <h1>{t('operator.settings.title')}</h1>
      <p className="lead">{t('operator.settings.intro')}</p>
      <QueryState query={currency}>
        {(territoryData) => (
          <QueryState query={settings}>{(data) => <SettingsForm slug={slug} settings={data} territory={territoryData} />}</QueryState>
        )}
      </QueryState>
    </>
  );
}
