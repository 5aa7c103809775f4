import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The territory home page's way into the metabolism page. */
export function MetabolismLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="metabolism-heading" className="section">
      <h2 id="metabolism-heading">{t('metabolism.page.homeTitle')}</h2>
      <p>{t('metabolism.page.homeTeaser')}</p>
      <ul className="link-list">
        <li>
          <Link to={`/t/${slug}/metabolism`}>{t('metabolism.page.homeLink')}</Link>
        </li>
      </ul>
    </section>
  );
}
