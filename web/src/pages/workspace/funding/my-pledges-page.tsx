import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../components/query-state';
import { fundingApi } from '../../../funding-api';
import { useDocumentTitle } from '../../../layout/document-title';
import { MyPledgesTable } from '../../portal/funding/campaign-parts';
import { useWorkspace } from '../workspace-layout';

/** My pledges and those of the organisations I represent, with what became of each. */
export function MyPledgesPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  const pledges = useQuery({ queryKey: ['funding', slug, 'my-pledges'], queryFn: () => fundingApi.myPledges(slug) });
  useDocumentTitle(t('funding.myPledges.title'), t('funding.workspace.title'));
  return (
    <>
      <h1>{t('funding.myPledges.title')}</h1>
      <div className="funding-explainer">
        <p>{t('funding.myPledges.intro')}</p>
      </div>
      <QueryState query={pledges}>
        {(items) => (
          <MyPledgesTable
            slug={slug}
            pledges={items}
            caption={t('funding.myPledges.caption', { count: items.length })}
            organisationNames={new Map(territory.organisations.map((o) => [o.id, o.name]))}
          />
        )}
      </QueryState>
      <p>
        <Link className="button button--secondary" to={`/t/${slug}/campaigns`}>
          {t('funding.myPledges.findCampaign')}
        </Link>
      </p>
    </>
  );
}
