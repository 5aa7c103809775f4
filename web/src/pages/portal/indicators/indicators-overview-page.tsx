import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import { progressStatuses, type IndicatorCatalogue, type IndicatorSummary, type ProgressStatus } from '../../../indicators-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { useIndicatorText } from './indicator-text';
import { ProgressStatusLabel, ProgressStatusLegend, useProgressWords } from './progress-status';
import './indicators.css';

/** "64.9 % in 2025 (provisional). Target: reach 68 % by 2030." — what a person would say. */
function ObjectiveSentence({ item }: { item: IndicatorSummary }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const target = item.target!;
  const direction = item.kind !== 'quantitative' ? 'reach' : item.polarity === 'lower_is_better' ? 'lower' : 'raise';
  return (
    <p className="objective__sentence">
      {item.latest
        ? t(item.latest.status === 'provisional' ? 'indicators.overview.nowProvisional' : 'indicators.overview.now', {
            value: text.value(item, item.latest.value),
            period: text.period(item.latest.period),
          })
        : t('indicators.overview.noValueYet')}{' '}
      {t(`indicators.overview.target.${direction}`, { value: text.value(item, target.targetValue), year: target.targetYear })}
    </p>
  );
}

function StatusGroup({ slug, status, items }: { slug: string; status: ProgressStatus; items: IndicatorSummary[] }) {
  const { t } = useTranslation();
  const words = useProgressWords();
  const text = useIndicatorText();
  return (
    <section aria-labelledby={`status-${status}`} className="section">
      <h2 id={`status-${status}`}>
        <ProgressStatusLabel status={status} hasTarget />
        <span className="count"> ({items.length})</span>
      </h2>
      <p className="narrow">{words.meaning(status, true)}</p>
      <ul className="objective-list">
        {items.map((item) => (
          <li key={item.code} className="objective">
            <h3 className="objective__title">
              <Link to={`/t/${slug}/indicators/${item.code}`}>{text.name(item)}</Link>
            </h3>
            <ObjectiveSentence item={item} />
            {item.target?.origin === 'vision' && <p className="cell-note">{t('indicators.overview.fromVision')}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SummaryTable({ groups, total }: { groups: [ProgressStatus, IndicatorSummary[]][]; total: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap table-wrap--narrow">
      <table>
        <caption>{t('indicators.overview.summaryCaption', { count: total })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.overview.status')}</th>
            <th scope="col" className="numeric">
              {t('indicators.overview.objectives')}
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map(([status, items]) => (
            <tr key={status}>
              <th scope="row">
                <a href={`#status-${status}`}>
                  <ProgressStatusLabel status={status} hasTarget />
                </a>
              </th>
              <td className="numeric">{format.integer(items.length)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('common.total')}</th>
            <td className="numeric">{format.integer(total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Overview({ slug, catalogue }: { slug: string; catalogue: IndicatorCatalogue }) {
  const { t } = useTranslation();
  const groups = progressStatuses
    .map((status): [ProgressStatus, IndicatorSummary[]] => [status, catalogue.items.filter((item) => item.progress.status === status)])
    .filter(([, items]) => items.length > 0);
  const good = catalogue.items.filter((item) => ['target_achieved', 'substantial_progress'].includes(item.progress.status)).length;
  const bad = catalogue.items.filter((item) => ['deterioration', 'limited_progress'].includes(item.progress.status)).length;
  if (catalogue.items.length === 0) return <p>{t('indicators.overview.none')}</p>;
  return (
    <>
      <p className="verdict-line">{t('indicators.overview.inShort', { count: catalogue.items.length, good, bad })}</p>
      <SummaryTable groups={groups} total={catalogue.items.length} />
      {groups.map(([status, items]) => (
        <StatusGroup key={status} slug={slug} status={status} items={items} />
      ))}
      <section aria-labelledby="how-to-read-heading" className="section">
        <h2 id="how-to-read-heading">{t('indicators.overview.howToRead')}</h2>
        <p className="narrow">{t('indicators.overview.method')}</p>
        <ProgressStatusLegend hasTarget statuses={progressStatuses} />
        <p className="narrow">{t('indicators.overview.methodDetail')}</p>
      </section>
    </>
  );
}

/**
 * Where each objective of the territory stands against its target, in plain words: the seed's "ne pas
 * être stratosphérique". Only indicators with a target are here; the index has every one.
 */
export function IndicatorsOverviewPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const overview = useQuery({ queryKey: [...indicatorsKey(slug), 'overview'], queryFn: () => indicatorsApi.overview(slug) });
  const territoryName = overview.data?.territory.name;
  useDocumentTitle(t('indicators.overview.title'), territoryName);
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={territoryName}
        parents={[{ to: `/t/${slug}/indicators`, label: t('indicators.index.title') }]}
        current={t('indicators.overview.title')}
      />
      <h1>{t('indicators.overview.title')}</h1>
      <p className="lead">{t('indicators.overview.lead', { territory: territoryName ?? slug })}</p>
      <QueryState query={overview}>{(data) => <Overview slug={slug} catalogue={data} />}</QueryState>
      <p>
        <Link to={`/t/${slug}/indicators`}>{t('indicators.overview.allIndicators')}</Link>
      </p>
    </>
  );
}
