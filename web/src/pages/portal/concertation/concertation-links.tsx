import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The territory home page's way into the yearly workshops. */
export function ConcertationLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="concertation-home-heading" className="section">
      <h2 id="concertation-home-heading">{t('concertation.home.title')}</h2>
      <p>{t('concertation.home.teaser')}</p>
      <ul className="link-list">
        <li>
          <Link to={`/t/${slug}/concertation`}>{t('concertation.home.link')}</Link>
        </li>
      </ul>
    </section>
  );
}
