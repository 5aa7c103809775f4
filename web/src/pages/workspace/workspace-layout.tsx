import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useOutletContext, useParams } from 'react-router';
import type { MyTerritory, Person } from '../../api-contract';
import { Loading } from '../../components/query-state';
import { ProblemAlert } from '../../components/problem-alert';
import { asProblem } from '../../components/problem';
import { useDocumentTitle } from '../../layout/document-title';
import { useMe } from '../../session';
import { NotificationsNavLink } from './pact/notifications-page';

export interface WorkspaceContext {
  slug: string;
  territory: MyTerritory;
  person: Person;
  isFacilitator: boolean;
  isCurrencyOperator: boolean;
  /** The organisations whose representative I am: I pay from their wallet and run their payroll. */
  representedOrganisations: MyTerritory['organisations'];
  /** Facilitators and auditors see the people of the territory. */
  canReadPeople: boolean;
  /** Facilitators, and representatives of that organisation, edit it and manage its members. */
  canManageOrganisation: (organisationId: string) => boolean;
}

export function useWorkspace(): WorkspaceContext {
  return useOutletContext<WorkspaceContext>();
}

function NotAMember({ slug }: { slug: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('workspace.notMemberTitle'));
  return (
    <>
      <h1>{t('workspace.notMemberTitle')}</h1>
      <p>{t('workspace.notMemberBody')}</p>
      <p>
        <Link className="button" to={`/t/${slug}`}>
          {t('workspace.visitPortal')}
        </Link>
      </p>
    </>
  );
}

export function WorkspaceLayout() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ProblemAlert problem={asProblem(me.error)} />;
  const territory = me.data.territories.find((candidate) => candidate.slug === slug);
  if (!territory) return <NotAMember slug={slug} />;
  const isFacilitator = territory.roles.includes('facilitator');
  const context: WorkspaceContext = {
    slug,
    territory,
    person: me.data.person,
    isFacilitator,
    isCurrencyOperator: territory.roles.includes('currency_operator'),
    representedOrganisations: territory.organisations.filter((o) => o.role === 'representative'),
    canReadPeople: isFacilitator || territory.roles.includes('auditor'),
    canManageOrganisation: (organisationId) =>
      isFacilitator ||
      territory.organisations.some((o) => o.id === organisationId && o.role === 'representative'),
  };
  const base = `/workspace/${slug}`;
  return (
    <div className="workspace">
      <nav className="side-nav" aria-label={t('workspace.navLabel', { territory: territory.name })}>
        <p className="side-nav__title">{territory.name}</p>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('workspace.nav.home')}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/pact`}>{t('workspace.nav.pact')}</NavLink>
          </li>
          <li>
            <NotificationsNavLink slug={slug} />
          </li>
          <li>
            <NavLink to={`${base}/wallet`}>{t('workspace.nav.wallet')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/payment-requests`}>{t('workspace.nav.paymentRequests')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/time-bank`}>{t('workspace.nav.timeBank')}</NavLink>
          </li>
          {territory.organisations.length > 0 && (
            <li>
              <NavLink to={`${base}/salary-share`}>{t('workspace.nav.salaryShare')}</NavLink>
            </li>
          )}
          {context.representedOrganisations.length > 0 && (
            <li>
              <NavLink to={`${base}/payroll`}>{t('workspace.nav.payroll')}</NavLink>
            </li>
          )}
          {context.isCurrencyOperator && (
            <li>
              <NavLink to={`${base}/currency-operator`}>{t('workspace.nav.currencyOperator')}</NavLink>
            </li>
          )}
          <li>
            <NavLink to={`${base}/organisations`}>{t('workspace.nav.organisations')}</NavLink>
          </li>
          {context.canReadPeople && (
            <li>
              <NavLink to={`${base}/people`}>{t('workspace.nav.people')}</NavLink>
            </li>
          )}
          <li>
            <NavLink to={`${base}/funding`}>{t('funding.workspace.title')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/metabolism`}>{t('metabolism.workspace.title')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/certificates`}>{t('certificates.workspace.navItem')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/concertation`}>{t('concertationWorkspace.menu')}</NavLink>
          </li>
          {isFacilitator && (
            <li>
              <NavLink to={`${base}/indicators`}>{t('indicators.workspace.title')}</NavLink>
            </li>
          )}
          <li>
            <NavLink to={`${base}/api-tokens`}>{t('workspace.nav.apiTokens')}</NavLink>
          </li>
          <li>
            <Link to={`/t/${slug}`}>{t('workspace.nav.portal')}</Link>
          </li>
        </ul>
      </nav>
      <div className="workspace__content">
        <Outlet context={context} />
      </div>
    </div>
  );
}
