import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { useWorkspace } from '../workspace-layout';
import '../../portal/funding/funding.css';

/** Funding in the workspace: a sub-navigation above each of its pages. */
export function FundingWorkspaceLayout() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const base = `/workspace/${context.slug}/funding`;
  return (
    <>
      <nav className="sub-nav" aria-label={t('funding.workspace.navLabel')}>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('funding.workspace.nav.taskForces')}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/cee`}>{t('funding.workspace.nav.cee')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/pools`}>{t('funding.workspace.nav.pools')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/pledges`}>{t('funding.workspace.nav.pledges')}</NavLink>
          </li>
          <li>
            <Link to={`/t/${context.slug}/campaigns`}>{t('funding.workspace.nav.public')}</Link>
          </li>
        </ul>
      </nav>
      <Outlet context={context} />
    </>
  );
}
