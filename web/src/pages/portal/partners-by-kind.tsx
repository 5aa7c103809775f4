import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { organisationKinds, type OrganisationKind, type TerritoryOverview } from '../../api-contract';
import { ProblemAlert } from '../../components/problem-alert';
import { asProblem } from '../../components/problem';
import { Loading } from '../../components/query-state';
import { useFormat } from '../../format';

const pageSize = 50;

function PartnersOfKind({ slug, kind, count }: { slug: string; kind: OrganisationKind; count: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const organisations = useInfiniteQuery({
    queryKey: ['organisations', slug, kind, 'portal'],
    queryFn: ({ pageParam }) => api.organisations(slug, { kind, limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const kindLabel = t(`kinds.${kind}`);
  const headingId = `partners-${kind}`;
  const items = organisations.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby={headingId} className="section">
      <h3 id={headingId}>
        {kindLabel} <span className="count">({format.integer(count)})</span>
      </h3>
      {organisations.isPending && <Loading />}
      {organisations.isError && <ProblemAlert problem={asProblem(organisations.error)} />}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('territory.partnersOfKind', { kind: kindLabel })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organisation.name')}</th>
                <th scope="col">{t('organisation.commune')}</th>
                <th scope="col">{t('organisation.activity')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((organisation) => (
                <tr key={organisation.id}>
                  <th scope="row">{organisation.name}</th>
                  <td>{organisation.communeName ?? <span className="muted">{t('common.notProvided')}</span>}</td>
                  <td>
                    {organisation.nafLabel ? (
                      <span lang="fr">{organisation.nafLabel}</span>
                    ) : (
                      <span className="muted">{t('common.notProvided')}</span>
                    )}
                  </td>
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
    </section>
  );
}

export function PartnersByKind({ territory }: { territory: TerritoryOverview }) {
  const { t } = useTranslation();
  const format = useFormat();
  const counts = organisationKinds.map((kind) => ({ kind, count: territory.organisationCounts[kind] ?? 0 }));
  const total = counts.reduce((sum, { count }) => sum + count, 0);
  return (
    <section aria-labelledby="partners-heading" className="section">
      <h2 id="partners-heading">{t('territory.partners')}</h2>
      {total === 0 ? (
        <p>{t('territory.noPartners')}</p>
      ) : (
        <>
          <div className="table-wrap table-wrap--narrow">
            <table>
              <caption>{t('territory.partnerCounts')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('organisation.kind')}</th>
                  <th scope="col" className="numeric">
                    {t('territory.partnerCount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {counts.map(({ kind, count }) => (
                  <tr key={kind}>
                    <th scope="row">{t(`kinds.${kind}`)}</th>
                    <td className="numeric">{format.integer(count)}</td>
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
          {counts
            .filter(({ count }) => count > 0)
            .map(({ kind, count }) => (
              <PartnersOfKind key={kind} slug={territory.slug} kind={kind} count={count} />
            ))}
        </>
      )}
    </section>
  );
}
