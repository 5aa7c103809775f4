import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

type Current = 'registry' | 'referential' | 'simulator' | 'verifier' | null;

/** The public pages of the certificates, side by side: who is certified, on what, what it changes, is it genuine. */
export function CertificatesSubNav({ slug, current }: { slug: string; current: Current }) {
  const { t } = useTranslation();
  const links: { key: Exclude<Current, null>; to: string }[] = [
    { key: 'registry', to: `/t/${slug}/certificates` },
    { key: 'referential', to: `/t/${slug}/certificates/referential` },
    { key: 'simulator', to: `/t/${slug}/certificates/tax-simulator` },
    { key: 'verifier', to: '/verify' },
  ];
  return (
    <nav className="sub-nav" aria-label={t('certificates.nav.label')}>
      <ul>
        {links.map((link) => (
          <li key={link.key}>
            <Link to={link.to} aria-current={link.key === current ? 'page' : undefined}>
              {t(`certificates.nav.${link.key}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
