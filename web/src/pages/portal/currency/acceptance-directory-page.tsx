import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../../api';
import { acceptanceCategories, type AcceptanceCategory } from '../../../api-contract';
import { SelectField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';

const pageSize = 50;

/** The public directory of the organisations that accept the local currency, by category and commune. */
export function AcceptanceDirectoryPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const communes = useQuery({ queryKey: ['communes', slug], queryFn: () => api.communes(slug), staleTime: Infinity });
  const [category, setCategory] = useState<AcceptanceCategory | ''>('');
  const [commune, setCommune] = useState('');
  const directory = useInfiniteQuery({
    queryKey: ['accepting-organisations', slug, category, commune],
    queryFn: ({ pageParam }) => api.acceptingOrganisations(slug, { category, commune, limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const code = territory.data?.currencyCode ?? '';
  const title = t('directory.title', { code });
  useDocumentTitle(title, territory.data?.name);
  const items = directory.data?.pages.flatMap((page) => page.items) ?? [];
  const communeName = communes.data?.items.find((c) => c.code === commune)?.name;
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={territory.data?.name}
        parents={[{ to: `/t/${slug}/currency`, label: t('currency.breadcrumb') }]}
        current={t('directory.breadcrumb')}
      />
      <h1>{title}</h1>
      <p className="lead">{t('directory.intro', { code })}</p>
      <div className="filters filters--row">
        <SelectField
          id="directory-category"
          label={t('directory.category')}
          value={category}
          onChange={(event) => setCategory(event.target.value as AcceptanceCategory | '')}
        >
          <option value="">{t('directory.allCategories')}</option>
          {acceptanceCategories.map((value) => (
            <option key={value} value={value}>
              {t(`directory.categories.${value}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="directory-commune"
          label={t('organisation.commune')}
          value={commune}
          onChange={(event) => setCommune(event.target.value)}
          disabled={communes.isPending}
        >
          <option value="">{t('directory.allCommunes')}</option>
          {communes.data?.items.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
      </div>
      {directory.isPending && <Loading />}
      <ProblemAlert problem={asProblem(directory.error)} />
      {directory.isSuccess && items.length === 0 && <p>{t('directory.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>
              {t('directory.caption', { count: items.length, shown: format.integer(items.length) })}
              {(category || communeName) && (
                <span className="caption__hint">
                  {' — '}
                  {[category ? t(`directory.categories.${category}`) : '', communeName ?? ''].filter(Boolean).join(', ')}
                </span>
              )}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('organisation.name')}</th>
                <th scope="col">{t('directory.category')}</th>
                <th scope="col">{t('organisation.commune')}</th>
                <th scope="col">{t('organisation.address')}</th>
                <th scope="col">{t('directory.note')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((organisation) => (
                <tr key={organisation.organisationId}>
                  <th scope="row">{organisation.name}</th>
                  <td>{t(`directory.categories.${organisation.category}`)}</td>
                  <td>{organisation.communeName ?? <span className="muted">{t('common.notProvided')}</span>}</td>
                  <td>{organisation.address ?? <span className="muted">{t('common.notProvided')}</span>}</td>
                  <td>{organisation.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {directory.hasNextPage && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void directory.fetchNextPage()}
          disabled={directory.isFetchingNextPage}
        >
          {t('common.showMore')}
        </button>
      )}
      <p className="sr-only" aria-live="polite">
        {directory.isFetchingNextPage ? t('common.loading') : ''}
      </p>
    </>
  );
}
