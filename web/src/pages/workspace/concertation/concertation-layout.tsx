import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { useWorkspace } from '../workspace-layout';
import './concertation-workspace.css';

/** The concertation workshops in the workspace: the editions, and what I took part in. */
export function ConcertationWorkspaceLayout() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const base = `/workspace/${context.slug}/concertation`;
  return (
    <>
      <nav className="sub-nav" aria-label={t('concertationWorkspace.navLabel')}>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('concertationWorkspace.nav.editions')}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/participations`}>{t('concertationWorkspace.nav.participations')}</NavLink>
          </li>
          <li>
            <Link to={`/t/${context.slug}/concertation`}>{t('concertationWorkspace.nav.public')}</Link>
          </li>
        </ul>
      </nav>
      <Outlet context={context} />
    </>
  );
}
