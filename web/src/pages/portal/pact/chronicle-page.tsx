import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../../api';
import { chronicleKinds, type ChronicleEntry, type ChronicleFilter, type ChronicleKind } from '../../../api-contract';
import { SelectField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { chronicleTarget, useOrganisationNames } from './pact-parts';

const pageSize = 20;
const filterKeys = ['taskForceId', 'organisationId', 'kind'] as const;

const isChronicleKind = (kind: string): kind is ChronicleKind => chronicleKinds.includes(kind as ChronicleKind);

function EntryItem({ slug, entry, taskForceName }: { slug: string; entry: ChronicleEntry; taskForceName: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const target = chronicleTarget(slug, entry.linkPath);
  return (
    <li className="chronicle__entry">
      <p className="chronicle__meta">
        <time dateTime={entry.occurredAt}>{format.dateTime(entry.occurredAt)}</time>
        {' · '}
        <span className="badge">{isChronicleKind(entry.kind) ? t(`pact.chronicle.kinds.${entry.kind}`) : entry.kind}</span>
        {taskForceName && (
          <>
            {' · '}
            {taskForceName}
          </>
        )}
      </p>
      <h2 className="chronicle__title">{target ? <Link to={target}>{entry.title}</Link> : entry.title}</h2>
      {entry.body && entry.body !== entry.title && <p>{entry.body}</p>}
    </li>
  );
}

/** The public chronicle of the transitions: newest first, filtered, with its Atom feed. */
export function ChroniclePage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter: ChronicleFilter = {};
  for (const key of filterKeys) {
    const value = searchParams.get(key);
    if (value) filter[key] = value;
  }
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const taskForces = useQuery({ queryKey: ['task-forces', slug], queryFn: () => api.taskForces(slug) });
  const names = useOrganisationNames(slug);
  const chronicle = useInfiniteQuery({
    queryKey: ['chronicle', slug, filter],
    queryFn: ({ pageParam }) => api.chronicle(slug, { ...filter, limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const title = t('pact.chronicle.title');
  useDocumentTitle(title, territory.data?.name);
  const setFilter = (key: (typeof filterKeys)[number], value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearchParams(next, { replace: true });
  };
  const taskForceNames = new Map((taskForces.data?.items ?? []).map((taskForce) => [taskForce.id, taskForce.name]));
  const organisations = [...names].sort(([, a], [, b]) => a.localeCompare(b));
  const items = chronicle.data?.pages.flatMap((page) => page.items) ?? [];
  const feedUrl = api.chronicleFeedUrl(slug, filter);
  const feedTitle = t('pact.chronicle.feedTitle', { territory: territory.data?.name ?? slug });
  return (
    <>
      <link rel="alternate" type="application/atom+xml" title={feedTitle} href={feedUrl} />
      <PortalBreadcrumb
        slug={slug}
        territoryName={territory.data?.name}
        parents={[{ to: `/t/${slug}/pact`, label: t('pact.breadcrumb') }]}
        current={t('pact.chronicle.breadcrumb')}
      />
      <h1>{title}</h1>
      <p className="lead">{t('pact.chronicle.intro')}</p>
      <p>
        <a href={feedUrl} type="application/atom+xml" className="feed-link">
          {t('pact.chronicle.feed')}
          <span className="download__format"> ({t('pact.chronicle.feedFormat')})</span>
        </a>
      </p>
      <div className="filters filters--row">
        <SelectField
          id="chronicle-task-force"
          label={t('pact.chronicle.taskForce')}
          value={filter.taskForceId ?? ''}
          onChange={(event) => setFilter('taskForceId', event.target.value)}
        >
          <option value="">{t('pact.chronicle.allTaskForces')}</option>
          {taskForces.data?.items.map((taskForce) => (
            <option key={taskForce.id} value={taskForce.id}>
              {taskForce.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="chronicle-organisation"
          label={t('pact.chronicle.organisation')}
          value={filter.organisationId ?? ''}
          onChange={(event) => setFilter('organisationId', event.target.value)}
        >
          <option value="">{t('pact.chronicle.allOrganisations')}</option>
          {organisations.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="chronicle-kind"
          label={t('pact.chronicle.kind')}
          value={filter.kind ?? ''}
          onChange={(event) => setFilter('kind', event.target.value)}
        >
          <option value="">{t('pact.chronicle.allKinds')}</option>
          {chronicleKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`pact.chronicle.kinds.${kind}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {chronicle.isPending && <Loading />}
      <ProblemAlert problem={asProblem(chronicle.error)} />
      {chronicle.isSuccess && items.length === 0 && <p>{t('pact.chronicle.empty')}</p>}
      {items.length > 0 && (
        <ol className="chronicle" aria-label={t('pact.chronicle.listLabel', { count: items.length })}>
          {items.map((entry) => (
            <EntryItem
              key={entry.id}
              slug={slug}
              entry={entry}
              taskForceName={entry.taskForceId ? taskForceNames.get(entry.taskForceId) : undefined}
            />
          ))}
        </ol>
      )}
      {chronicle.hasNextPage && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void chronicle.fetchNextPage()}
          disabled={chronicle.isFetchingNextPage}
        >
          {t('common.showMore')}
        </button>
      )}
      <p className="sr-only" aria-live="polite">
        {chronicle.isFetchingNextPage ? t('common.loading') : ''}
      </p>
    </>
  );
}
