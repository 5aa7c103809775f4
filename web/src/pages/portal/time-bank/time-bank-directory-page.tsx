import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api';
import { listingKinds, timeBankCategories, type ListingKind, type TimeBankCategory } from '../../../api-contract';
import { SelectField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { Loading } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { ListingCard } from './listing-card';

const pageSize = 30;

interface Filters {
  kind: ListingKind | '';
  category: TimeBankCategory | '';
  q: string;
}

/** The public directory of the time bank: what members offer and what they need, in hours. */
export function TimeBankDirectoryPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const settings = useQuery({ queryKey: ['currency-settings', slug], queryFn: () => api.currencySettings(slug) });
  const [filters, setFilters] = useState<Filters>({ kind: '', category: '', q: '' });
  const listings = useInfiniteQuery({
    queryKey: ['listings', slug, filters],
    queryFn: ({ pageParam }) => api.listings(slug, { ...filters, limit: pageSize, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  useDocumentTitle(t('timeBank.directoryTitle'), territory.data?.name);
  const items = listings.data?.pages.flatMap((page) => page.items) ?? [];

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setFilters({
      kind: String(data.get('kind') ?? '') as ListingKind | '',
      category: String(data.get('category') ?? '') as TimeBankCategory | '',
      q: String(data.get('q') ?? '').trim(),
    });
  }

  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} current={t('timeBank.directoryTitle')} />
      <h1>{t('timeBank.directoryTitle')}</h1>
      <p className="lead">{t('timeBank.directoryIntro')}</p>
      {settings.data && (
        <p>
          {t('timeBank.limits', {
            owe: format.duration(-settings.data.timeBankFloorMinutes),
            hold: format.duration(settings.data.timeBankCeilingMinutes),
          })}
        </p>
      )}
      <p className="actions">
        <Link className="button" to={`/workspace/${slug}/time-bank`}>
          {t('timeBank.publish')}
        </Link>
      </p>
      <form role="search" aria-label={t('timeBank.searchLabel')} onSubmit={search} className="form form--inline">
        <SelectField id="listings-kind" name="kind" label={t('timeBank.kind')} defaultValue="">
          <option value="">{t('timeBank.allKinds')}</option>
          {listingKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`timeBank.kindsPlural.${kind}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="listings-category" name="category" label={t('timeBank.category')} defaultValue="">
          <option value="">{t('timeBank.allCategories')}</option>
          {timeBankCategories.map((category) => (
            <option key={category} value={category}>
              {t(`timeBank.categories.${category}`)}
            </option>
          ))}
        </SelectField>
        <TextField id="listings-q" name="q" type="search" label={t('timeBank.words')} hint={t('timeBank.wordsHint')} autoComplete="off" />
        <button type="submit" className="button">
          {t('timeBank.search')}
        </button>
      </form>
      <section aria-labelledby="listings-heading" className="section">
        <h2 id="listings-heading">
          {listings.isSuccess ? t('timeBank.results', { count: items.length, shown: format.integer(items.length) }) : t('timeBank.resultsTitle')}
        </h2>
        {listings.isPending && <Loading />}
        <ProblemAlert problem={asProblem(listings.error)} />
        {listings.isSuccess && items.length === 0 && <p>{t('timeBank.noListing')}</p>}
        {items.length > 0 && (
          <ul className="listing-list">
            {items.map((listing) => (
              <li key={listing.id}>
                <ListingCard slug={slug} listing={listing} />
              </li>
            ))}
          </ul>
        )}
        {listings.hasNextPage && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void listings.fetchNextPage()}
            disabled={listings.isFetchingNextPage}
          >
            {t('common.showMore')}
          </button>
        )}
        <p className="sr-only" aria-live="polite">
          {listings.isFetchingNextPage ? t('common.loading') : ''}
        </p>
      </section>
    </>
  );
}
