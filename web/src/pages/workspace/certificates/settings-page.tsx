import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { CertificateSettings, CetRates, Referential, SigningKey } from '../../../certificates-contract';
import { TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useLocalised } from '../../portal/certificates/certificate-words';
import { localProblem, numberForInput, parseDecimal, parseWholeNumber } from '../pact/form-values';
import { SuccessNotice } from '../pact/notice';
import { useWorkspace } from '../workspace-layout';
import { localiseCertificateProblem } from './certificate-problem';
import { ConfirmButton } from './criterion-parts';

const idPrefix = 'settings';

function ReductionsForm({ slug, settings, referential }: { slug: string; settings: CertificateSettings; referential: Referential }) {
  const { t, i18n } = useTranslation();
  const localised = useLocalised();
  const queryClient = useQueryClient();
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const save = useMutation({
    mutationFn: (reductions: Record<string, number>) => certificatesApi.updateReductions(slug, reductions),
    onSuccess: (updated) => queryClient.setQueryData([...certificatesKey(slug), 'settings'], updated),
  });
  const labels = Object.fromEntries(referential.levels.map((level) => [`cutReductionsBp.${level.code}`, t('certificates.settings.reductionLabel', { level: localised(level.label) })]));
  const shown = local ?? localiseCertificateProblem(t, asProblem(save.error));
  const errors = fieldErrorsOf(t, shown);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const found: ProblemFieldError[] = [];
    const reductions: Record<string, number> = {};
    for (const level of referential.levels) {
      const field = `cutReductionsBp.${level.code}`;
      const value = parseDecimal(String(data.get(field) ?? ''));
      if (typeof value !== 'number' || value < 0 || value > 100) found.push({ field, code: 'invalid_reduction', message: t('certificates.fieldErrors.invalid_reduction') });
      else reductions[level.code] = Math.round(value * 100);
    }
    const invalid = localProblem(found);
    setLocal(invalid);
    if (!invalid) save.mutate(reductions);
  }

  return (
    <section aria-labelledby="reductions-heading" className="section">
      <h2 id="reductions-heading">{t('certificates.settings.reductionsTitle')}</h2>
      <p className="narrow">{t('certificates.settings.reductionsIntro')}</p>
      {save.isSuccess && <SuccessNotice key={save.submittedAt}>{t('certificates.settings.saved')}</SuccessNotice>}
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        <fieldset className="fieldset">
          <legend>{t('certificates.settings.reductionsLegend')}</legend>
          <div className="cut-reductions">
            {referential.levels.map((level) => {
              const field = `cutReductionsBp.${level.code}`;
              return (
                <TextField
                  key={level.code}
                  id={`${idPrefix}-${field}`}
                  name={field}
                  label={t('certificates.settings.reductionShort', { level: localised(level.label) })}
                  hint={t('certificates.settings.reductionHint')}
                  inputMode="decimal"
                  autoComplete="off"
                  required
                  defaultValue={numberForInput((settings.cutReductionsBp[level.code] ?? 0) / 100, i18n.language)}
                  error={errors[field]}
                />
              );
            })}
          </div>
        </fieldset>
        <button type="submit" className="button" disabled={save.isPending}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}

const RATE_FIELDS = [
  ['taxRates.cvae.band1Pcm', 'band1', 1500],
  ['taxRates.cvae.band2Pcm', 'band2', 1500],
  ['taxRates.cvae.band3Pcm', 'band3', 1500],
  ['taxRates.cvae.maxPcm', 'max', 1500],
  ['taxRates.plafonnementPcm', 'plafonnement', 10_000],
] as const;
const EURO_FIELDS = [
  ['taxRates.cvae.smallBusinessReduction', 'reduction'],
  ['taxRates.cvae.franchise', 'franchise'],
] as const;

/** A percentage typed with at most three decimals, as whole pcm (0.094 % is 94), within [0, max]; null when not one. */
function percentToPcm(text: string, max: number): number | null {
  const value = parseDecimal(text);
  if (typeof value !== 'number') return null;
  const pcm = Math.round(value * 1000);
  return Math.abs(value * 1000 - pcm) < 1e-6 && pcm >= 0 && pcm <= max ? pcm : null;
}

/**
 * The CET rates the simulator uses (CVAE schedule, reduction, franchise, plafonnement), editable by a
 * facilitator when a finance law changes them; the rates shipped with Pacte 21 can be restored.
 */
