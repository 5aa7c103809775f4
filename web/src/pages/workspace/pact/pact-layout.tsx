import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useWorkspace } from '../workspace-layout';
import './pact-workspace.css';

/** The Pact in the workspace: a sub-navigation above each of its pages. */
export function PactWorkspaceLayout() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const base = `/workspace/${context.slug}/pact`;
  return (
    <>
      <nav className="sub-nav" aria-label={t('pactWorkspace.navLabel')}>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('pactWorkspace.nav.pact')}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/vision`}>{t('pactWorkspace.nav.vision')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/task-forces`}>{t('pactWorkspace.nav.taskForces')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/commitments`}>{t('pactWorkspace.nav.commitments')}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet context={context} />
    </>
  );
}
