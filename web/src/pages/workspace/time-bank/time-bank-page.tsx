import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../api';
import { HOUR_UNIT, type Listing } from '../../../api-contract';
import { SelectField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { ListingCard } from '../../portal/time-bank/listing-card';
import { useWorkspace } from '../workspace-layout';
import { type ActingOwner, ownerParam, useActingOwner } from '../currency/acting-owner';
import { ExchangeForm } from './exchange-form';
import { ExchangesTable } from './exchanges-table';
import { ListingForm } from './listing-form';

function HoursBalance({ slug, acting }: { slug: string; acting: ActingOwner }) {
  const { t } = useTranslation();
  const format = useFormat();
  const accounts = useQuery({
    queryKey: ['accounts', slug, acting.owner.type, acting.owner.id],
    queryFn: () => api.accounts(slug, acting.owner),
  });
  const hours = accounts.data?.items.find((account) => account.unit === HOUR_UNIT && account.kind === 'member');
  return (
    <dl className="facts">
      <div>
        <dt>{t('timeBank.balance')}</dt>
        <dd>
          {format.duration(hours?.balance ?? 0)}
          {hours && hours.pendingDebits > 0 && (
            <span className="facts__note">{t('wallet.onHold', { amount: format.duration(hours.pendingDebits) })}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

function MyListings({ slug, acting }: { slug: string; acting: ActingOwner }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const listings = useQuery({
    queryKey: ['listings', slug, 'owner', acting.owner.type, acting.owner.id],
    queryFn: () => api.listings(slug, { owner: acting.owner, limit: 100 }),
  });
  const close = useMutation({
    mutationFn: (listing: Listing) => api.closeListing(slug, listing.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['listings', slug] }),
  });
  return (
    <QueryState query={listings}>
      {({ items }) => (
        <>
          <ProblemAlert problem={asProblem(close.error)} focus />
          {close.isSuccess && (
            <p className="alert alert--success" role="status">
              {t('timeBank.listingClosed', { title: close.data.title })}
            </p>
          )}
          {items.length === 0 ? (
            <p>{t('timeBank.noOwnListing')}</p>
          ) : (
            <ul className="listing-list">
              {items.map((listing) => (
                <li key={listing.id}>
                  <ListingCard slug={slug} listing={listing} showAction={false}>
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      onClick={() => close.mutate(listing)}
                      disabled={close.isPending}
                    >
                      {t('timeBank.closeListing')}
                      <span className="sr-only"> — {listing.title}</span>
                    </button>
                  </ListingCard>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </QueryState>
  );
}

/** My side of the time bank: hours, listings, and the exchanges to propose, confirm or cancel. */
export function TimeBankPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('timeBank.workspaceTitle'), territory.name);
  const { owners, selected, select } = useActingOwner();
  const [params] = useSearchParams();
  const listingId = params.get('listing');
  const listing = useQuery({
    queryKey: ['listing', slug, listingId],
    queryFn: () => api.listing(slug, listingId ?? ''),
    enabled: listingId !== null,
  });
  const answering = listing.data && listing.data.status === 'open' ? listing.data : null;
  const ownListing = answering && answering.owner.type === selected.owner.type && answering.owner.id === selected.owner.id;
  return (
    <>
      <h1>{t('timeBank.workspaceTitle')}</h1>
      <p className="lead">{t('timeBank.workspaceIntro')}</p>
      <p>
        <Link to={`/t/${slug}/time-bank`}>{t('timeBank.browseDirectory')}</Link>
      </p>
      {owners.length > 1 && (
        <div className="filters">
          <SelectField
            id="time-bank-as"
            label={t('timeBank.actingAs')}
            hint={t('timeBank.actingAsHint')}
            value={ownerParam(selected.owner)}
            onChange={(event) => select(event.target.value)}
          >
            {owners.map((o) => (
              <option key={ownerParam(o.owner)} value={ownerParam(o.owner)}>
                {o.label}
              </option>
            ))}
          </SelectField>
        </div>
      )}
      <div key={ownerParam(selected.owner)}>
        <HoursBalance slug={slug} acting={selected} />
        <section aria-labelledby="exchanges-heading" className="section">
          <h2 id="exchanges-heading">{t('timeBank.exchangesTitle')}</h2>
          <ExchangesTable slug={slug} owner={selected.owner} ownerName={selected.name} />
        </section>
        <section aria-labelledby="propose-heading" className="section">
          <h2 id="propose-heading">{t('timeBank.proposeTitle')}</h2>
          <p>{t('timeBank.proposeIntro')}</p>
          {listingId !== null && listing.isError && <ProblemAlert problem={asProblem(listing.error)} />}
          {ownListing ? (
            <p>{t('timeBank.ownListing')}</p>
          ) : (
            <ExchangeForm key={answering?.id ?? 'free'} slug={slug} me={selected.owner} listing={answering} />
          )}
        </section>
        <section aria-labelledby="my-listings-heading" className="section">
          <h2 id="my-listings-heading">{t('timeBank.myListings')}</h2>
          <MyListings slug={slug} acting={selected} />
        </section>
        <section aria-labelledby="new-listing-heading" className="section">
          <h2 id="new-listing-heading">{t('timeBank.newListing')}</h2>
          <ListingForm slug={slug} owner={selected.owner} />
        </section>
      </div>
    </>
  );
}
