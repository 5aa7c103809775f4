import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../../components/query-state';
import { fundingApi } from '../../../funding-api';
import type { TaskForceDetail } from '../../../api-contract';
import { CoverageSummary } from '../../portal/funding/plan-view';
import { AddLineForm } from './add-line-form';
import { FundingLineItem } from './funding-line-item';
import type { FundingRights } from './funding-permissions';
import { ProjectsSection } from './projects-section';
import { TaskForceFrame } from './task-force-frame';
import { useWorkspace } from '../workspace-layout';

function PlanEditor({ taskForce, rights }: { taskForce: TaskForceDetail; rights: FundingRights }) {
  const { t } = useTranslation();
  const { slug } = useWorkspace();
  const plan = useQuery({ queryKey: ['funding', slug, 'plan', taskForce.id], queryFn: () => fundingApi.taskForcePlan(slug, taskForce.id) });
  const projects = useQuery({ queryKey: ['funding', slug, 'projects', taskForce.id], queryFn: () => fundingApi.projects(slug, taskForce.id) });
  const projectList = projects.data ?? [];
  const projectNames = new Map(projectList.map((p) => [p.id, p.name]));
  return (
    <>
      {!rights.canManage && <p className="alert alert--info">{t('funding.workspace.readOnlyPlan')}</p>}
      <QueryState query={plan}>
        {(data) => (
          <>
            <section aria-labelledby="coverage-heading" className="section">
              <h2 id="coverage-heading">{t('funding.coverage.title')}</h2>
              <CoverageSummary plan={data} />
            </section>
            <section aria-labelledby="lines-heading" className="section">
              <h2 id="lines-heading">{t('funding.plan.linesTitle')}</h2>
              {data.lines.length === 0 ? (
                <p>{t('funding.plan.noLines')}</p>
              ) : (
                <ul className="funding-list" aria-label={t('funding.plan.linesCaption', { count: data.lines.length })}>
                  {data.lines.map((line) => (
                    <FundingLineItem key={line.id} slug={slug} line={line} projectName={line.projectId ? (projectNames.get(line.projectId) ?? null) : null} canManage={rights.canManage} />
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </QueryState>
      {rights.canManage && (
        <section aria-labelledby="add-line-heading" className="section">
          <h2 id="add-line-heading">{t('funding.lines.addTitle')}</h2>
          <p>
            {t('funding.lines.ceeHint')} <Link to={`/workspace/${slug}/funding/cee?taskForceId=${encodeURIComponent(taskForce.id)}`}>{t('funding.lines.ceeLink')}</Link>
          </p>
          <AddLineForm slug={slug} taskForceId={taskForce.id} projects={projectList} />
        </section>
      )}
      <ProjectsSection slug={slug} taskForce={taskForce} projects={projectList} canManage={rights.canManage} />
    </>
  );
}

/** The plan editor: funding lines added, edited and moved through their statuses, and the task force's projects. */
export function PlanPage() {
  return <TaskForceFrame tab="plan">{(taskForce, rights) => <PlanEditor taskForce={taskForce} rights={rights} />}</TaskForceFrame>;
}
