import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, type ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { certificatesApi, certificatesKey } from '../../../certificates-api';
import type { TaxInputs, TaxSimulation } from '../../../certificates-contract';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem, fieldErrorsOf } from '../../../components/problem';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { localProblem, parseDecimal } from '../../workspace/pact/form-values';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { useLocalised } from './certificate-words';
import { CertificatesSubNav } from './certificates-sub-nav';
import './certificates.css';

const idPrefix = 'simulator';
type MoneyField = 'cfeBase' | 'turnover' | 'valueAdded';

/** The texts the rates come from: the tax code on Légifrance and the finance laws that set the 2026 schedule. */
const sources = [
  { key: 'cgi', url: 'https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006069577' },
  { key: 'lf2024', url: 'https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000048727345' },
  { key: 'lf2025', url: 'https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000051168007' },
] as const;

interface Values {
  cfeBase: string;
  cfeRate: string;
  turnover: string;
  valueAdded: string;
  organisationId: string;
}

function useParse() {
  const { t } = useTranslation();
  return (values: Values): { inputs: TaxInputs | null; errors: ProblemFieldError[] } => {
    const errors: ProblemFieldError[] = [];
    const cents: Partial<Record<MoneyField, number>> = {};
    let rate: number | null = null;
    // In the order of the form, so that the error summary reads like it.
    for (const field of ['cfeBase', 'cfeRate', 'turnover', 'valueAdded'] as const) {
      const parsed = parseDecimal(values[field]);
      if (field === 'cfeRate') {
        if (parsed === null) errors.push({ field, code: 'required', message: t('certificates.simulator.errors.rateRequired') });
        else if (parsed === 'invalid' || parsed < 0 || parsed > 100) errors.push({ field, code: 'invalid_rate', message: t('certificates.simulator.errors.rate') });
        else rate = parsed;
      } else if (parsed === null) errors.push({ field, code: 'required', message: t('certificates.simulator.errors.required') });
      else if (parsed === 'invalid' || parsed < 0) errors.push({ field, code: 'invalid_amount', message: t('certificates.simulator.errors.amount') });
      else cents[field] = Math.round(parsed * 100);
    }
    if (errors.length > 0 || rate === null) return { inputs: null, errors };
    return {
      inputs: { cfeBase: cents.cfeBase ?? 0, cfeRateBp: Math.round(rate * 100), turnover: cents.turnover ?? 0, valueAdded: cents.valueAdded ?? 0 },
      errors,
    };
  };
}

