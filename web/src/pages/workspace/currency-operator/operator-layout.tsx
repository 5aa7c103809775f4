import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useDocumentTitle } from '../../../layout/document-title';
import { useWorkspace } from '../workspace-layout';

function NotAnOperator() {
  const { t } = useTranslation();
  useDocumentTitle(t('operator.notOperatorTitle'));
  return (
    <>
      <h1>{t('operator.notOperatorTitle')}</h1>
      <p>{t('operator.notOperatorBody')}</p>
    </>
  );
}

/** The currency operator's console: its own sub-navigation above each of its pages. */
export function OperatorLayout() {
  const { t } = useTranslation();
  const context = useWorkspace();
  if (!context.isCurrencyOperator) return <NotAnOperator />;
  const base = `/workspace/${context.slug}/currency-operator`;
  return (
    <>
      <nav className="sub-nav" aria-label={t('operator.navLabel')}>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('operator.nav.overview')}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/accounts`}>{t('operator.nav.accounts')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/settings`}>{t('operator.nav.settings')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/books`}>{t('operator.nav.books')}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet context={context} />
    </>
  );
}
