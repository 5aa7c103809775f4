import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../components/query-state';
import { fundingApi, fundingFileUrl } from '../../../funding-api';
import { useMe, useSession } from '../../../session';
import { CampaignsTable } from './campaign-parts';
import { ExecutionView, ExpensesTable } from './execution-view';
import { PlanView } from './plan-view';

/** The links to the funding open data, the same for every task force: they cover the whole territory. */
export function FundingOpenDataLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const files = [
    { file: 'open-data.json', label: t('funding.openData.json') },
    { file: 'open-data/funding-lines.csv', label: t('funding.openData.lines') },
    { file: 'open-data/campaigns.csv', label: t('funding.openData.campaigns') },
    { file: 'open-data/expenses.csv', label: t('funding.openData.expenses') },
    { file: 'open-data/execution.csv', label: t('funding.openData.execution') },
  ];
  return (
    <>
      <p>{t('funding.openData.intro')}</p>
      <ul className="link-list">
        {files.map(({ file, label }) => (
          <li key={file}>
            <a href={fundingFileUrl(slug, file)} download>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

function FundingWorkspaceLink({ slug, taskForceId }: { slug: string; taskForceId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const me = useMe(Boolean(session.data?.person));
  if (!me.data?.territories.some((territory) => territory.slug === slug)) return null;
  return (
    <p>
      <Link className="button button--secondary" to={`/workspace/${slug}/funding/task-forces/${taskForceId}`}>
        {t('funding.section.workspaceLink')}
      </Link>
    </p>
  );
}

/**
 * A task force's money in the open: where it comes from and how far it covers the cost (by source
 * kind), how it is spent against the plan (per budget line and per funder), its campaigns and the open data.
 */
export function TaskForceFundingSection({ slug, taskForceId }: { slug: string; taskForceId: string }) {
  const { t } = useTranslation();
  const plan = useQuery({ queryKey: ['funding', slug, 'plan', taskForceId], queryFn: () => fundingApi.taskForcePlan(slug, taskForceId) });
  const execution = useQuery({ queryKey: ['funding', slug, 'execution', taskForceId], queryFn: () => fundingApi.execution(slug, taskForceId) });
  const expenses = useQuery({ queryKey: ['funding', slug, 'expenses', taskForceId], queryFn: () => fundingApi.expenses(slug, taskForceId) });
  const campaigns = useQuery({ queryKey: ['funding', slug, 'campaigns', { taskForceId }], queryFn: () => fundingApi.campaigns(slug, { taskForceId }) });
  return (
    <>
      <section aria-labelledby="funding-heading" className="section">
        <h2 id="funding-heading">{t('funding.section.title')}</h2>
        <FundingWorkspaceLink slug={slug} taskForceId={taskForceId} />
        <QueryState query={plan}>{(data) => <PlanView plan={data} />}</QueryState>
      </section>
      <section aria-labelledby="execution-heading" className="section">
        <h2 id="execution-heading">{t('funding.execution.title')}</h2>
        <QueryState query={execution}>{(data) => <ExecutionView execution={data} />}</QueryState>
        <h3>{t('funding.expenses.title')}</h3>
        <QueryState query={expenses}>{(data) => <ExpensesTable expenses={data} />}</QueryState>
      </section>
      <section aria-labelledby="task-force-campaigns-heading" className="section">
        <h2 id="task-force-campaigns-heading">{t('funding.campaigns.title')}</h2>
        <QueryState query={campaigns}>
          {(data) =>
            data.length === 0 ? (
              <p>{t('funding.campaigns.noneForTaskForce')}</p>
            ) : (
              <CampaignsTable slug={slug} campaigns={data} caption={t('funding.campaigns.taskForceCaption', { count: data.length })} />
            )
          }
        </QueryState>
        <p>
          <Link to={`/t/${slug}/campaigns`}>{t('funding.campaigns.allLink')}</Link>
        </p>
      </section>
      <section aria-labelledby="funding-open-data-heading" className="section">
        <h2 id="funding-open-data-heading">{t('funding.openData.title')}</h2>
        <FundingOpenDataLinks slug={slug} />
      </section>
    </>
  );
}
