import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { organisationKinds, type OrganisationKind } from '../../api-contract';
import { SelectField } from '../../components/fields';
import { ProblemAlert } from '../../components/problem-alert';
import { asProblem } from '../../components/problem';
import { Loading } from '../../components/query-state';
import { useFormat } from '../../format';
import { useDocumentTitle } from '../../layout/document-title';
import { useWorkspace } from './workspace-layout';

const pageSize = 25;

export function OrganisationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug, territory, isFacilitator } = useWorkspace();
  useDocumentTitle(t('organisations.title'), territory.name);
  const [kind, setKind] = useState<OrganisationKind | ''>('');
  const organisations = useInfiniteQuery({
    queryKey: ['organisations', slug, kind, 'workspace'],
    queryFn: ({ pageParam }) => api.organisations(slug, { kind, limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = organisations.data?.pages.flatMap((page) => page.items) ?? [];
  const base = `/workspace/${slug}/organisations`;
  return (
    <>
      <h1>{t('organisations.title')}</h1>
      {isFacilitator && (
        <p className="actions">
          <Link className="button" to={`${base}/new`}>
            {t('organisations.newTitle')}
          </Link>
          <Link className="button button--secondary" to={`${base}/import`}>
            {t('organisations.importTitle')}
          </Link>
        </p>
      )}
      <div className="filters">
        <SelectField
          id="organisations-kind"
          label={t('organisations.filterByKind')}
          value={kind}
          onChange={(event) => setKind(event.target.value as OrganisationKind | '')}
        >
          <option value="">{t('organisations.allKinds')}</option>
          {organisationKinds.map((value) => (
            <option key={value} value={value}>
              {t(`kinds.${value}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {organisations.isPending && <Loading />}
      <ProblemAlert problem={asProblem(organisations.error)} />
      {organisations.isSuccess && items.length === 0 && <p>{t('organisations.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>
              {t('organisations.caption', {
                territory: territory.name,
                shown: format.integer(items.length),
                count: items.length,
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('organisation.name')}</th>
                <th scope="col">{t('organisation.kind')}</th>
                <th scope="col">{t('organisation.commune')}</th>
                <th scope="col">{t('organisation.activity')}</th>
                <th scope="col">{t('organisation.siret')}</th>
                <th scope="col">{t('organisation.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((organisation) => (
                <tr key={organisation.id}>
                  <th scope="row">
                    <Link to={`${base}/${organisation.id}`}>{organisation.name}</Link>
                  </th>
                  <td>{t(`kinds.${organisation.kind}`)}</td>
                  <td>{organisation.communeName ?? '—'}</td>
                  <td lang={organisation.nafLabel ? 'fr' : undefined}>{organisation.nafLabel ?? '—'}</td>
                  <td className="nowrap">{organisation.siret ?? '—'}</td>
                  <td className="nowrap">{format.date(organisation.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {organisations.hasNextPage && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void organisations.fetchNextPage()}
          disabled={organisations.isFetchingNextPage}
        >
          {t('common.showMore')}
        </button>
      )}
      <p className="sr-only" aria-live="polite">
        {organisations.isFetchingNextPage ? t('common.loading') : ''}
      </p>
    </>
  );
}
