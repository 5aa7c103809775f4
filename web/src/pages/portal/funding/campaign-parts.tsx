import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Campaign, Pledge } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { CampaignProgress } from './funding-bars';

/** The state of a campaign in words, never only as a colour. */
export function CampaignStatusBadge({ campaign }: { campaign: Pick<Campaign, 'status'> }) {
  const { t } = useTranslation();
  const tone = campaign.status === 'succeeded' ? 'badge badge--success' : campaign.status === 'failed' ? 'badge badge--warning' : 'badge badge--muted';
  return <span className={tone}>{t(`funding.campaignStatuses.${campaign.status}`)}</span>;
}

export function CampaignsTable({ slug, campaigns, caption }: { slug: string; campaigns: Campaign[]; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.campaign.title')}</th>
            <th scope="col">{t('funding.plan.project')}</th>
            <th scope="col">{t('funding.campaign.deadline')}</th>
            <th scope="col">{t('funding.plan.status')}</th>
            <th scope="col">{t('funding.campaign.progress')}</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((campaign) => (
            <tr key={campaign.id}>
              <th scope="row">
                <Link to={`/t/${slug}/campaigns/${campaign.id}`}>{campaign.title}</Link>
              </th>
              <td>{campaign.projectName}</td>
              <td className="nowrap">{format.dateTime(campaign.deadline)}</td>
              <td>
                <CampaignStatusBadge campaign={campaign} />
              </td>
              <td>
                <CampaignProgress campaign={campaign} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A pledge's fate in words: held until the deadline, confirmed, or given back. */
export function PledgeStatusText({ pledge }: { pledge: Pick<Pledge, 'status' | 'unit'> }) {
  const { t } = useTranslation();
  const local = pledge.unit !== 'EUR';
  return <>{t(`funding.pledgeStatuses.${local ? 'local' : 'euro'}.${pledge.status}`)}</>;
}

interface MyPledgesTableProps {
  slug: string;
  pledges: Pledge[];
  caption: string;
  /** The organisations I represent, by id, to name their pledges. */
  organisationNames: Map<string, string>;
}

export function MyPledgesTable({ slug, pledges, caption, organisationNames }: MyPledgesTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  if (pledges.length === 0) return <p>{t('funding.myPledges.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.campaign.title')}</th>
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
          {pledges.map((pledge) => (
            <tr key={pledge.id}>
              <th scope="row">
                <Link to={`/t/${slug}/campaigns/${pledge.campaignId}`}>{pledge.campaignTitle}</Link>
              </th>
              <td className="nowrap">{format.dateTime(pledge.createdAt)}</td>
              <td>
                {pledge.pledgerType === 'person' ? t('funding.myPledges.myself') : (organisationNames.get(pledge.pledgerId) ?? t('funding.myPledges.organisation'))}
              </td>
              <td className="numeric nowrap">{format.money(pledge.amount, pledge.unit)}</td>
              <td className="numeric nowrap">{pledge.matched > 0 ? format.euros(pledge.matched) : <span className="muted">{format.euros(0)}</span>}</td>
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
