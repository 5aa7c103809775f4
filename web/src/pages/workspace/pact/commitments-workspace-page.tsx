import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../../api';
import type { Commitment, CommitmentInput, PactOverview, TaskForce } from '../../../api-contract';
import { asProblem } from '../../../components/problem';
import { Loading, QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { CommitmentStatusText, dueDateOf, ProgressBar, useOrganisationNames } from '../../portal/pact/pact-parts';
import { useWorkspace } from '../workspace-layout';
import { CommitmentForm } from './commitment-form';

function MakeCommitmentSection({ slug, pact, taskForces }: { slug: string; pact: PactOverview; taskForces: TaskForce[] }) {
  const { t } = useTranslation();
  const { isFacilitator, representedOrganisations } = useWorkspace();
  const [search] = useSearchParams();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const make = useMutation({
    mutationFn: (input: CommitmentInput) => api.makeCommitment(slug, input),
    onSuccess: async (made) => {
      await queryClient.invalidateQueries({ queryKey: ['commitments', slug] });
      await queryClient.invalidateQueries({ queryKey: ['pact', slug] });
      await queryClient.invalidateQueries({ queryKey: ['task-forces', slug] });
      await navigate(`/workspace/${slug}/pact/commitments/${made.id}`, { state: { notice: t('pactWorkspace.commitments.made') } });
    },
  });
  const signatories = new Set(pact.signatories.map((s) => s.organisationId));
  // An organisation commits to the Pact it signed; facilitators record commitments for any signatory.
  const owners = isFacilitator
    ? pact.signatories.map((s) => ({ id: s.organisationId, name: s.organisationName }))
    : representedOrganisations.filter((o) => signatories.has(o.id));
  const unsigned = representedOrganisations.filter((o) => !signatories.has(o.id));
  return (
    <section aria-labelledby="make-heading" className="section">
      <h2 id="make-heading">{t('pactWorkspace.commitments.makeTitle')}</h2>
      {unsigned.length > 0 && (
        <p>
          {t('pactWorkspace.commitments.signFirst', { names: unsigned.map((o) => o.name).join(', ') })}{' '}
          <Link to={`/workspace/${slug}/pact`}>{t('pactWorkspace.commitments.signLink')}</Link>
        </p>
      )}
      {owners.length === 0 ? (
        <p>{t('pactWorkspace.commitments.representativesCommit')}</p>
      ) : (
        <CommitmentForm
          owners={owners}
          taskForces={taskForces}
          defaultTaskForceId={search.get('taskForceId') ?? ''}
          pending={make.isPending}
          problem={asProblem(make.error)}
          onSubmit={(input) => make.mutate(input)}
        />
      )}
    </section>
  );
}

function CommitmentsTable({ slug, commitments, taskForces }: { slug: string; commitments: Commitment[]; taskForces: TaskForce[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useOrganisationNames(slug);
  const taskForceNames = new Map(taskForces.map((tf) => [tf.id, tf.name]));
  if (commitments.length === 0) return <p>{t('pactWorkspace.commitments.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('pactWorkspace.commitments.caption', { count: commitments.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pact.commitment.statement')}</th>
            <th scope="col">{t('pact.commitment.owner')}</th>
            <th scope="col">{t('pact.commitment.taskForce')}</th>
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
                  <Link to={`/workspace/${slug}/pact/commitments/${commitment.id}`}>{commitment.statement}</Link>
                </th>
                <td>{names.get(commitment.ownerOrganisationId) ?? t('pact.taskForce.organisation')}</td>
                <td>{commitment.taskForceId ? (taskForceNames.get(commitment.taskForceId) ?? t('pact.taskForce.titleFallback')) : <span className="muted">{t('pactWorkspace.commitments.direct')}</span>}</td>
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
  );
}

/** The commitments one reports on (all of them for facilitators), and a new commitment for an organisation one represents. */
export function CommitmentsWorkspacePage() {
  const { t } = useTranslation();
  const { slug, territory, isFacilitator } = useWorkspace();
  useDocumentTitle(t('pactWorkspace.commitments.pageTitle'), territory.name);
  const pact = useQuery({ queryKey: ['pact', slug], queryFn: () => api.pact(slug) });
  const taskForces = useQuery({ queryKey: ['task-forces', slug], queryFn: () => api.taskForces(slug) });
  const commitments = useQuery({ queryKey: ['commitments', slug, {}], queryFn: () => api.commitments(slug, {}) });
  const [search] = useSearchParams();
  const mine = new Set(territory.organisations.map((o) => o.id));
  const make = taskForces.isPending ? (
    <Loading />
  ) : (
    <QueryState query={pact}>{(overview) => <MakeCommitmentSection slug={slug} pact={overview} taskForces={taskForces.data?.items ?? []} />}</QueryState>
  );
  // Coming from a task force to commit in it, the form comes first.
  const makeFirst = search.has('taskForceId');
  return (
    <>
      <h1>{t('pactWorkspace.commitments.pageTitle')}</h1>
      {isFacilitator && (
        <p>
          <Link className="button button--secondary" to={`/workspace/${slug}/pact/commitments/import`}>
            {t('pactWorkspace.import.link')}
          </Link>
        </p>
      )}
      {makeFirst && make}
      <section aria-labelledby="mine-heading" className="section">
        <h2 id="mine-heading">{isFacilitator ? t('pactWorkspace.commitments.allTitle') : t('pactWorkspace.commitments.mineTitle')}</h2>
        <p>{isFacilitator ? t('pactWorkspace.commitments.allIntro') : t('pactWorkspace.commitments.mineIntro')}</p>
        <QueryState query={commitments}>
          {({ items }) => (
            <CommitmentsTable
              slug={slug}
              commitments={isFacilitator ? items : items.filter((c) => mine.has(c.ownerOrganisationId))}
              taskForces={taskForces.data?.items ?? []}
            />
          )}
        </QueryState>
      </section>
      {!makeFirst && make}
    </>
  );
}
