import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../components/query-state';
import { useDocumentTitle } from '../../layout/document-title';
import { useMe } from '../../session';
import { roleList } from './role-names';

export function WorkspaceIndexPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('workspace.indexTitle'));
  const me = useMe();
  return (
    <>
      <h1>{t('workspace.indexTitle')}</h1>
      <QueryState query={me}>
        {({ person, territories }) => (
          <>
            <p className="lead">{t('workspace.greeting', { name: person.displayName })}</p>
            {territories.length === 0 ? (
              <p>
                {t('workspace.noTerritory')} <Link to="/">{t('workspace.chooseTerritory')}</Link>
              </p>
            ) : (
              <ul className="card-list">
                {territories.map((territory) => (
                  <li key={territory.slug} className="card">
                    <h2 className="card__title">
                      <Link to={`/workspace/${territory.slug}`}>{territory.name}</Link>
                    </h2>
                    <p className="card__meta">
                      {t('workspace.myRoles')} : {roleList(t, territory.roles)}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
