import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../api';
import { minorUnitsForInput, parseMinorUnits } from '../../../amounts';
import { CsvErrors } from '../../../components/csv-errors';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { fundingApi, fundingFileUrl } from '../../../funding-api';
import { climateZones, type CeeCatalogue, type ClimateZone, type FundingSettings } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { LocalErrors } from '../../portal/funding/local-errors';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { CeeCalculator, operationKey } from './cee-calculator';
import { textOf } from './form-helpers';

function SettingsSection({ slug, settings, isFacilitator }: { slug: string; settings: FundingSettings; isFacilitator: boolean }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (patch: { ceePriceCentsPerMWh: number | null; climateZone: ClimateZone | null }) => fundingApi.updateSettings(slug, patch),
    onSuccess: (updated) => queryClient.setQueryData(['funding', slug, 'settings'], updated),
  });
  const problem = useFundingProblem(save.error);
  const errors = { ...fieldErrorsOf(t, problem), ...localErrors };
  const labels = { ceePriceCentsPerMWh: t('funding.cee.priceSetting'), climateZone: t('funding.cee.zoneSetting') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const priceText = textOf(data, 'ceePriceCentsPerMWh');
    const price = priceText ? parseMinorUnits(priceText) : null;
    if (priceText && (price === null || price <= 0)) {
      setLocalErrors({ ceePriceCentsPerMWh: t('fieldErrors.not_an_amount') });
      return;
    }
    setLocalErrors({});
    save.mutate({ ceePriceCentsPerMWh: price, climateZone: (textOf(data, 'climateZone') || null) as ClimateZone | null });
  }
  return (
    <section aria-labelledby="cee-settings-heading" className="section">
      <h2 id="cee-settings-heading">{t('funding.cee.settingsTitle')}</h2>
      <dl className="facts">
        <div>
          <dt>{labels.ceePriceCentsPerMWh}</dt>
          <dd>{settings.ceePriceCentsPerMWh === null ? t('common.notProvided') : t('funding.cee.pricePerMWh', { price: format.euros(settings.ceePriceCentsPerMWh) })}</dd>
        </div>
        <div>
          <dt>{labels.climateZone}</dt>
          <dd>{settings.climateZone ?? t('common.notProvided')}</dd>
        </div>
      </dl>
      {isFacilitator && (
        <>
          {save.isSuccess && (
            <SuccessNotice key={save.submittedAt}>
              <p>{t('funding.cee.settingsSaved')}</p>
            </SuccessNotice>
          )}
          <ProblemAlert problem={problem} idPrefix="settings" fieldLabels={labels} focus />
          <LocalErrors errors={localErrors} labels={labels} idPrefix="settings" />
          <form onSubmit={submit} noValidate className="form">
            <TextField
              id="settings-ceePriceCentsPerMWh"
              name="ceePriceCentsPerMWh"
              label={labels.ceePriceCentsPerMWh}
              hint={t('funding.cee.priceSettingHint')}
              inputMode="decimal"
              autoComplete="off"
              defaultValue={settings.ceePriceCentsPerMWh === null ? '' : minorUnitsForInput(settings.ceePriceCentsPerMWh, i18n.language)}
              error={errors.ceePriceCentsPerMWh}
            />
            <SelectField id="settings-climateZone" name="climateZone" label={labels.climateZone} hint={t('funding.cee.zoneHint')} defaultValue={settings.climateZone ?? ''} error={errors.climateZone}>
              <option value="">{t('common.notProvided')}</option>
              {climateZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </SelectField>
            <button type="submit" className="button button--secondary" disabled={save.isPending}>
              {t('common.save')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

function CatalogueTable({ catalogue }: { catalogue: CeeCatalogue }) {
  const { t } = useTranslation();
  const format = useFormat();
  const figure = (value: number | undefined) => (value === undefined ? '—' : format.integer(value));
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('funding.cee.catalogueCaption', { count: catalogue.operations.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.cee.operation')}</th>
            <th scope="col">{t('funding.cee.unit')}</th>
            <th scope="col" className="numeric">
              H1
            </th>
            <th scope="col" className="numeric">
              H2
            </th>
            <th scope="col" className="numeric">
              H3
            </th>
            <th scope="col">{t('funding.cee.sheet')}</th>
          </tr>
        </thead>
        <tbody>
          {catalogue.operations.map((operation) => (
            <tr key={operationKey(operation)}>
              <th scope="row">
                {operation.code} — {operation.label}
              </th>
              <td>{t(`funding.cee.units.${operation.unit}`)}</td>
              {operation.kwhCumacByZone ? (
                climateZones.map((zone) => (
                  <td key={zone} className="numeric nowrap">
                    {figure(operation.kwhCumacByZone?.[zone])}
                  </td>
                ))
              ) : (
                <td colSpan={3} className="numeric nowrap">
                  {t('funding.cee.everyZone', { kwh: figure(operation.kwhCumac ?? undefined) })}
                </td>
              )}
              <td>
                {operation.sheetVersion}
                <span className="cell-note">{operation.source}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Reads the chosen file: JSON (`{"operations": [...]}` or a bare list) or else CSV, sent as is. */
async function catalogueFileOf(file: File): Promise<{ csv: string } | { operations: unknown[] }> {
  const text = await file.text();
  if (!file.name.toLowerCase().endsWith('.json')) return { csv: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiProblem(422, { code: 'unreadable_json', detail: 'The file is not valid JSON.' });
  }
  if (Array.isArray(parsed)) return { operations: parsed };
  const operations = (parsed as { operations?: unknown }).operations;
  return { operations: Array.isArray(operations) ? operations : [] };
}

function ReplaceCatalogueForm({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [fileError, setFileError] = useState<string | undefined>();
  const replace = useMutation({
    mutationFn: async (file: File) => fundingApi.replaceCeeCatalogue(slug, await catalogueFileOf(file)),
    onSuccess: (catalogue) => queryClient.setQueryData(['funding', slug, 'cee-catalogue'], catalogue),
  });
  const problem = useFundingProblem(replace.error);
  const rowsAtFault = problem !== null && problem.errors.length > 0;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.size === 0) {
      setFileError(t('funding.expenses.chooseFile'));
      return;
    }
    setFileError(undefined);
    replace.mutate(file);
  }
  return (
    <>
      {replace.isSuccess && (
        <SuccessNotice key={replace.submittedAt}>
          <p>{t('funding.cee.replaced', { count: replace.data.operations.length })}</p>
        </SuccessNotice>
      )}
      {rowsAtFault ? (
        <CsvErrors problem={problem} title={t('funding.cee.refusedTitle')} consequence={t('funding.cee.refusedConsequence')} />
      ) : (
        <ProblemAlert problem={problem} focus />
      )}
      <LocalErrors errors={fileError ? { file: fileError } : {}} labels={{ file: t('funding.cee.file') }} idPrefix="catalogue" />
      <form onSubmit={submit} noValidate className="form">
        <div className={fileError ? 'field field--error' : 'field'}>
          <label htmlFor="catalogue-file">{t('funding.cee.file')}</label>
          <p className="field__hint" id="catalogue-file-hint">
            {t('funding.cee.fileHint')}
          </p>
          <input id="catalogue-file" name="file" type="file" accept=".csv,.json,text/csv,application/json" aria-describedby="catalogue-file-hint" aria-invalid={fileError ? true : undefined} />
        </div>
        <button type="submit" className="button button--secondary" disabled={replace.isPending}>
          {t('funding.cee.replace')}
        </button>
      </form>
    </>
  );
}

function CatalogueSection({ slug, catalogue, isFacilitator }: { slug: string; catalogue: CeeCatalogue; isFacilitator: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="cee-catalogue-heading" className="section">
      <h2 id="cee-catalogue-heading">{t('funding.cee.catalogueTitle')}</h2>
      <p>
        {catalogue.origin === 'shipped' || !catalogue.replacedAt
          ? t('funding.cee.shipped')
          : t('funding.cee.replacedOn', { date: format.dateTime(catalogue.replacedAt) })}
      </p>
      <p className="alert alert--warning">{t('funding.cee.versionsWarning')}</p>
      <details>
        <summary>{t('funding.cee.showCatalogue', { count: catalogue.operations.length })}</summary>
        <CatalogueTable catalogue={catalogue} />
      </details>
      <p>
        <a href={fundingFileUrl(slug, 'cee/operations.csv')} download>
          {t('funding.cee.downloadCsv')}
        </a>
      </p>
      {isFacilitator && (
        <>
          <h3>{t('funding.cee.replaceTitle')}</h3>
          <p>{t('funding.cee.replaceIntro')}</p>
          <ReplaceCatalogueForm slug={slug} />
        </>
      )}
    </section>
  );
}

/** The CEE calculator, the territory's price and zone, and its catalogue of standardised operation sheets. */
export function CeePage() {
  const { t } = useTranslation();
  const { slug, isFacilitator } = useWorkspace();
  const settings = useQuery({ queryKey: ['funding', slug, 'settings'], queryFn: () => fundingApi.settings(slug) });
  const catalogue = useQuery({ queryKey: ['funding', slug, 'cee-catalogue'], queryFn: () => fundingApi.ceeCatalogue(slug) });
  useDocumentTitle(t('funding.cee.title'), t('funding.workspace.title'));
  return (
    <>
      <h1>{t('funding.cee.title')}</h1>
      <p className="lead">{t('funding.cee.intro')}</p>
      <QueryState query={settings}>
        {(currentSettings) => (
          <>
            <section aria-labelledby="cee-calculator-heading" className="section">
              <h2 id="cee-calculator-heading">{t('funding.cee.calculatorTitle')}</h2>
              <QueryState query={catalogue}>{(data) => <CeeCalculator slug={slug} operations={data.operations} settings={currentSettings} />}</QueryState>
            </section>
            <SettingsSection slug={slug} settings={currentSettings} isFacilitator={isFacilitator} />
          </>
        )}
      </QueryState>
      <QueryState query={catalogue}>{(data) => <CatalogueSection slug={slug} catalogue={data} isFacilitator={isFacilitator} />}</QueryState>
    </>
  );
}