function CetTable({ simulation }: { simulation: TaxSimulation }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { cet, inputs, rates } = simulation;
  const rate = (pcm: number) => new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 5 }).format(pcm / 100_000);
  const rows: { key: string; label: string; note?: string; amount: number; total?: boolean }[] = [
    { key: 'cfe', label: t('certificates.simulator.cet.cfe'), note: t('certificates.simulator.cet.cfeNote', { base: format.euros(inputs.cfeBase), rate: format.basisPoints(inputs.cfeRateBp) }), amount: cet.cfe },
    { key: 'taxable', label: t('certificates.simulator.cet.taxableValueAdded'), note: t('certificates.simulator.cet.taxableNote'), amount: cet.taxableValueAdded },
    { key: 'cvaeBefore', label: t('certificates.simulator.cet.cvaeBefore'), note: t('certificates.simulator.cet.cvaeRate', { rate: rate(cet.cvaeRatePcm) }), amount: cet.cvaeBeforeReductions },
    { key: 'cvaeReduction', label: t('certificates.simulator.cet.cvaeReduction'), note: t('certificates.simulator.cet.cvaeReductionNote'), amount: cet.cvaeReduction === 0 ? 0 : -cet.cvaeReduction },
    {
      key: 'cvae',
      label: t('certificates.simulator.cet.cvae'),
      ...(cet.cvaeFranchised ? { note: t('certificates.simulator.cet.franchised', { franchise: format.euros(rates.cvae.franchise * 100) }) } : {}),
      amount: cet.cvae,
    },
    { key: 'before', label: t('certificates.simulator.cet.beforeCap'), note: t('certificates.simulator.cet.beforeCapNote'), amount: cet.cetBeforeCap, total: true },
    { key: 'cap', label: t('certificates.simulator.cet.cap'), note: t('certificates.simulator.cet.capNote', { rate: rate(rates.plafonnementPcm) }), amount: cet.cap },
    { key: 'relief', label: t('certificates.simulator.cet.relief'), note: t('certificates.simulator.cet.reliefNote'), amount: cet.capRelief === 0 ? 0 : -cet.capRelief },
  ];
  return (
    <div className="table-wrap table-wrap--medium">
      <table className="cut-tax">
        <caption>{t('certificates.simulator.cet.caption', { year: rates.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('certificates.simulator.cet.line')}</th>
            <th scope="col" className="numeric">
              {t('certificates.simulator.cet.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={row.total ? 'cut-tax__total' : undefined}>
              <th scope="row">
                {row.label}
                {row.note && <span className="cell-note">{row.note}</span>}
              </th>
              <td className="numeric nowrap">{format.euros(row.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="cut-tax__total">
            <th scope="row">{t('certificates.simulator.cet.due')}</th>
            <td className="numeric nowrap">{format.euros(cet.cet)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function CutTable({ simulation }: { simulation: TaxSimulation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const localised = useLocalised();
  const own = simulation.cut.find((line) => line.level !== null && line.level === simulation.organisationLevel);
  return (
    <>
      {own && (
        <p className="statement">
          {t('certificates.simulator.cut.ownLevel', { level: localised(own.label), due: format.euros(own.due), cet: format.euros(simulation.cet.cet) })}
        </p>
      )}
      <div className="table-wrap table-wrap--medium">
        <table className="cut-tax">
          <caption>{t('certificates.simulator.cut.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('certificates.simulator.cut.level')}</th>
              <th scope="col" className="numeric">
                {t('certificates.simulator.cut.reductionRate')}
              </th>
              <th scope="col" className="numeric">
                {t('certificates.simulator.cut.reduction')}
              </th>
              <th scope="col" className="numeric">
                {t('certificates.simulator.cut.due')}
              </th>
            </tr>
          </thead>
          <tbody>
            {simulation.cut.map((line) => {
              const isOwn = line === own;
              return (
                <tr key={line.level ?? 'none'} className={isOwn ? 'cut-tax__own' : undefined}>
                  <th scope="row">
                    {line.level === null ? t('certificates.simulator.cut.noCertificate') : localised(line.label)}
                    {isOwn && <span className="cell-note">{t('certificates.simulator.cut.ownMarker')}</span>}
                  </th>
                  <td className="numeric">{format.basisPoints(line.reductionBp)}</td>
                  <td className="numeric nowrap">{format.euros(line.reduction)}</td>
                  <td className="numeric nowrap">{format.euros(line.due)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Sources({ simulation }: { simulation: TaxSimulation | undefined }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="simulator-sources" className="section">
      <h2 id="simulator-sources">{t('certificates.simulator.sourcesTitle')}</h2>
      <p className="narrow">{t('certificates.simulator.sourcesIntro')}</p>
      <ul className="link-list">
        {sources.map((source) => (
          <li key={source.key}>
            <a href={source.url} hrefLang="fr">
              {t(`certificates.simulator.sources.${source.key}`)}
            </a>
          </li>
        ))}
      </ul>
      {simulation && (
        <p className="muted narrow">
          {t('certificates.simulator.ratesUsed', { year: simulation.rates.year })}
          {t('common.colon')}
          <span lang="fr">{simulation.rates.source}</span>
        </p>
      )}
      <p className="narrow">{t('certificates.simulator.notSimulated')}</p>
    </section>
  );
}

/**
 * What the Pacte 21 scenario would change for an organisation: the CET it owes today (CFE + CVAE, capped
 * by its value added), then what each certificate level would leave of it under the territory's policy.
 */
export function TaxSimulatorPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const parse = useParse();
  const localised = useLocalised();
  const money = useFormat();
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const resultRef = useRef<HTMLElement>(null);
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const certified = useQuery({
    queryKey: [...certificatesKey(slug), 'registry', { status: 'active' }],
    queryFn: () => certificatesApi.registry(slug, { status: 'active', limit: 100 }),
  });
  const simulate = useMutation({ mutationFn: ({ inputs, organisationId }: { inputs: TaxInputs; organisationId: string | null }) => certificatesApi.simulate(slug, inputs, organisationId) });
  const title = t('certificates.simulator.title');
  useDocumentTitle(title, territory.data?.name);
  const simulation = simulate.data;
  useEffect(() => {
    if (simulation) resultRef.current?.focus();
  }, [simulation]);

  const labels = {
    cfeBase: t('certificates.simulator.fields.cfeBase'),
    cfeRate: t('certificates.simulator.fields.cfeRate'),
    turnover: t('certificates.simulator.fields.turnover'),
    valueAdded: t('certificates.simulator.fields.valueAdded'),
    organisationId: t('certificates.simulator.fields.organisation'),
    cfeRateBp: t('certificates.simulator.fields.cfeRate'),
  };
  const shown = local ?? asProblem(simulate.error);
  const errors = fieldErrorsOf(t, shown);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: keyof Values) => String(data.get(name) ?? '');
    const values: Values = { cfeBase: value('cfeBase'), cfeRate: value('cfeRate'), turnover: value('turnover'), valueAdded: value('valueAdded'), organisationId: value('organisationId') };
    const { inputs, errors: found } = parse(values);
    const invalid = localProblem(found);
    setLocal(invalid);
    if (!inputs) return;
    simulate.mutate({ inputs, organisationId: values.organisationId || null });
  }

  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} parents={[{ to: `/t/${slug}/certificates`, label: t('certificates.registry.title') }]} current={title} />
      <h1>{title}</h1>
      <p className="lead">{t('certificates.simulator.lead')}</p>
      <CertificatesSubNav slug={slug} current="simulator" />
      <div className="alert alert--info">
        <p className="alert__title">{t('certificates.simulator.scenarioTitle')}</p>
        <p>{t('certificates.simulator.scenario')}</p>
      </div>
      <ProblemAlert problem={shown} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">{t('common.requiredNote')}</p>
        <div className="field-row">
          <TextField id={`${idPrefix}-cfeBase`} name="cfeBase" label={labels.cfeBase} hint={t('certificates.simulator.hints.cfeBase')} inputMode="decimal" required autoComplete="off" error={errors.cfeBase} />
          <TextField id={`${idPrefix}-cfeRate`} name="cfeRate" label={labels.cfeRate} hint={t('certificates.simulator.hints.cfeRate')} inputMode="decimal" required autoComplete="off" error={errors.cfeRate ?? errors.cfeRateBp} />
        </div>
        <div className="field-row">
          <TextField id={`${idPrefix}-turnover`} name="turnover" label={labels.turnover} hint={t('certificates.simulator.hints.turnover')} inputMode="decimal" required autoComplete="off" error={errors.turnover} />
          <TextField id={`${idPrefix}-valueAdded`} name="valueAdded" label={labels.valueAdded} hint={t('certificates.simulator.hints.valueAdded')} inputMode="decimal" required autoComplete="off" error={errors.valueAdded} />
        </div>
        <SelectField id={`${idPrefix}-organisationId`} name="organisationId" label={labels.organisationId} hint={t('certificates.simulator.hints.organisation')} defaultValue="" error={errors.organisationId}>
          <option value="">{t('certificates.simulator.noOrganisation')}</option>
          {certified.data?.items.map((item) => (
            <option key={item.organisation.id} value={item.organisation.id}>
              {item.organisation.name} — {localised(item.level.label)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={simulate.isPending}>
          {t('certificates.simulator.submit')}
        </button>
      </form>
      {simulation && (
        <section aria-labelledby="simulator-result" className="section" tabIndex={-1} ref={resultRef}>
          <h2 id="simulator-result">{t('certificates.simulator.resultTitle')}</h2>
          <p className="statement">{t('certificates.simulator.cetSummary', { cet: money.euros(simulation.cet.cet), cfe: money.euros(simulation.cet.cfe), cvae: money.euros(simulation.cet.cvae) })}</p>
          <CetTable simulation={simulation} />
          <h3>{t('certificates.simulator.cut.title')}</h3>
          <p className="narrow">{t('certificates.simulator.cut.intro')}</p>
          <CutTable simulation={simulation} />
        </section>
      )}
      <Sources simulation={simulation} />
    </>
  );
}
