import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { useWorkspace, type WorkspaceContext } from '../workspace-layout';
import '../../portal/certificates/certificates.css';

export interface CertificatesRoles {
  isAuditor: boolean;
  isFacilitator: boolean;
  /** A member of the organisation (representative or staff) reads its assessments. */
  isMemberOf: (organisationId: string) => boolean;
  /** Its representative applies, answers, submits and withdraws. */
  represents: (organisationId: string) => boolean;
  /** An auditor of the territory who is not a member of the organisation: no one audits their own. */
  audits: (organisationId: string) => boolean;
}

/** The same rules as the server's (workflow-model.ts), only to show the forms a person may use; the server decides. */
export function certificatesRoles(context: WorkspaceContext): CertificatesRoles {
  const isAuditor = context.territory.roles.includes('auditor');
  const isMemberOf = (organisationId: string) => context.territory.organisations.some((o) => o.id === organisationId);
  return {
    isAuditor,
    isFacilitator: context.isFacilitator,
    isMemberOf,
    represents: (organisationId) => context.representedOrganisations.some((o) => o.id === organisationId),
    audits: (organisationId) => isAuditor && !isMemberOf(organisationId),
  };
}

/** The certificates in the workspace: applications, reviews and decisions, and the facilitators' referential and settings. */
export function CertificatesWorkspaceLayout() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const base = `/workspace/${context.slug}/certificates`;
  return (
    <>
      <nav className="sub-nav" aria-label={t('certificates.workspace.navLabel')}>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('certificates.workspace.nav.overview')}
            </NavLink>
          </li>
          {context.isFacilitator && (
            <>
              <li>
                <NavLink to={`${base}/referential`}>{t('certificates.workspace.nav.referential')}</NavLink>
              </li>
              <li>
                <NavLink to={`${base}/settings`}>{t('certificates.workspace.nav.settings')}</NavLink>
              </li>
            </>
          )}
          <li>
            <Link to={`/t/${context.slug}/certificates`}>{t('certificates.workspace.nav.registry')}</Link>
          </li>
        </ul>
      </nav>
      <Outlet context={context} />
    </>
  );
}
