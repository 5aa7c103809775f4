import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../../api';
import { taskForceStatuses, type Commitment, type TaskForceDetail, type TaskForceInput, type TaskForceStatus } from '../../../api-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { CommitmentStatusText, ProgressBar, useOrganisationNames } from '../../portal/pact/pact-parts';
import { useWorkspace } from '../workspace-layout';
import { DecisionsSection } from './decisions-section';
import { SuccessNotice } from './notice';
import { canEditTaskForce, isTaskForceLead, myTaskForceRole, pactGrantsOf } from './pact-permissions';
import { TaskForceForm } from './task-force-form';
import { MembersSection } from './task-force-members-section';

/** A task force is proposed, becomes active, and is closed; it never goes back (model.ts `canMoveTaskForce`). */
const nextStatuses = (status: TaskForceStatus): TaskForceStatus[] => taskForceStatuses.slice(taskForceStatuses.indexOf(status) + 1);

function useTaskForceUpdate(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<TaskForceInput> & { status?: TaskForceStatus }) => api.updateTaskForce(slug, id, patch),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['task-force', slug, id], updated);
      await queryClient.invalidateQueries({ queryKey: ['task-forces', slug] });
    },
  });
}

function StatusSection({ slug, taskForce }: { slug: string; taskForce: TaskForceDetail }) {
  const { t } = useTranslation();
  const update = useTaskForceUpdate(slug, taskForce.id);
  const choices = nextStatuses(taskForce.status);
  const [chosen, setNext] = useState<TaskForceStatus | undefined>(choices[0]);
  // Once the status moved, the choice made for the previous one may no longer be offered.
  const next = chosen && choices.includes(chosen) ? chosen : choices[0];
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (next) update.mutate({ status: next });
  }
  return (
    <section aria-labelledby="status-heading" className="section">
      <h2 id="status-heading">{t('pactWorkspace.taskForce.statusTitle')}</h2>
      <p>{t('pactWorkspace.taskForce.statusNow', { status: t(`pact.taskForceStatuses.${taskForce.status}`) })}</p>
      {update.isSuccess && (
        <SuccessNotice key={update.submittedAt}>
          <p>{t('pactWorkspace.taskForce.statusChanged', { status: t(`pact.taskForceStatuses.${update.data.status}`) })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={asProblem(update.error)} focus />
      {choices.length === 0 ? (
        <p>{t('pactWorkspace.taskForce.closedForGood')}</p>
      ) : (
        <form onSubmit={submit} className="form">
          <fieldset className="fieldset">
            <legend>{t('pactWorkspace.taskForce.nextStatus')}</legend>
            {choices.map((status) => (
              <div className="checkbox" key={status}>
                <input type="radio" id={`status-${status}`} name="status" value={status} checked={next === status} onChange={() => setNext(status)} />
                <label htmlFor={`status-${status}`}>
                  {t(`pact.taskForceStatuses.${status}`)} — <span className="muted">{t(`pactWorkspace.taskForce.statusHints.${status}`)}</span>
                </label>
              </div>
            ))}
          </fieldset>
          {next === 'closed' && (
            <div className="checkbox">
              <input id="status-close-confirm" type="checkbox" required />
              <label htmlFor="status-close-confirm">{t('pactWorkspace.taskForce.closeConfirm', { name: taskForce.name })}</label>
            </div>
          )}
          <button type="submit" className={next === 'closed' ? 'button button--danger' : 'button'} disabled={update.isPending}>
            {t('pactWorkspace.taskForce.changeStatus')}
          </button>
        </form>
      )}
    </section>
  );
}

function EditSection({ slug, taskForce }: { slug: string; taskForce: TaskForceDetail }) {
  const { t } = useTranslation();
  const update = useTaskForceUpdate(slug, taskForce.id);
  return (
    <section aria-labelledby="edit-heading" className="section">
      <h2 id="edit-heading">{t('pactWorkspace.taskForce.editTitle')}</h2>
      {update.isSuccess && (
        <SuccessNotice key={update.submittedAt}>
          <p>{t('pactWorkspace.taskForce.saved')}</p>
        </SuccessNotice>
      )}
      <TaskForceForm
        idPrefix="task-force"
        initial={taskForce}
        pending={update.isPending}
        problem={asProblem(update.error)}
        submitLabel={t('common.save')}
        onSubmit={(input) => update.mutate(input)}
      />
    </section>
  );
}

function CommitmentsSection({ slug, taskForce, commitments }: { slug: string; taskForce: TaskForceDetail; commitments: Commitment[] }) {
  const { t } = useTranslation();
  const names = useOrganisationNames(slug);
  return (
    <section aria-labelledby="commitments-heading" className="section">
      <h2 id="commitments-heading">{t('pact.taskForce.commitments')}</h2>
      {commitments.length === 0 ? (
        <p>{t('pact.taskForce.noCommitments')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('pact.taskForce.commitmentsCaption', { count: commitments.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pact.commitment.statement')}</th>
                <th scope="col">{t('pact.commitment.owner')}</th>
                <th scope="col">{t('pact.status')}</th>
                <th scope="col">{t('pact.progress.label')}</th>
              </tr>
            </thead>
            <tbody>
              {commitments.map((commitment) => (
                <tr key={commitment.id}>
                  <th scope="row">
                    <Link to={`/workspace/${slug}/pact/commitments/${commitment.id}`}>{commitment.statement}</Link>
                  </th>
                  <td>{names.get(commitment.ownerOrganisationId) ?? t('pact.taskForce.organisation')}</td>
                  <td>
                    <CommitmentStatusText commitment={commitment} />
                  </td>
                  <td>
                    <ProgressBar value={commitment.progress} label={t('pact.progress.of', { name: commitment.statement })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {taskForce.status !== 'closed' && (
        <p>
          <Link className="button button--secondary" to={`/workspace/${slug}/pact/commitments?taskForceId=${encodeURIComponent(taskForce.id)}`}>
            {t('pactWorkspace.taskForce.commitHere')}
          </Link>
        </p>
      )}
    </section>
  );
}

function TaskForceWorkspace({ slug, taskForce }: { slug: string; taskForce: TaskForceDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const context = useWorkspace();
  const grants = pactGrantsOf(context);
  const canEdit = canEditTaskForce(grants, taskForce.members);
  const myRole = myTaskForceRole(grants, taskForce.members);
  const commitments = useQuery({ queryKey: ['commitments', slug, { taskForceId: taskForce.id }], queryFn: () => api.commitments(slug, { taskForceId: taskForce.id }) });
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('pact.status')}</dt>
          <dd>{t(`pact.taskForceStatuses.${taskForce.status}`)}</dd>
        </div>
        <div>
          <dt>{t('pact.taskForce.governance')}</dt>
          <dd>
            {t('pact.taskForce.governanceRule', {
              method: t(`pact.taskForce.methods.${taskForce.governance.method}`),
              quorum: format.progress(taskForce.governance.quorumPercent),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('pactWorkspace.taskForce.myRole')}</dt>
          <dd>{myRole ? t(`pactWorkspace.roles.${myRole}`) : t('pactWorkspace.taskForce.notMember')}</dd>
        </div>
      </dl>
      <p>
        <Link to={`/t/${slug}/task-forces/${taskForce.id}`}>{t('pactWorkspace.publicPage')}</Link>
      </p>
      {!canEdit && <p>{t('pactWorkspace.taskForce.leadsEdit')}</p>}
      {canEdit && <StatusSection slug={slug} taskForce={taskForce} />}
      <MembersSection slug={slug} taskForce={taskForce} canEdit={canEdit} />
      <DecisionsSection slug={slug} taskForce={taskForce} isLead={isTaskForceLead(grants, taskForce.members)} />
      <QueryState query={commitments}>{({ items }) => <CommitmentsSection slug={slug} taskForce={taskForce} commitments={items} />}</QueryState>
      {canEdit && <EditSection slug={slug} taskForce={taskForce} />}
    </>
  );
}

/** A task force in the workspace: its status, members, decisions, commitments and (for its leads) its plan. */
export function TaskForceWorkspacePage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  const { id = '' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const taskForce = useQuery({ queryKey: ['task-force', slug, id], queryFn: () => api.taskForce(slug, id) });
  const title = taskForce.data?.name ?? t('pact.taskForce.titleFallback');
  useDocumentTitle(title, territory.name);
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/pact/task-forces`}>{t('pactWorkspace.taskForce.backToList')}</Link>
      </p>
      <h1>{title}</h1>
      {notice && (
        <p className="alert alert--success" role="status">
          {notice}
        </p>
      )}
      <QueryState query={taskForce}>{(data) => <TaskForceWorkspace slug={slug} taskForce={data} />}</QueryState>
    </>
  );
}
