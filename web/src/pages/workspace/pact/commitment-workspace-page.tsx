import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../../api';
import type { CommitmentDetail, CommitmentUpdateInput } from '../../../api-contract';
import { asProblem } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useDocumentTitle } from '../../../layout/document-title';
import { CommitmentFacts, HistorySection } from '../../portal/pact/commitment-page';
import { useOrganisationNames } from '../../portal/pact/pact-parts';
import { useWorkspace } from '../workspace-layout';
import { CommitmentUpdateForm } from './commitment-update-form';
import { SuccessNotice } from './notice';
import { canUpdateCommitment, pactGrantsOf } from './pact-permissions';

const isOpen = (commitment: Pick<CommitmentDetail, 'status'>) => commitment.status === 'planned' || commitment.status === 'in_progress';

/** The commitment's own actions, beside its title: the public page now; following it is meant to sit here too. */
function CommitmentActions({ slug, commitment, children }: { slug: string; commitment: CommitmentDetail; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <Link className="button button--secondary" to={`/t/${slug}/commitments/${commitment.id}`}>
        {t('pactWorkspace.publicPage')}
      </Link>
      {children}
    </div>
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
    mutationFn: (input: CommitmentUpdateInput) => api.postCommitmentUpdate(slug, commitment.id, input),
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
          onSubmit={(input) => post.mutate(input)}
        />
      ) : (
        <p>{t('pactWorkspace.update.whoMay')}</p>
      )}
    </section>
  );
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
          </>
        )}
      </QueryState>
    </>
  );
}
