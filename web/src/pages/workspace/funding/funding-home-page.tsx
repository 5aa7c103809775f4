import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { useWorkspace } from '../workspace-layout';

/** The way into each task force's funding: plan and sources, campaigns, expenses. */
export function FundingHomePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug } = useWorkspace();
  const taskForces = useQuery({ queryKey: ['task-forces', slug], queryFn: () => api.taskForces(slug) });
  useDocumentTitle(t('funding.workspace.title'));
  const base = `/workspace/${slug}/funding/task-forces`;
  return (
    <>
      <h1>{t('funding.workspace.title')}</h1>
      <p className="lead">{t('funding.workspace.intro')}</p>
      <QueryState query={taskForces}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('funding.workspace.noTaskForces')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('funding.workspace.taskForcesCaption', { count: items.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('funding.workspace.taskForce')}</th>
                    <th scope="col" className="numeric">
                      {t('funding.plan.totalCost')}
                    </th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((taskForce) => (
                    <tr key={taskForce.id}>
                      <th scope="row">
                        <Link to={`${base}/${taskForce.id}`}>{taskForce.name}</Link>
                      </th>
                      <td className="numeric nowrap">{format.euros(taskForce.plannedBudget)}</td>
                      <td>
                        <div className="cell-actions">
                          <Link to={`${base}/${taskForce.id}/campaigns`} aria-label={t('funding.workspace.campaignsOf', { name: taskForce.name })}>
                            {t('funding.workspace.tabs.campaigns')}
                          </Link>
                          <Link to={`${base}/${taskForce.id}/expenses`} aria-label={t('funding.workspace.expensesOf', { name: taskForce.name })}>
                            {t('funding.workspace.tabs.expenses')}
                          </Link>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </>
  );
}
