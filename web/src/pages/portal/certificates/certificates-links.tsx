import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The territory home page's way into the Certificats d’Utilité Territoriale. */
export function CertificatesLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="certificates-home-heading" className="section">
      <h2 id="certificates-home-heading">{t('certificates.home.title')}</h2>
      <p>{t('certificates.home.teaser')}</p>
      <ul className="link-list">
        <li>
          <Link to={`/t/${slug}/certificates`}>{t('certificates.home.registryLink')}</Link>
        </li>
        <li>
          <Link to="/verify">{t('certificates.home.verifierLink')}</Link>
        </li>
        <li>
          <Link to={`/t/${slug}/certificates/tax-simulator`}>{t('certificates.home.simulatorLink')}</Link>
        </li>
      </ul>
    </section>
  );
}
