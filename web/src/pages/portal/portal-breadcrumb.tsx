import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface PortalBreadcrumbProps {
  slug: string;
  territoryName: string | undefined;
  /** Pages between the territory and this one, e.g. the currency page above its directory. */
  parents?: { to: string; label: string }[];
  current: string;
}

/** Territories › territory › … › this page. */
export function PortalBreadcrumb({ slug, territoryName, parents = [], current }: PortalBreadcrumbProps) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
      <ol>
        <li>
          <Link to="/">{t('nav.territories')}</Link>
        </li>
        <li>
          <Link to={`/t/${slug}`}>{territoryName ?? slug}</Link>
        </li>
        {parents.map((parent) => (
          <li key={parent.to}>
            <Link to={parent.to}>{parent.label}</Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
