import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api';
import { taskForceRoles, type Commitment, type Criterion, type TaskForceDetail } from '../../../api-contract';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { PortalBreadcrumb } from '../portal-breadcrumb';
import { PactWorkspaceLink } from '../../workspace/pact/workspace-link';
import { CommitmentStatusText, dueDateOf, ProgressBar, useOrganisationNames } from './pact-parts';
import { TaskForceFundingSection } from '../funding/task-force-funding-section';
import { FollowButton } from './follow-button';
import { InitiativeOrigin } from '../concertation/initiative-origin';

function CriteriaList({ criteria }: { criteria: Criterion[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (criteria.length === 0) return <p>{t('pact.taskForce.noCriteria')}</p>;
  return (
    <ul className="plain-list">
      {criteria.map((criterion, index) => (
        <li key={index}>
          {criterion.statement}
          {criterion.threshold !== null && (
            <>
              {' — '}
              {t('pact.taskForce.threshold', { value: format.decimal(criterion.threshold), unit: criterion.unit ?? '' }).trim()}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function MembersSection({ taskForce, names }: { taskForce: TaskForceDetail; names: Map<string, string> }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="members-heading" className="section">
      <h2 id="members-heading">{t('pact.taskForce.members')}</h2>
      {taskForce.members.length === 0 && <p>{t('pact.taskForce.noMembers')}</p>}
      {taskForceRoles.map((role) => {
        const members = taskForce.members.filter((member) => member.role === role);
        if (members.length === 0) return null;
        return (
          <div key={role}>
            <h3>{t(`pact.taskForce.roles.${role}`, { count: members.length })}</h3>
            <ul className="plain-list">
              {members.map((member) => (
                <li key={`${member.memberType}-${member.memberId}`}>
                  {member.memberType === 'organisation'
                    ? (names.get(member.memberId) ?? t('pact.taskForce.organisation'))
                    : t('pact.taskForce.person')}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

function BudgetSection({ taskForce }: { taskForce: TaskForceDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="budget-heading" className="section">
      <h2 id="budget-heading">{t('pact.taskForce.budget')}</h2>
      {taskForce.budgetLines.length === 0 ? (
        <p>{t('pact.taskForce.noBudget')}</p>
      ) : (
        <div className="table-wrap table-wrap--medium">
          <table>
            <caption>{t('pact.taskForce.budgetCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pact.taskForce.budgetLabel')}</th>
                <th scope="col">{t('pact.taskForce.budgetCategory')}</th>
                <th scope="col" className="numeric">
                  {t('pact.taskForce.plannedAmount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {taskForce.budgetLines.map((line, index) => (
                <tr key={index}>
                  <th scope="row">{line.label}</th>
                  <td>{line.category}</td>
                  <td className="numeric nowrap">{format.euros(line.plannedAmount)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t('common.total')}
                </th>
                <td className="numeric nowrap">{format.euros(taskForce.plannedBudget)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

function CommitmentsSection({ slug, commitments, names }: { slug: string; commitments: Commitment[]; names: Map<string, string> }) {
  const { t } = useTranslation();
  const format = useFormat();
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
                <th scope="col">{t('pact.commitment.due')}</th>
                <th scope="col">{t('pact.status')}</th>
                <th scope="col">{t('pact.progress.label')}</th>
              </tr>
            </thead>
            <tbody>
              {commitments.map((commitment) => {
                const due = dueDateOf(commitment);
                return (
                  <tr key={commitment.id}>
                    <th scope="row">
                      <Link to={`/t/${slug}/commitments/${commitment.id}`}>{commitment.statement}</Link>
                    </th>
                    <td>{names.get(commitment.ownerOrganisationId) ?? <span className="muted">{t('common.notProvided')}</span>}</td>
                    <td className="nowrap">{due ? format.day(due) : <span className="muted">{t('common.notProvided')}</span>}</td>
                    <td>
                      <CommitmentStatusText commitment={commitment} />
                    </td>
                    <td>
                      <ProgressBar value={commitment.progress} label={t('pact.progress.of', { name: commitment.statement })} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The public page of a task force: mission, criteria, members, governance, budget plan, commitments. */
export function TaskForcePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug = '', id = '' } = useParams();
  const territory = useQuery({ queryKey: ['territory', slug], queryFn: () => api.territory(slug) });
  const taskForce = useQuery({ queryKey: ['task-force', slug, id], queryFn: () => api.taskForce(slug, id) });
  const commitments = useQuery({ queryKey: ['commitments', slug, { taskForceId: id }], queryFn: () => api.commitments(slug, { taskForceId: id }) });
  const names = useOrganisationNames(slug);
  const title = taskForce.data?.name ?? t('pact.taskForce.titleFallback');
  useDocumentTitle(title, territory.data?.name);
  return (
    <>
      <PortalBreadcrumb
        slug={slug}
        territoryName={territory.data?.name}
        parents={[{ to: `/t/${slug}/pact`, label: t('pact.breadcrumb') }]}
        current={title}
      />
      <h1>{title}</h1>
      <QueryState query={taskForce}>
        {(data) => (
          <>
            <dl className="facts">
              <div>
                <dt>{t('pact.status')}</dt>
                <dd>{t(`pact.taskForceStatuses.${data.status}`)}</dd>
              </div>
              <div>
                <dt>{t('pact.taskForce.governance')}</dt>
                <dd>
                  {t('pact.taskForce.governanceRule', {
                    method: t(`pact.taskForce.methods.${data.governance.method}`),
                    quorum: format.progress(data.governance.quorumPercent),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t('pact.progress.label')}</dt>
                <dd>
                  {data.progress === null ? (
                    t('pact.progress.noneShort')
                  ) : (
                    <ProgressBar value={data.progress} label={t('pact.progress.of', { name: data.name })} />
                  )}
                </dd>
              </div>
            </dl>
            <InitiativeOrigin slug={slug} kind="task_force" id={data.id} />
            <FollowButton slug={slug} type="task_force" id={data.id} />
            <PactWorkspaceLink slug={slug} path={`/task-forces/${data.id}`} label={t('pactWorkspace.links.taskForce')} />
            <section aria-labelledby="mission-heading" className="section">
              <h2 id="mission-heading">{t('pact.taskForce.mission')}</h2>
              <p>{data.mission}</p>
            </section>
            <section aria-labelledby="criteria-heading" className="section">
              <h2 id="criteria-heading">{t('pact.taskForce.criteria')}</h2>
              <h3>{t('pact.taskForce.social')}</h3>
              <CriteriaList criteria={data.socialCriteria} />
              <h3>{t('pact.taskForce.environmental')}</h3>
              <CriteriaList criteria={data.environmentalCriteria} />
            </section>
            <MembersSection taskForce={data} names={names} />
            <BudgetSection taskForce={data} />
            <QueryState query={commitments}>
              {(list) => <CommitmentsSection slug={slug} commitments={list.items} names={names} />}
            </QueryState>
            <TaskForceFundingSection slug={slug} taskForceId={data.id} />
            <p>
              <Link to={`/t/${slug}/chronicle?taskForceId=${encodeURIComponent(data.id)}`}>{t('pact.taskForce.chronicleLink')}</Link>
            </p>
          </>
        )}
      </QueryState>
    </>
  );
}
