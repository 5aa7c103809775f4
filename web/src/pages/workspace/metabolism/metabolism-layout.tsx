import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useWorkspace } from '../workspace-layout';
import './metabolism-workspace.css';

/** The metabolism part of the workspace: its own sub-navigation, by what the person may do. */
export function MetabolismLayout() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const base = `/workspace/${context.slug}/metabolism`;
  const takesPart = context.isFacilitator || context.representedOrganisations.length > 0;
  return (
    <>
      <nav className="sub-nav" aria-label={t('metabolism.workspace.navLabel')}>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('metabolism.workspace.nav.overview')}
            </NavLink>
          </li>
          {context.isFacilitator && (
            <>
              <li>
                <NavLink to={`${base}/flows`}>{t('metabolism.workspace.nav.flows')}</NavLink>
              </li>
              <li>
                <NavLink to={`${base}/imports`}>{t('metabolism.workspace.nav.imports')}</NavLink>
              </li>
              <li>
                <NavLink to={`${base}/reconciliation`}>{t('metabolism.workspace.nav.reconciliation')}</NavLink>
              </li>
            </>
          )}
          {takesPart && (
            <>
              <li>
                <NavLink to={`${base}/offers-and-needs`}>{t('metabolism.workspace.nav.offersAndNeeds')}</NavLink>
              </li>
              <li>
                <NavLink to={`${base}/matches`}>{t('metabolism.workspace.nav.matches')}</NavLink>
              </li>
            </>
          )}
        </ul>
      </nav>
      <Outlet context={context} />
    </>
  );
}
