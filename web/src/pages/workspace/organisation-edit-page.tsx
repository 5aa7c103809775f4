import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api';
import type { Organisation, OrganisationInput } from '../../api-contract';
import { asProblem } from '../../components/problem';
import { QueryState } from '../../components/query-state';
import { useDocumentTitle } from '../../layout/document-title';
import { OrganisationForm } from './organisation-form';
import { useWorkspace } from './workspace-layout';

/** Only what changed is sent, so that a field cleared on purpose becomes null and nothing else moves. */
function changedFields(before: Organisation, after: OrganisationInput): Partial<OrganisationInput> {
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(after)) {
    if (before[field as keyof Organisation] !== value) patch[field] = value;
  }
  return patch as Partial<OrganisationInput>;
}

export function OrganisationEditPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  const { organisationId = '' } = useParams();
  const organisation = useQuery({
    queryKey: ['organisation', slug, organisationId],
    queryFn: () => api.organisation(slug, organisationId),
  });
  useDocumentTitle(t('organisations.editTitle', { name: organisation.data?.name ?? '' }), territory.name);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const detailPath = `/workspace/${slug}/organisations/${organisationId}`;
  const update = useMutation({
    mutationFn: (patch: Partial<OrganisationInput>) => api.updateOrganisation(slug, organisationId, patch),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['organisation', slug, organisationId], updated);
      await queryClient.invalidateQueries({ queryKey: ['organisations', slug] });
      await queryClient.invalidateQueries({ queryKey: ['territory', slug] });
      await navigate(detailPath, { state: { notice: t('organisations.updated', { name: updated.name }) } });
    },
  });
  return (
    <>
      <p className="back-link">
        <Link to={detailPath}>{t('organisations.backToDetail')}</Link>
      </p>
      <h1>{t('organisations.editTitle', { name: organisation.data?.name ?? '' })}</h1>
      <QueryState query={organisation}>
        {(initial) => (
          <OrganisationForm
            slug={slug}
            initial={initial}
            problem={asProblem(update.error)}
            pending={update.isPending}
            submitLabel={t('common.save')}
            onSubmit={(input) => update.mutate(changedFields(initial, input))}
          />
        )}
      </QueryState>
    </>
  );
}
