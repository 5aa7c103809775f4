import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The territory home page's way into the indicators. */
export function IndicatorsLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="indicators-home-heading" className="section">
      <h2 id="indicators-home-heading">{t('indicators.home.title')}</h2>
      <p>{t('indicators.home.teaser')}</p>
      <ul className="link-list">
        <li>
          <Link to={`/t/${slug}/indicators/overview`}>{t('indicators.home.overviewLink')}</Link>
        </li>
        <li>
          <Link to={`/t/${slug}/indicators`}>{t('indicators.home.indexLink')}</Link>
        </li>
      </ul>
    </section>
  );
}
