import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../../api';
import type { TaskForce, TaskForceInput } from '../../../api-contract';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { ProgressBar } from '../../portal/pact/pact-parts';
import { useWorkspace } from '../workspace-layout';
import { TaskForceForm } from './task-force-form';

function TaskForcesTable({ slug, taskForces }: { slug: string; taskForces: TaskForce[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (taskForces.length === 0) return <p>{t('pact.taskForces.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('pactWorkspace.taskForces.caption', { count: taskForces.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pact.taskForces.name')}</th>
            <th scope="col">{t('pact.status')}</th>
            <th scope="col">{t('pact.taskForce.governance')}</th>
            <th scope="col" className="numeric">
              {t('pact.taskForce.plannedBudget')}
            </th>
            <th scope="col">{t('pact.progress.label')}</th>
          </tr>
        </thead>
        <tbody>
          {taskForces.map((taskForce) => (
            <tr key={taskForce.id}>
              <th scope="row">
                <Link to={`/workspace/${slug}/pact/task-forces/${taskForce.id}`}>{taskForce.name}</Link>
              </th>
              <td>{t(`pact.taskForceStatuses.${taskForce.status}`)}</td>
              <td>{t(`pact.taskForce.methods.${taskForce.governance.method}`)}</td>
              <td className="numeric nowrap">{format.euros(taskForce.plannedBudget)}</td>
              <td>
                {taskForce.progress === null ? (
                  <span className="muted">{t('pact.progress.noneShort')}</span>
                ) : (
                  <ProgressBar value={taskForce.progress} label={t('pact.progress.of', { name: taskForce.name })} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CreateTaskForceSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (input: TaskForceInput) => api.createTaskForce(slug, input),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['task-forces', slug] });
      await navigate(`/workspace/${slug}/pact/task-forces/${created.id}`, { state: { notice: t('pactWorkspace.taskForces.created', { name: created.name }) } });
    },
  });
  return (
    <section aria-labelledby="create-task-force-heading" className="section">
      <h2 id="create-task-force-heading">{t('pactWorkspace.taskForces.createTitle')}</h2>
      <p>{t('pactWorkspace.taskForces.createIntro')}</p>
      <TaskForceForm
        idPrefix="new-task-force"
        pending={create.isPending}
        problem={asProblem(create.error)}
        submitLabel={t('pactWorkspace.taskForces.create')}
        onSubmit={(input) => create.mutate(input)}
      />
    </section>
  );
}

/** The task forces, to open one and act in it; facilitators create them. */
export function TaskForcesWorkspacePage() {
  const { t } = useTranslation();
  const { slug, territory, isFacilitator } = useWorkspace();
  useDocumentTitle(t('pactWorkspace.taskForces.pageTitle'), territory.name);
  const taskForces = useQuery({ queryKey: ['task-forces', slug], queryFn: () => api.taskForces(slug) });
  return (
    <>
      <h1>{t('pactWorkspace.taskForces.pageTitle')}</h1>
      <QueryState query={taskForces}>{({ items }) => <TaskForcesTable slug={slug} taskForces={items} />}</QueryState>
      {isFacilitator ? <CreateTaskForceSection slug={slug} /> : <p>{t('pactWorkspace.taskForces.facilitatorsCreate')}</p>}
    </>
  );
}
