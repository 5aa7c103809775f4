import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../../layout/document-title';
import { useWorkspace } from '../workspace-layout';

/** Where the metabolism work starts: what each role can do here, with a link to each. */
export function MetabolismHomePage() {
  const { t } = useTranslation();
  const { slug, territory, isFacilitator, representedOrganisations } = useWorkspace();
  useDocumentTitle(t('metabolism.workspace.title'), territory.name);
  const base = `/workspace/${slug}/metabolism`;
  const takesPart = isFacilitator || representedOrganisations.length > 0;
  return (
    <>
      <h1>{t('metabolism.workspace.title')}</h1>
      <p className="lead">{t('metabolism.workspace.intro')}</p>
      <ul className="link-list">
        {isFacilitator && (
          <>
            <li>
              <Link to={`${base}/flows`}>{t('metabolism.workspace.links.flows')}</Link>
            </li>
            <li>
              <Link to={`${base}/imports`}>{t('metabolism.workspace.links.imports')}</Link>
            </li>
            <li>
              <Link to={`${base}/reconciliation`}>{t('metabolism.workspace.links.reconciliation')}</Link>
            </li>
          </>
        )}
        {takesPart && (
          <>
            <li>
              <Link to={`${base}/offers-and-needs`}>{t('metabolism.workspace.links.offersAndNeeds')}</Link>
            </li>
            <li>
              <Link to={`${base}/matches`}>{t('metabolism.workspace.links.matches')}</Link>
            </li>
          </>
        )}
        <li>
          <Link to={`/t/${slug}/metabolism`}>{t('metabolism.workspace.links.public')}</Link>
        </li>
      </ul>
      {!takesPart && <p>{t('metabolism.workspace.nothingToDo')}</p>}
    </>
  );
}