function RatesForm({ slug, settings }: { slug: string; settings: CertificateSettings }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const [formKey, setFormKey] = useState(0);
  const save = useMutation({
    mutationFn: (rates: CetRates | null) => certificatesApi.updateTaxRates(slug, rates),
    onSuccess: (updated) => {
      queryClient.setQueryData([...certificatesKey(slug), 'settings'], updated);
      // The inputs are uncontrolled: draw them again from what the server now holds.
      setFormKey((k) => k + 1);
    },
  });
  const prefix = 'rates';
  const rates = settings.taxRates;
  type RateKey = (typeof RATE_FIELDS)[number][1] | (typeof EURO_FIELDS)[number][1];
  const percentLabel = (key: RateKey) => `${t(`certificates.settings.rates.${key}`)} (%)`;
  const euroLabel = (key: RateKey) => `${t(`certificates.settings.rates.${key}`)} (€)`;
  const labels: Record<string, string> = {
    'taxRates.year': t('certificates.settings.ratesYear'),
    'taxRates.source': t('certificates.settings.ratesSource'),
    ...Object.fromEntries(RATE_FIELDS.map(([field, key]) => [field, percentLabel(key)])),
    ...Object.fromEntries(EURO_FIELDS.map(([field, key]) => [field, euroLabel(key)])),
  };
  const shown = local ?? localiseCertificateProblem(t, asProblem(save.error));
  const errors = fieldErrorsOf(t, shown);
  const pcmOf: Record<string, number> = {
    'taxRates.cvae.band1Pcm': rates.cvae.band1Pcm,
    'taxRates.cvae.band2Pcm': rates.cvae.band2Pcm,
    'taxRates.cvae.band3Pcm': rates.cvae.band3Pcm,
    'taxRates.cvae.maxPcm': rates.cvae.maxPcm,
    'taxRates.plafonnementPcm': rates.plafonnementPcm,
  };
  const eurosOf: Record<string, number> = {
    'taxRates.cvae.smallBusinessReduction': rates.cvae.smallBusinessReduction,
    'taxRates.cvae.franchise': rates.cvae.franchise,
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (field: string) => String(data.get(field) ?? '');
    const found: ProblemFieldError[] = [];
    const year = parseWholeNumber(text('taxRates.year'));
    if (typeof year !== 'number' || year < 2010 || year > 2100) found.push({ field: 'taxRates.year', code: 'invalid_year', message: t('certificates.fieldErrors.invalid_year') });
    const pcm: Record<string, number> = {};
    for (const [field, , max] of RATE_FIELDS) {
      const value = percentToPcm(text(field), max);
      if (value === null) found.push({ field, code: 'invalid_tax_rate', message: t('certificates.fieldErrors.invalid_tax_rate', { max: numberForInput(max / 1000, i18n.language) }) });
      else pcm[field] = value;
    }
    const euros: Record<string, number> = {};
    for (const [field] of EURO_FIELDS) {
      const value = parseWholeNumber(text(field).replace(/[\s\u00a0\u202f]/g, ''));
      if (typeof value !== 'number' || value < 0 || value > 100_000) found.push({ field, code: 'invalid_euros', message: t('certificates.fieldErrors.invalid_euros') });
      else euros[field] = value;
    }
    const source = text('taxRates.source').trim();
    if (!source) found.push({ field: 'taxRates.source', code: 'required', message: t('certificates.fieldErrors.required') });
    const invalid = localProblem(found);
    setLocal(invalid);
    if (invalid) return;
    save.mutate({
      year: year as number,
      cvae: {
        band1Pcm: pcm['taxRates.cvae.band1Pcm']!,
        band2Pcm: pcm['taxRates.cvae.band2Pcm']!,
        band3Pcm: pcm['taxRates.cvae.band3Pcm']!,
        maxPcm: pcm['taxRates.cvae.maxPcm']!,
        smallBusinessReduction: euros['taxRates.cvae.smallBusinessReduction']!,
        franchise: euros['taxRates.cvae.franchise']!,
      },
      plafonnementPcm: pcm['taxRates.plafonnementPcm']!,
      source,
    });
  }

  function restore() {
    setLocal(null);
    save.mutate(null);
  }

  return (
    <section aria-labelledby="rates-heading" className="section">
      <h2 id="rates-heading">{t('certificates.settings.ratesTitle', { year: rates.year })}</h2>
      <p className="narrow">{settings.defaultTaxRates ? t('certificates.settings.ratesDefault') : t('certificates.settings.ratesCustom')}</p>
      <p className="narrow">{t('certificates.settings.ratesIntro')}</p>
      {save.isSuccess && <SuccessNotice key={save.submittedAt}>{save.variables === null ? t('certificates.settings.ratesRestored') : t('certificates.settings.ratesSaved')}</SuccessNotice>}
      <ProblemAlert problem={shown} idPrefix={prefix} fieldLabels={labels} focus />
      <form key={formKey} onSubmit={submit} noValidate className="form">
        <TextField
          id={`${prefix}-taxRates.year`}
          name="taxRates.year"
          label={labels['taxRates.year']!}
          inputMode="numeric"
          autoComplete="off"
          required
          defaultValue={String(rates.year)}
          error={errors['taxRates.year']}
        />
        <fieldset className="fieldset">
          <legend>{t('certificates.settings.ratesCaption')}</legend>
          <div className="cut-reductions">
            {RATE_FIELDS.map(([field, , max]) => (
              <TextField
                key={field}
                id={`${prefix}-${field}`}
                name={field}
                label={labels[field]!}
                hint={t('certificates.settings.ratesPercentHint', { max: numberForInput(max / 1000, i18n.language) })}
                inputMode="decimal"
                autoComplete="off"
                required
                defaultValue={numberForInput(pcmOf[field]! / 1000, i18n.language)}
                error={errors[field]}
              />
            ))}
            {EURO_FIELDS.map(([field]) => (
              <TextField
                key={field}
                id={`${prefix}-${field}`}
                name={field}
                label={labels[field]!}
                hint={t('certificates.settings.ratesEurosHint')}
                inputMode="numeric"
                autoComplete="off"
                required
                defaultValue={String(eurosOf[field])}
                error={errors[field]}
              />
            ))}
          </div>
        </fieldset>
        <TextAreaField
          id={`${prefix}-taxRates.source`}
          name="taxRates.source"
          label={labels['taxRates.source']!}
          hint={t('certificates.settings.ratesSourceHint')}
          required
          rows={3}
          defaultValue={rates.source}
          error={errors['taxRates.source']}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {t('certificates.settings.ratesSave')}
          </button>
          {!settings.defaultTaxRates && (
            <ConfirmButton
              label={t('certificates.settings.ratesRestore')}
              confirmLabel={t('certificates.settings.ratesRestoreConfirm')}
              question={t('certificates.settings.ratesRestoreQuestion')}
              onConfirm={restore}
              disabled={save.isPending}
            />
          )}
        </div>
      </form>
    </section>
  );
}

function KeysSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: [...certificatesKey(slug), 'keys'], queryFn: () => certificatesApi.keys(slug) });
  const rotate = useMutation({
    mutationFn: () => certificatesApi.rotateKey(slug),
    onSuccess: (updated: SigningKey[]) => queryClient.setQueryData([...certificatesKey(slug), 'keys'], updated),
  });
  return (
    <section aria-labelledby="keys-heading" className="section">
      <h2 id="keys-heading">{t('certificates.settings.keysTitle')}</h2>
      <p className="narrow">{t('certificates.settings.keysIntro')}</p>
      {rotate.isSuccess && <SuccessNotice key={rotate.submittedAt}>{t('certificates.settings.rotated')}</SuccessNotice>}
      <ProblemAlert problem={localiseCertificateProblem(t, asProblem(rotate.error))} focus />
      <QueryState query={keys}>
        {(items) =>
          items.length === 0 ? (
            <p>{t('certificates.settings.noKey')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('certificates.settings.keysCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('certificates.settings.keyId')}</th>
                    <th scope="col">{t('certificates.settings.keyCreated')}</th>
                    <th scope="col">{t('certificates.settings.keyState')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((key) => (
                    <tr key={key.kid}>
                      <th scope="row">
                        <code className="cut-did">{key.kid}</code>
                      </th>
                      <td className="nowrap">{format.dateTime(key.createdAt)}</td>
                      <td>
                        {key.active ? (
                          <span className="cut-status cut-status--active">
                            <span aria-hidden="true">✓</span> {t('certificates.settings.keyActive')}
                          </span>
                        ) : (
                          t('certificates.settings.keyRetired', { date: key.retiredAt ? format.dateTime(key.retiredAt) : '' })
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
      <ConfirmButton
        label={t('certificates.settings.rotate')}
        confirmLabel={t('certificates.settings.rotateConfirm')}
        question={t('certificates.settings.rotateQuestion')}
        onConfirm={() => rotate.mutate()}
        disabled={rotate.isPending}
      />
    </section>
  );
}

/** The facilitators' settings: the CUT policy (reduction per level), the CET rates the simulator uses, the signing keys. */
export function CertificateSettingsPage() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const { slug } = context;
  const title = t('certificates.settings.title');
  useDocumentTitle(title, context.territory.name);
  const settings = useQuery({ queryKey: [...certificatesKey(slug), 'settings'], queryFn: () => certificatesApi.settings(slug) });
  const referential = useQuery({ queryKey: [...certificatesKey(slug), 'referential', null], queryFn: () => certificatesApi.referential(slug) });
  if (!context.isFacilitator) {
    return (
      <>
        <h1>{title}</h1>
        <p>{t('certificates.workspace.facilitatorsOnly')}</p>
      </>
    );
  }
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{t('certificates.settings.lead')}</p>
      <QueryState query={settings}>
        {(data) => (
          <>
            <QueryState query={referential}>{(current) => <ReductionsForm slug={slug} settings={data} referential={current} />}</QueryState>
            <p>
              <Link to={`/t/${slug}/certificates/tax-simulator`}>{t('certificates.settings.simulatorLink')}</Link>
            </p>
            <RatesForm slug={slug} settings={data} />
          </>
        )}
      </QueryState>
      <KeysSection slug={slug} />
    </>
  );
}
