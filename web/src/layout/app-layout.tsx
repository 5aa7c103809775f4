import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api';
import { useSession } from '../session';
import { LanguageSwitch } from './language-switch';
import { useFocusHeadingOnNavigation } from './route-focus';

function AccountLinks() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const signOut = useMutation({
    mutationFn: api.signOut,
    onSettled: async () => {
      queryClient.clear();
      await navigate('/');
    },
  });
  const person = session.data?.person;
  if (session.isPending) return null;
  if (!person) {
    const next = location.pathname.startsWith('/sign-') ? '' : `?next=${encodeURIComponent(location.pathname)}`;
    return (
      <ul className="header__account">
        <li>
          <NavLink to={`/sign-in${next}`}>{t('nav.signIn')}</NavLink>
        </li>
        <li>
          <NavLink to="/sign-up">{t('nav.signUp')}</NavLink>
        </li>
      </ul>
    );
  }
  return (
    <ul className="header__account">
      <li className="header__person">
        <span className="sr-only">{t('nav.signedInAs')} </span>
        {person.displayName}
      </li>
      <li>
        <button type="button" className="button button--tertiary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          {t('nav.signOut')}
        </button>
      </li>
    </ul>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  useFocusHeadingOnNavigation();
  return (
    <>
      <a className="skip-link" href="#content">
        {t('nav.skipToContent')}
      </a>
      <header className="header">
        <div className="container header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              21
            </span>
            <span className="brand__text">
              <span className="brand__name">{t('app.name')}</span>
              <span className="brand__tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <div className="header__tools">
            <LanguageSwitch />
            <AccountLinks />
          </div>
        </div>
        <nav className="main-nav" aria-label={t('nav.mainLabel')}>
          <ul className="container main-nav__list">
            <li>
              <NavLink to="/" end>
                {t('nav.territories')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/verify">{t('certificates.nav.verifyCertificate')}</NavLink>
            </li>
            {session.data?.person && (
              <li>
                <NavLink to="/workspace">{t('nav.workspace')}</NavLink>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="content" className="container main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <div className="container footer__inner">
          <p>
            <strong>{t('app.name')}</strong> — {t('footer.about')}
          </p>
          <p>{t('footer.licence')}</p>
        </div>
      </footer>
    </>
  );
}
