import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The territory home page's way into the crowdfunding campaigns; each task force's page shows its own funding. */
export function FundingLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="funding-home-heading" className="section">
      <h2 id="funding-home-heading">{t('funding.home.title')}</h2>
      <p>{t('funding.home.teaser')}</p>
      <ul className="link-list">
        <li>
          <Link to={`/t/${slug}/campaigns`}>{t('funding.home.campaignsLink')}</Link>
        </li>
        <li>
          <Link to={`/t/${slug}/pact`}>{t('funding.home.taskForcesLink')}</Link>
        </li>
      </ul>
    </section>
  );
}
