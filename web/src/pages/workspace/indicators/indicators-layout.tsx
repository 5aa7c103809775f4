import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { useDocumentTitle } from '../../../layout/document-title';
import { useWorkspace } from '../workspace-layout';
import '../../portal/indicators/indicators.css';

function FacilitatorsOnly({ slug }: { slug: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('indicators.workspace.title'));
  return (
    <>
      <h1>{t('indicators.workspace.title')}</h1>
      <p>{t('indicators.workspace.facilitatorsOnly')}</p>
      <p>
        <Link to={`/t/${slug}/indicators`}>{t('indicators.workspace.publicLink')}</Link>
      </p>
    </>
  );
}

/**
 * The indicators in the workspace: the facilitators keep the catalogue, enter and import values, set
 * targets and publish the computed ones (the server's rule); everyone else reads the public pages.
 */
export function IndicatorsWorkspaceLayout() {
  const { t } = useTranslation();
  const context = useWorkspace();
  if (!context.isFacilitator) return <FacilitatorsOnly slug={context.slug} />;
  const base = `/workspace/${context.slug}/indicators`;
  return (
    <>
      <nav className="sub-nav" aria-label={t('indicators.workspace.navLabel')}>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('indicators.workspace.nav.catalogue')}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/targets`}>{t('indicators.workspace.nav.targets')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/computed`}>{t('indicators.workspace.nav.computed')}</NavLink>
          </li>
          <li>
            <Link to={`/t/${context.slug}/indicators`}>{t('indicators.workspace.nav.public')}</Link>
          </li>
        </ul>
      </nav>
      <Outlet context={context} />
    </>
  );
}
