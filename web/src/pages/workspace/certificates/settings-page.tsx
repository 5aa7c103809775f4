import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { CertificateSettings, Referential, SigningKey } from '../../../certificates-contract';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useLocalised } from '../../portal/certificates/certificate-words';
import { localProblem, numberForInput, parseDecimal } from '../pact/form-values';
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

function RatesSection({ settings }: { settings: CertificateSettings }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const rate = (pcm: number) => new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 3 }).format(pcm / 100_000);
  const { cvae } = settings.taxRates;
  const rows: [string, string][] = [
    [t('certificates.settings.rates.band1'), rate(cvae.band1Pcm)],
    [t('certificates.settings.rates.band2'), rate(cvae.band2Pcm)],
    [t('certificates.settings.rates.band3'), rate(cvae.band3Pcm)],
    [t('certificates.settings.rates.max'), rate(cvae.maxPcm)],
    [t('certificates.settings.rates.reduction'), format.euros(cvae.smallBusinessReduction * 100)],
    [t('certificates.settings.rates.franchise'), format.euros(cvae.franchise * 100)],
    [t('certificates.settings.rates.plafonnement'), rate(settings.taxRates.plafonnementPcm)],
  ];
  return (
    <section aria-labelledby="rates-heading" className="section">
      <h2 id="rates-heading">{t('certificates.settings.ratesTitle', { year: settings.taxRates.year })}</h2>
      <p className="narrow">{settings.defaultTaxRates ? t('certificates.settings.ratesDefault') : t('certificates.settings.ratesCustom')}</p>
      <div className="table-wrap table-wrap--narrow">
        <table>
          <caption>{t('certificates.settings.ratesCaption')}</caption>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="numeric">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted narrow">
        {t('certificates.simulator.ratesUsed', { year: settings.taxRates.year })}
        {t('common.colon')}
        <span lang="fr">{settings.taxRates.source}</span>
      </p>
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

/** The facilitators' settings: the CUT policy (reduction per level), the CET rates in use, the signing keys. */
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
            <RatesSection settings={data} />
          </>
        )}
      </QueryState>
      <KeysSection slug={slug} />
    </>
  );
}
