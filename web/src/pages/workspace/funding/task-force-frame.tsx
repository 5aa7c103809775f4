import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams } from 'react-router';
import { api } from '../../../api';
import type { TaskForceDetail } from '../../../api-contract';
import { QueryState } from '../../../components/query-state';
import { useDocumentTitle } from '../../../layout/document-title';
import { useWorkspace } from '../workspace-layout';
import { fundingRightsOf, type FundingRights } from './funding-permissions';

type Tab = 'plan' | 'campaigns' | 'expenses';

/** The frame of a task force's funding pages: its name, the three tabs, and what I may do there. */
export function TaskForceFrame({ tab, children }: { tab: Tab; children: (taskForce: TaskForceDetail, rights: FundingRights) => ReactNode }) {
  const { t } = useTranslation();
  const context = useWorkspace();
  const { slug } = context;
  const { id = '' } = useParams();
  const taskForce = useQuery({ queryKey: ['task-force', slug, id], queryFn: () => api.taskForce(slug, id) });
  const tabTitle = t(`funding.workspace.tabs.${tab}`);
  const name = taskForce.data?.name ?? t('pact.taskForce.titleFallback');
  useDocumentTitle(tabTitle, name, t('funding.workspace.title'));
  const base = `/workspace/${slug}/funding/task-forces/${id}`;
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/funding`}>{t('funding.workspace.back')}</Link>
      </p>
      <h1>{t('funding.workspace.taskForceTitle', { tab: tabTitle, name })}</h1>
      <nav className="sub-nav" aria-label={t('funding.workspace.tabsLabel', { name })}>
        <ul>
          <li>
            <NavLink to={base} end>
              {t('funding.workspace.tabs.plan')}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/campaigns`}>{t('funding.workspace.tabs.campaigns')}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/expenses`}>{t('funding.workspace.tabs.expenses')}</NavLink>
          </li>
          <li>
            <Link to={`/t/${slug}/task-forces/${id}`}>{t('funding.workspace.publicPage')}</Link>
          </li>
        </ul>
      </nav>
      <QueryState query={taskForce}>{(data) => children(data, fundingRightsOf(context, data.members))}</QueryState>
    </>
  );
}
