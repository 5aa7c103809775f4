import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../../components/query-state';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import type { IndicatorPage as IndicatorPageData } from '../../../indicators-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { IndicatorData } from './indicator-data';
import { IndicatorMetadata } from './indicator-metadata';
import { IndicatorProgress } from './indicator-progress';
import { IndicatorRevisions } from './indicator-revisions';
import { useIndicatorText } from './indicator-text';
import { IndicatorsWorkspaceLink } from './indicators-workspace-link';
import { IndicatorOpenData } from './open-data-links';
import { ProgressStatusLabel } from './progress-status';
import { TOTAL_KEY, seriesKeyOf } from './series';
import './indicators.css';

/** The latest value of the total, its target and where it stands: the answer most readers came for. */
function KeyFacts({ page }: { page: IndicatorPageData }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const d = page.indicator;
  const total = page.observations.filter((o) => o.current && seriesKeyOf(o.dimensions) === TOTAL_KEY);
  const latest = [...total].sort((a, b) => (a.period < b.period ? -1 : 1)).at(-1);
  if (d.kind === 'narrative') {
    return latest ? (
      <figure className="indicator-statement">
        <blockquote>
          <p>{String(latest.value)}</p>
        </blockquote>
        <figcaption>{t('indicators.page.statementOf', { period: text.period(latest.period) })}</figcaption>
      </figure>
    ) : null;
  }
  return (
    <dl className="facts">
      <div>
        <dt>{t('indicators.page.latest')}</dt>
        <dd>
          {latest ? text.value(d, latest.value) : t('indicators.index.noValue')}
          {latest && (
            <span className="facts__note">
              {text.period(latest.period)}
              {latest.status === 'provisional' && ` — ${t('indicators.statuses.provisional')}`}
            </span>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('indicators.index.target')}</dt>
        <dd>
          {page.target
            ? t('indicators.targetShort', { value: text.value(d, page.target.targetValue), year: page.target.targetYear })
            : t('indicators.index.noTarget')}
          {page.target && (
            <span className="facts__note">
              {page.target.origin === 'vision'
                ? t('indicators.targetOrigin.vision', { version: page.target.visionVersion ?? '' })
                : t('indicators.targetOrigin.direct')}
            </span>
          )}
        </dd>
      </div>
      <div>
        <dt>{page.target ? t('indicators.index.progress') : t('indicators.page.trend')}</dt>
        <dd>
          <ProgressStatusLabel status={page.progress.status} hasTarget={page.target !== null} />
          <span className="facts__note">
            <a href="#progress">{t('indicators.page.howComputed')}</a>
          </span>
        </dd>
      </div>
    </dl>
  );
}

function OnThisPage() {
  const { t } = useTranslation();
  const entries = [
    ['data', t('indicators.data.title')],
    ['progress', t('indicators.page.progressLink')],
    ['metadata', t('indicators.metadata.title')],
    ['revisions', t('indicators.revisions.title')],
    ['downloads', t('indicators.downloads.title')],
  ] as const;
  return (
    <nav aria-label={t('indicators.page.onThisPage')} className="on-this-page">
      <p className="on-this-page__title" aria-hidden="true">
        {t('indicators.page.onThisPage')}
      </p>
      <ul>
        {entries.map(([id, label]) => (
          <li key={id}>
            <a href={`#${id}`}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function IndicatorContent({ slug, page }: { slug: string; page: IndicatorPageData }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  return (
    <>
      <h1>{text.name(page.indicator)}</h1>
      <p className="lead">{text.bilingual(page.indicator.description)}</p>
      <KeyFacts page={page} />
      <IndicatorsWorkspaceLink slug={slug} path={`/${page.indicator.code}`} label={t('indicators.page.manage')} />
      <OnThisPage />
      {/* Keyed by indicator: another indicator starts again from its own total series. */}
      <IndicatorData key={page.indicator.code} page={page} />
      <IndicatorProgress slug={slug} page={page} />
      <IndicatorMetadata page={page} />
      <IndicatorRevisions slug={slug} page={page} />
      <div id="downloads">
        <IndicatorOpenData slug={slug} files={page.files} licence={page.licence} />
      </div>
      <p>
        <Link to={`/t/${slug}/indicators`}>{t('indicators.page.backToIndex')}</Link>
      </p>
    </>
  );
}

/** One indicator: its values as a chart and a table, where it stands, what it is, its history and its files. */
export function IndicatorPage() {
  const { t } = useTranslation();
  const text = useIndicatorText();
  const { slug = '', code = '' } = useParams();
  const page = useQuery({ queryKey: [...indicatorsKey(slug), 'page', code], queryFn: () => indicatorsApi.page(slug, code) });
  const name = page.data ? text.name(page.data.indicator) : undefined;
  useDocumentTitle(name, t('indicators.index.title'), page.data?.territory.name);
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={page.data?.territory.name}
        parents={[{ to: `/t/${slug}/indicators`, label: t('indicators.index.title') }]}
        current={name ?? code}
      />
      <QueryState query={page}>{(data) => <IndicatorContent slug={slug} page={data} />}</QueryState>
    </>
  );
}
