import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../../api';
import { QueryState } from '../../../components/query-state';
import { fundingApi } from '../../../funding-api';
import { useDocumentTitle } from '../../../layout/document-title';
import { useMe, useSession } from '../../../session';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { CampaignsTable, MyPledgesTable } from './campaign-parts';
import { FundingOpenDataLinks } from './task-force-funding-section';

function MyPledges({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const me = useMe(Boolean(session.data?.person));
  const territory = me.data?.territories.find((candidate) => candidate.slug === slug);
  const pledges = useQuery({ queryKey: ['funding', slug, 'my-pledges'], queryFn: () => fundingApi.myPledges(slug), enabled: Boolean(territory) });
  if (!territory) return null;
  return (
    <section aria-labelledby="my-pledges-heading" className="section">
      <h2 id="my-pledges-heading">{t('funding.myPledges.title')}</h2>
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
    </section>
  );
}

/** The territory's crowdfunding campaigns: open ones first, then the others, with their progress and outcome. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const campaigns = useQuery({ queryKey: ['funding', slug, 'campaigns', {}], queryFn: () => fundingApi.campaigns(slug) });
  const title = t('funding.campaigns.title');
  useDocumentTitle(title, territory.data?.name);
  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} current={title} />
      <h1>{title}</h1>
      <div className="funding-explainer">
        <p>{t('funding.campaigns.intro')}</p>
        <p>{t('funding.campaigns.introMatch')}</p>
      </div>
      <QueryState query={campaigns}>
        {(items) => {
          const open = items.filter((c) => c.status === 'open');
          const others = items.filter((c) => c.status !== 'open' && c.status !== 'draft');
          return (
            <>
              <section aria-labelledby="open-campaigns-heading" className="section">
                <h2 id="open-campaigns-heading">{t('funding.campaigns.openTitle')}</h2>
                {open.length === 0 ? (
                  <p>{t('funding.campaigns.noneOpen')}</p>
                ) : (
                  <CampaignsTable slug={slug} campaigns={open} caption={t('funding.campaigns.openCaption', { count: open.length })} />
                )}
              </section>
              <section aria-labelledby="past-campaigns-heading" className="section">
                <h2 id="past-campaigns-heading">{t('funding.campaigns.pastTitle')}</h2>
                {others.length === 0 ? (
                  <p>{t('funding.campaigns.nonePast')}</p>
                ) : (
                  <CampaignsTable slug={slug} campaigns={others} caption={t('funding.campaigns.pastCaption', { count: others.length })} />
                )}
              </section>
            </>
          );
        }}
      </QueryState>
      <MyPledges slug={slug} />
      <section aria-labelledby="funding-open-data-heading" className="section">
        <h2 id="funding-open-data-heading">{t('funding.openData.title')}</h2>
        <FundingOpenDataLinks slug={slug} />
      </section>
    </>
  );
}
