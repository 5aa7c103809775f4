import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../../api';
import type { CommitmentDetail, CommitmentInput, CommitmentUpdateInput } from '../../../api-contract';
import { asProblem } from '../../../components/problem';
import { Loading, QueryState } from '../../../components/query-state';
import { useDocumentTitle } from '../../../layout/document-title';
import { CommitmentFacts, HistorySection } from '../../portal/pact/commitment-page';
import { FollowButton } from '../../portal/pact/follow-button';
import { useOrganisationNames } from '../../portal/pact/pact-parts';
import { pactApi } from '../../../pact-api';
import { useWorkspace } from '../workspace-layout';
import { CommitmentForm } from './commitment-form';
import { CommitmentUpdateForm } from './commitment-update-form';
import { SuccessNotice } from './notice';
import { canEditCommitment, canUpdateCommitment, pactGrantsOf } from './pact-permissions';

const isOpen = (commitment: Pick<CommitmentDetail, 'status'>) => commitment.status === 'planned' || commitment.status === 'in_progress';

/** The commitment's own actions, beside its title: its public page, and following it. */
function CommitmentActions({ slug, commitment }: { slug: string; commitment: CommitmentDetail }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="actions">
        <Link className="button button--secondary" to={`/t/${slug}/commitments/${commitment.id}`}>
          {t('pactWorkspace.publicPage')}
        </Link>
      </div>
      <FollowButton slug={slug} type="commitment" id={commitment.id} />
    </>
  );
}

/** Changing what was committed to while it is open: statement, target or milestone, weight, task force. Status and progress go through updates. */
function EditSection({ slug, commitment }: { slug: string; commitment: CommitmentDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const taskForces = useQuery({ queryKey: ['task-forces', slug], queryFn: () => api.taskForces(slug) });
  const edit = useMutation({
    mutationFn: (input: CommitmentInput) =>
      pactApi.editCommitment(slug, commitment.id, {
        statement: input.statement,
        target: input.target ?? null,
        milestoneDate: input.milestoneDate ?? null,
        ...(input.weight !== undefined ? { weight: input.weight } : {}),
        taskForceId: input.taskForceId ?? null,
      }),
    onSuccess: async (edited) => {
      queryClient.setQueryData<CommitmentDetail>(['commitment', slug, commitment.id], (current) => (current ? { ...current, ...edited } : current));
      await queryClient.invalidateQueries({ queryKey: ['commitments', slug] });
      await queryClient.invalidateQueries({ queryKey: ['pact', slug] });
      await queryClient.invalidateQueries({ queryKey: ['task-forces', slug] });
    },
  });
  return (
    <section aria-labelledby="edit-heading" className="section">
      <h2 id="edit-heading">{t('pactWorkspace.edit.title')}</h2>
      <p>{t('pactWorkspace.edit.intro')}</p>
      {edit.isSuccess && (
        <SuccessNotice key={edit.submittedAt}>
          <p>{t('pactWorkspace.edit.saved')}</p>
        </SuccessNotice>
      )}
      {taskForces.isPending ? (
        <Loading />
      ) : (
        <CommitmentForm
          key={commitment.updatedAt}
          idPrefix="commitment-edit"
          commitment={commitment}
          owners={[]}
          taskForces={taskForces.data?.items ?? []}
          defaultTaskForceId={commitment.taskForceId ?? ''}
          pending={edit.isPending}
          problem={asProblem(edit.error)}
          submitLabel={t('pactWorkspace.edit.submit')}
          onSubmit={(input) => edit.mutate(input)}
        />
      )}
    </section>
  );
}

function UpdateSection({ slug, commitment }: { slug: string; commitment: CommitmentDetail }) {
  const { t } = useTranslation();
  const context = useWorkspace();
  const queryClient = useQueryClient();
  const taskForce = useQuery({
    queryKey: ['task-force', slug, commitment.taskForceId],
    queryFn: () => api.taskForce(slug, commitment.taskForceId ?? ''),
    enabled: commitment.taskForceId !== null,
  });
  const post = useMutation({
    mutationFn: ({ input, file }: { input: CommitmentUpdateInput; file: File | null }) =>
      file ? pactApi.postCommitmentEvidence(slug, commitment.id, input, file) : api.postCommitmentUpdate(slug, commitment.id, input),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['commitment', slug, commitment.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['commitments', slug] });
      await queryClient.invalidateQueries({ queryKey: ['pact', slug] });
      await queryClient.invalidateQueries({ queryKey: ['task-forces', slug] });
    },
  });
  const allowed = canUpdateCommitment(pactGrantsOf(context), commitment, taskForce.data?.members ?? []);
  const latest = commitment.updates.at(-1);
  return (
    <section aria-labelledby="update-heading" className="section">
      <h2 id="update-heading">{t('pactWorkspace.update.title')}</h2>
      {post.isSuccess && (
        <SuccessNotice key={post.submittedAt}>
          <p>
            {t('pactWorkspace.update.posted', {
              status: t(`pact.commitmentStatuses.${post.data.status}`),
              progress: post.data.progress,
            })}
          </p>
        </SuccessNotice>
      )}
      {!isOpen(commitment) ? (
        <p>{t('pactWorkspace.update.final', { status: t(`pact.commitmentStatuses.${commitment.status}`) })}</p>
      ) : allowed ? (
        <CommitmentUpdateForm
          key={latest?.id ?? 'none'}
          commitment={commitment}
          pending={post.isPending}
          problem={asProblem(post.error)}
          onSubmit={(input, file) => post.mutate({ input, file })}
        />
      ) : (
        <p>{t('pactWorkspace.update.whoMay')}</p>
      )}
    </section>
  );
}

function MayEdit({ commitment, children }: { commitment: CommitmentDetail; children: ReactNode }) {
  const grants = pactGrantsOf(useWorkspace());
  return isOpen(commitment) && canEditCommitment(grants, commitment) ? <>{children}</> : null;
}

/** A commitment in the workspace: its facts, reporting progress with evidence, and its history. */
export function CommitmentWorkspacePage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  const { id = '' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const commitment = useQuery({ queryKey: ['commitment', slug, id], queryFn: () => api.commitment(slug, id) });
  const names = useOrganisationNames(slug);
  const title = commitment.data?.statement ?? t('pact.commitment.titleFallback');
  useDocumentTitle(title, territory.name);
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/pact/commitments`}>{t('pactWorkspace.commitments.backToList')}</Link>
      </p>
      <h1>{title}</h1>
      {notice && (
        <p className="alert alert--success" role="status">
          {notice}
        </p>
      )}
      <QueryState query={commitment}>
        {(data) => (
          <>
            <CommitmentActions slug={slug} commitment={data} />
            <CommitmentFacts slug={slug} commitment={data} ownerName={names.get(data.ownerOrganisationId)} />
            <UpdateSection slug={slug} commitment={data} />
            <HistorySection commitment={data} />
            <MayEdit commitment={data}>
              <EditSection slug={slug} commitment={data} />
            </MayEdit>
          </>
        )}
      </QueryState>
    </>
  );
}
