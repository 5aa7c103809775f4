import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api';
import { QueryState } from '../../../components/query-state';
import { fundingApi } from '../../../funding-api';
import type { CampaignDetail, MatchPool } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useMe, useSession } from '../../../session';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { CampaignStatusBadge, MyPledgesTable, PledgeStatusText } from './campaign-parts';
import { CampaignProgress } from './funding-bars';
import { PledgeSection } from './pledge-form';

function Outcome({ campaign, currencyName }: { campaign: CampaignDetail; currencyName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const date = format.dateTime(campaign.deadline);
  if (campaign.status === 'succeeded') {
    return (
      <div className="alert alert--success" role="note">
        <p className="alert__title">{t('funding.campaign.succeededTitle')}</p>
        <p>{t('funding.campaign.succeededBody', { raised: format.euros(campaign.totals.raised), goal: format.euros(campaign.goal), date })}</p>
        <p>{t('funding.campaign.succeededNext', { currency: currencyName })}</p>
      </div>
    );
  }
  if (campaign.status === 'failed') {
    return (
      <div className="alert alert--warning" role="note">
        <p className="alert__title">{t('funding.campaign.failedTitle')}</p>
        <p>{t('funding.campaign.failedBody', { released: format.euros(campaign.totals.released), goal: format.euros(campaign.goal), date })}</p>
        <p>{t('funding.campaign.failedNext', { currency: currencyName })}</p>
      </div>
    );
  }
  if (campaign.status === 'draft') return <p className="alert alert--info">{t('funding.campaign.draftNote')}</p>;
  if (campaign.status === 'closed') return <p className="alert alert--info">{t('funding.campaign.closedNote')}</p>;
  return null;
}

function Facts({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const totals = campaign.totals;
  return (
    <dl className="facts">
      <div>
        <dt>{t('funding.campaign.goal')}</dt>
        <dd>{format.euros(campaign.goal)}</dd>
      </div>
      <div>
        <dt>{t('funding.campaign.deadline')}</dt>
        <dd>{format.dateTime(campaign.deadline)}</dd>
      </div>
      <div>
        <dt>{t('funding.campaign.progress')}</dt>
        <dd>
          <CampaignProgress campaign={campaign} />
        </dd>
      </div>
      <div>
        <dt>{t('funding.campaign.pledgers')}</dt>
        <dd>{t('funding.campaign.pledgerCount', { count: totals.pledgerCount, pledges: totals.pledgeCount })}</dd>
      </div>
    </dl>
  );
}

function Breakdown({ campaign, currencyName }: { campaign: CampaignDetail; currencyName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const totals = campaign.totals;
  return (
    <>
      <p className="funding-breakdown__title" id="breakdown-title">
        {t('funding.campaign.breakdown')}
      </p>
      <ul className="funding-breakdown" aria-labelledby="breakdown-title">
        <li>{t('funding.campaign.pledgedEuros', { amount: format.euros(totals.pledgedEuros) })}</li>
        {(campaign.acceptsLocalCurrency || totals.pledgedLocal > 0) && (
          <li>{t('funding.campaign.pledgedLocal', { amount: format.money(totals.pledgedLocal, campaign.currencyCode), currency: currencyName })}</li>
        )}
        <li>{t('funding.campaign.matchedTotal', { amount: format.euros(totals.matched) })}</li>
        {totals.released > 0 && <li>{t('funding.campaign.releasedTotal', { amount: format.euros(totals.released) })}</li>}
      </ul>
    </>
  );
}

function Rules({ campaign, currencyName }: { campaign: CampaignDetail; currencyName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="rules-heading" className="section funding-explainer">
      <h2 id="rules-heading">{t('funding.campaign.rulesTitle')}</h2>
      <p>
        {campaign.allOrNothing
          ? t('funding.campaign.allOrNothing', { goal: format.euros(campaign.goal) })
          : t('funding.campaign.keepItAll', { goal: format.euros(campaign.goal) })}
      </p>
      <p>{t('funding.campaign.eurosRule')}</p>
      {campaign.acceptsLocalCurrency && <p>{t('funding.campaign.localRule', { currency: currencyName })}</p>}
      {campaign.pools.length > 0 && <p>{t('funding.campaign.matchRule')}</p>}
    </section>
  );
}

function PoolsTable({ campaign, pools }: { campaign: CampaignDetail; pools: MatchPool[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const byId = new Map(pools.map((pool) => [pool.id, pool]));
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('funding.pools.campaignCaption', { count: campaign.pools.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.pools.funder')}</th>
            <th scope="col">{t('funding.pools.rule')}</th>
            <th scope="col" className="numeric">
              {t('funding.pools.matchedHere')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.pools.remaining')}
            </th>
            <th scope="col">{t('funding.plan.status')}</th>
          </tr>
        </thead>
        <tbody>
          {campaign.pools.map((entry) => {
            const pool = byId.get(entry.poolId);
            return (
              <tr key={entry.poolId}>
                <th scope="row">{entry.funderName}</th>
                <td>
                  {t('funding.pools.ratio', { count: entry.ratioMatch, pledge: entry.ratioPledge })}
                  {pool?.capPerPledge != null && <span className="cell-note">{t('funding.pools.capPerPledge', { amount: format.euros(pool.capPerPledge) })}</span>}
                  {pool?.capPerProject != null && <span className="cell-note">{t('funding.pools.capPerProject', { amount: format.euros(pool.capPerProject) })}</span>}
                  <span className="cell-note">{t('funding.pools.oncePerPerson')}</span>
                </td>
                <td className="numeric nowrap">{format.euros(entry.matched)}</td>
                <td className="numeric nowrap">
                  {pool ? t('funding.pools.remainingOf', { remaining: format.euros(pool.remaining), amount: format.euros(pool.amount) }) : '—'}
                </td>
                <td>{t(`funding.pools.statuses.${entry.status}`)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function PledgesTable({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (campaign.pledges.length === 0) return <p>{t('funding.campaign.noPledges')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('funding.campaign.pledgesCaption', { count: campaign.pledges.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.myPledges.date')}</th>
            <th scope="col">{t('funding.myPledges.pledger')}</th>
            <th scope="col" className="numeric">
              {t('funding.plan.amount')}
            </th>
            <th scope="col" className="numeric">
              {t('funding.campaign.matched')}
            </th>
            <th scope="col">{t('funding.plan.status')}</th>
          </tr>
        </thead>
        <tbody>
          {campaign.pledges.map((pledge) => (
            <tr key={pledge.id}>
              <td className="nowrap">{format.dateTime(pledge.createdAt)}</td>
              <td>{pledge.pledgerName ?? t('funding.campaign.aPerson')}</td>
              <td className="numeric nowrap">{format.money(pledge.amount, pledge.unit)}</td>
              <td className="numeric nowrap">{format.euros(pledge.matched)}</td>
              <td>
                <PledgeStatusText pledge={pledge} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MyPledgesHere({ slug, campaignId }: { slug: string; campaignId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const signedIn = Boolean(session.data?.person);
  const me = useMe(signedIn);
  const territory = me.data?.territories.find((candidate) => candidate.slug === slug);
  const pledges = useQuery({ queryKey: ['funding', slug, 'my-pledges'], queryFn: () => fundingApi.myPledges(slug), enabled: Boolean(territory) });
  const mine = (pledges.data ?? []).filter((pledge) => pledge.campaignId === campaignId);
  if (!territory || mine.length === 0) return null;
  return (
    <section aria-labelledby="my-pledges-heading" className="section">
      <h2 id="my-pledges-heading">{t('funding.myPledges.hereTitle')}</h2>
      <MyPledgesTable
        slug={slug}
        pledges={mine}
        caption={t('funding.myPledges.hereCaption', { count: mine.length })}
        organisationNames={new Map(territory.organisations.map((o) => [o.id, o.name]))}
      />
    </section>
  );
}

/** A campaign's public page: goal, deadline, progress, matchfunding, the rules in plain words, the outcome, pledging. */
export function CampaignPage() {
  const { t } = useTranslation();
  const { slug = '', id = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const campaign = useQuery({ queryKey: ['funding', slug, 'campaign', id], queryFn: () => fundingApi.campaign(slug, id) });
  const pools = useQuery({ queryKey: ['funding', slug, 'pools'], queryFn: () => fundingApi.pools(slug) });
  const title = campaign.data?.title ?? t('funding.campaign.titleFallback');
  useDocumentTitle(title, territory.data?.name);
  const currencyName = territory.data?.currencyName ?? campaign.data?.currencyCode ?? '';
  return (
    <>
      <PortalBreadcrumb slug={slug} territoryName={territory.data?.name} parents={[{ to: `/t/${slug}/campaigns`, label: t('funding.campaigns.title') }]} current={title} />
      <h1>{title}</h1>
      <QueryState query={campaign}>
        {(data) => (
          <>
            <p>
              <CampaignStatusBadge campaign={data} />{' '}
              {t('funding.campaign.forProject', { project: data.projectName })}{' '}
              <Link to={`/t/${slug}/task-forces/${data.taskForceId}`}>{t('funding.campaign.taskForceLink')}</Link>
            </p>
            <Outcome campaign={data} currencyName={currencyName} />
            <Facts campaign={data} />
            <Breakdown campaign={data} currencyName={currencyName} />
            {data.description && <p className="lead">{data.description}</p>}
            <Rules campaign={data} currencyName={currencyName} />
            {data.status === 'open' && <PledgeSection slug={slug} campaign={data} />}
            <MyPledgesHere slug={slug} campaignId={data.id} />
            <section aria-labelledby="pools-heading" className="section">
              <h2 id="pools-heading">{t('funding.pools.title')}</h2>
              {data.pools.length === 0 ? <p>{t('funding.pools.noneHere')}</p> : <PoolsTable campaign={data} pools={pools.data ?? []} />}
            </section>
            <section aria-labelledby="pledges-heading" className="section">
              <h2 id="pledges-heading">{t('funding.campaign.pledgesTitle')}</h2>
              <PledgesTable campaign={data} />
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}
