import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../layout/document-title';
import { useMe } from '../../session';
import { roleList, roleName } from './role-names';
import { useWorkspace } from './workspace-layout';

export function WorkspaceHomePage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  const me = useMe();
  useDocumentTitle(t('workspace.homeTitle'), territory.name);
  const person = me.data?.person;
  return (
    <>
      <h1>{t('workspace.homeTitle')}</h1>
      <p className="lead">{t('workspace.homeIntro', { territory: territory.name })}</p>
      <section aria-labelledby="whoami" className="section">
        <h2 id="whoami">{t('workspace.whoAmI')}</h2>
        {person && (
          <dl className="facts">
            <div>
              <dt>{t('person.displayName')}</dt>
              <dd>{person.displayName}</dd>
            </div>
            <div>
              <dt>{t('person.email')}</dt>
              <dd>{person.email}</dd>
            </div>
            <div>
              <dt>{t('workspace.myRoles')}</dt>
              <dd>{roleList(t, territory.roles)}</dd>
            </div>
          </dl>
        )}
      </section>
      <section aria-labelledby="my-organisations" className="section">
        <h2 id="my-organisations">{t('workspace.myOrganisations')}</h2>
        {territory.organisations.length === 0 ? (
          <p>{t('workspace.noOrganisation')}</p>
        ) : (
          <ul className="plain-list">
            {territory.organisations.map((organisation) => (
              <li key={organisation.id}>
                <Link to={`/workspace/${slug}/organisations/${organisation.id}`}>{organisation.name}</Link>{' '}
                <span className="badge">{roleName(t, organisation.role)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
