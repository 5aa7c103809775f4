import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Listing } from '../../../api-contract';
import { useFormat } from '../../../format';

interface ListingCardProps {
  slug: string;
  listing: Listing;
  /** The link to answer the listing; left out on the owner's own listings. */
  showAction?: boolean;
  /** What its owner can do with it (close it). */
  children?: ReactNode;
}

/** One offer or want of the time bank, as the directory and its owner's page show it. */
export function ListingCard({ slug, listing, showAction = true, children }: ListingCardProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <article className={`listing listing--${listing.kind}`} aria-labelledby={`listing-${listing.id}`}>
      <p className="listing__kind">
        <span className={listing.kind === 'offer' ? 'badge' : 'badge badge--want'}>{t(`timeBank.kinds.${listing.kind}`)}</span>{' '}
        <span className="listing__category">{t(`timeBank.categories.${listing.category}`)}</span>
      </p>
      <h3 className="listing__title" id={`listing-${listing.id}`}>
        {listing.title}
      </h3>
      {listing.description && <p className="listing__description">{listing.description}</p>}
      <p className="listing__meta">
        {t('timeBank.listedBy', { name: listing.owner.name, date: format.date(listing.createdAt) })}
      </p>
      {showAction && listing.status === 'open' && (
        <p className="listing__action">
          <Link to={`/workspace/${slug}/time-bank?listing=${encodeURIComponent(listing.id)}`}>
            {listing.kind === 'offer' ? t('timeBank.askForIt') : t('timeBank.offerIt')}
            <span className="sr-only"> — {listing.title}</span>
          </Link>
        </p>
      )}
      {children}
    </article>
  );
}
