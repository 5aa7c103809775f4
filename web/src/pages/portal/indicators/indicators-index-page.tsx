import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { QueryState } from '../../../components/query-state';
import { indicatorsApi, indicatorsKey } from '../../../indicators-api';
import {
  agenda21Finalites,
  frameworks,
  oecdTopics,
  sdgGoals,
  type Framework,
  type IndicatorCatalogue,
  type IndicatorSummary,
} from '../../../indicators-contract';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { useFrameworkWords } from './framework-words';
import { useIndicatorText } from './indicator-text';
import { IndicatorsWorkspaceLink } from './indicators-workspace-link';
import { TerritoryOpenData } from './open-data-links';
import { ProgressStatusLabel } from './progress-status';
import './indicators.css';

const views = ['all', ...frameworks] as const;
type View = (typeof views)[number];

const isView = (value: string | null): value is View => views.includes(value as View);

interface Group {
  id: string;
  title: string;
  items: IndicatorSummary[];
  /** What to say beside each indicator in this group (the SDG targets it follows). */
  note?: (item: IndicatorSummary) => string | null;
}

function useGroups(view: View, items: IndicatorSummary[]): Group[] {
  const { t } = useTranslation();
  const words = useFrameworkWords();
  const text = useIndicatorText();
  const sorted = [...items].sort((a, b) => text.name(a).localeCompare(text.name(b), text.language));
  const inFramework = (framework: Framework) => (item: IndicatorSummary) =>
    framework === 'nir' ? item.tags.nir : framework === 'sdg' ? item.tags.sdg.length > 0 : item.tags[framework].length > 0;
  switch (view) {
    case 'all':
      return [{ id: 'all', title: t('indicators.index.allCaption'), items: sorted }];
    case 'nir':
      return [{ id: 'nir', title: t('indicators.frameworks.nir'), items: sorted.filter(inFramework('nir')) }];
    case 'sdg':
      return sdgGoals.map((goal) => ({
        id: `sdg-${goal}`,
        title: words.sdgGoal(goal),
        items: sorted.filter((item) => item.tags.sdg.some((tag) => tag.goal === goal)),
        note: (item: IndicatorSummary) =>
          t('indicators.index.sdgTargets', {
            targets: item.tags.sdg.filter((tag) => tag.goal === goal).map((tag) => tag.target).join(', '),
          }),
      }));
    case 'agenda21':
      return agenda21Finalites.map((finalite) => ({
        id: `agenda21-${finalite}`,
        title: words.agenda21(finalite),
        items: sorted.filter((item) => item.tags.agenda21.includes(finalite)),
      }));
    case 'oecd':
      return oecdTopics.map((topic) => ({ id: `oecd-${topic}`, title: words.oecd(topic), items: sorted.filter((item) => item.tags.oecd.includes(topic)) }));
  }
}

function LatestValue({ item }: { item: IndicatorSummary }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  if (!item.latest) return <span className="muted">{t('indicators.index.noValue')}</span>;
  return (
    <>
      <span className={item.kind === 'narrative' ? 'indicator-narrative' : undefined}>{text.value(item, item.latest.value)}</span>
      <span className="cell-note">
        {text.period(item.latest.period)}
        {item.latest.status === 'provisional' && ` — ${t('indicators.statuses.provisional')}`}
      </span>
    </>
  );
}

function TargetCell({ item }: { item: IndicatorSummary }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  if (!item.target) return <span className="muted">{t('indicators.index.noTarget')}</span>;
  return <>{t('indicators.targetShort', { value: text.value(item, item.target.targetValue), year: item.target.targetYear })}</>;
}

function GroupTable({ slug, group }: { slug: string; group: Group }) {
  const { t } = useTranslation();
  const text = useIndicatorText();
  return (
    <div className="table-wrap">
      <table className="indicator-list">
        <caption>
          {group.title}
          <span className="caption__hint"> — {t('indicators.index.count', { count: group.items.length })}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('indicators.index.indicator')}</th>
            <th scope="col">{t('indicators.index.latest')}</th>
            <th scope="col">{t('indicators.index.target')}</th>
            <th scope="col">{t('indicators.index.progress')}</th>
          </tr>
        </thead>
        <tbody>
          {group.items.map((item) => (
            <tr key={item.code}>
              <th scope="row">
                <Link to={`/t/${slug}/indicators/${item.code}`}>{text.name(item)}</Link>
                {group.note?.(item) && <span className="cell-note">{group.note(item)}</span>}
              </th>
              <td>
                <LatestValue item={item} />
              </td>
              <td>
                <TargetCell item={item} />
              </td>
              <td>
                <ProgressStatusLabel status={item.progress.status} hasTarget={item.target !== null} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ViewNav({ view }: { view: View }) {
  const { t } = useTranslation();
  return (
    <nav className="sub-nav" aria-label={t('indicators.index.viewsLabel')}>
      <ul>
        {views.map((candidate) => (
          <li key={candidate}>
            <Link to={{ search: candidate === 'all' ? '' : `?view=${candidate}` }} aria-current={candidate === view ? 'page' : undefined}>
              {t(`indicators.views.${candidate}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Catalogue({ slug, view, catalogue }: { slug: string; view: View; catalogue: IndicatorCatalogue }) {
  const { t } = useTranslation();
  const groups = useGroups(view, catalogue.items).filter((group) => group.items.length > 0);
  return (
    <>
      <ViewNav view={view} />
      <h2 id="view-heading">{t(`indicators.views.${view}`)}</h2>
      <p className="narrow">{t(`indicators.viewIntros.${view}`)}</p>
      {groups.length === 0 ? (
        <p>{t('indicators.index.emptyView')}</p>
      ) : (
        groups.map((group) => <GroupTable key={group.id} slug={slug} group={group} />)
      )}
      <TerritoryOpenData slug={slug} licence={catalogue.licence} />
    </>
  );
}

/** The territory's indicators beyond GDP, by framework, with the latest value and where each stands. */
export function IndicatorsIndexPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const [search] = useSearchParams();
  const asked = search.get('view');
  const view: View = isView(asked) ? asked : 'all';
  const catalogue = useQuery({ queryKey: [...indicatorsKey(slug), 'catalogue'], queryFn: () => indicatorsApi.catalogue(slug) });
  const territoryName = catalogue.data?.territory.name;
  useDocumentTitle(view === 'all' ? t('indicators.index.title') : `${t(`indicators.views.${view}`)} — ${t('indicators.index.title')}`, territoryName);
  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territoryName} current={t('indicators.index.title')} />
      <h1>{t('indicators.index.title')}</h1>
      <p className="lead">{t('indicators.index.lead')}</p>
      <p className="indicator-callout">
        <Link to={`/t/${slug}/indicators/overview`}>{t('indicators.index.overviewLink')}</Link>
        <span className="cell-note">{t('indicators.index.overviewTeaser')}</span>
      </p>
      <IndicatorsWorkspaceLink slug={slug} path="" label={t('indicators.nav.manage')} />
      <QueryState query={catalogue}>{(data) => <Catalogue slug={slug} view={view} catalogue={data} />}</QueryState>
    </>
  );
}
