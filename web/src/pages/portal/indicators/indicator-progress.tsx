import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format';
import { openDataUrl } from '../../../indicators-api';
import type { IndicatorPage } from '../../../indicators-contract';
import { translateOr } from '../../../i18n';
import { useIndicatorText } from './indicator-text';
import { ProgressStatusLabel, useProgressWords } from './progress-status';

const stepValue = (page: IndicatorPage, step: string) => {
  const value = page.progress.steps.find((s) => s.step === step)?.value;
  return typeof value === 'number' ? value : null;
};

/** The calculation in words a person can follow: the pace seen, the pace needed, and how they compare. */
function PlainExplanation({ page }: { page: IndicatorPage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useIndicatorText();
  const { progress, indicator } = page;
  const { inputs } = progress;
  const rate = (value: number) => t('indicators.progressSection.perYear', { rate: format.basisPoints(Math.round(value * 10_000)) });
  const observed = stepValue(page, 'observed growth');
  const required = stepValue(page, 'required growth');
  if (progress.method === 'conditions' || inputs.baseYear === null || inputs.currentYear === null || observed === null) return null;
  const sentences = [
    t('indicators.progressSection.from', {
      baseYear: inputs.baseYear,
      baseValue: inputs.baseValue === null ? '' : text.value(indicator, inputs.baseValue),
      currentYear: inputs.currentYear,
      currentValue: inputs.currentValue === null ? '' : text.value(indicator, inputs.currentValue),
      rate: rate(observed),
    }),
  ];
  if (progress.method === 'target' && required !== null && inputs.targetValue !== null) {
    sentences.push(t('indicators.progressSection.needed', { target: text.value(indicator, inputs.targetValue), year: inputs.targetYear, rate: rate(required) }));
    if (progress.progressValue !== null) sentences.push(t('indicators.progressSection.ratio', { ratio: format.basisPoints(Math.round(progress.progressValue * 10_000)) }));
  }
  return <p className="narrow">{sentences.join(' ')}</p>;
}

/** Where the indicator stands and why: the status, its meaning, the calculation step by step, and its file. */
export function IndicatorProgress({ slug, page }: { slug: string; page: IndicatorPage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const words = useProgressWords();
  const { progress } = page;
  const hasTarget = page.target !== null;
  return (
    <section aria-labelledby="progress-heading" className="section" id="progress">
      <h2 id="progress-heading">{hasTarget ? t('indicators.progressSection.title') : t('indicators.progressSection.trendTitle')}</h2>
      <p className="progress-verdict">
        <ProgressStatusLabel status={progress.status} hasTarget={hasTarget} />
      </p>
      <p className="narrow">
        {words.meaning(progress.status, hasTarget)}
        {progress.reason && ` ${words.reason(progress.reason)}`}
      </p>
      <PlainExplanation page={page} />
      {progress.method !== null && <p className="narrow muted">{t('indicators.progressSection.method')}</p>}
      {progress.steps.length > 0 && (
        <details className="calculation">
          <summary>{t('indicators.progressSection.stepsSummary')}</summary>
          <div className="table-wrap">
            <table>
              <caption>{t('indicators.progressSection.stepsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('indicators.progressSection.step')}</th>
                  <th scope="col">{t('indicators.progressSection.formula')}</th>
                  <th scope="col" className="numeric">
                    {t('indicators.progressSection.value')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {progress.steps.map((step) => (
                  <tr key={step.step}>
                    <th scope="row">{translateOr(t, `indicators.progressSection.steps.${step.step.replaceAll(' ', '_')}`, step.step)}</th>
                    <td>
                      <code lang="en">{step.formula}</code>
                    </td>
                    <td className="numeric">
                      {typeof step.value === 'number' ? format.decimal(step.value) : step.value === null ? '—' : <span lang="en">{step.value}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
      <p>
        <a href={openDataUrl(slug, page.files.progressCsv)}>{t('indicators.downloads.progress')}</a>
        <span className="download__format"> ({t('indicators.downloads.formats.csv')})</span>
      </p>
    </section>
  );
}
