import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api';
import type { OrganisationInput } from '../../api-contract';
import { asProblem } from '../../components/problem';
import { useDocumentTitle } from '../../layout/document-title';
import { OrganisationForm } from './organisation-form';
import { useWorkspace } from './workspace-layout';

/** On creation, empty optional fields are left out rather than sent as null. */
function withoutEmptyFields(input: OrganisationInput): Partial<OrganisationInput> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) as Partial<OrganisationInput>;
}

export function OrganisationNewPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('organisations.newTitle'), territory.name);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (input: OrganisationInput) => api.createOrganisation(slug, withoutEmptyFields(input)),
    onSuccess: async (organisation) => {
      await queryClient.invalidateQueries({ queryKey: ['organisations', slug] });
      await queryClient.invalidateQueries({ queryKey: ['territory', slug] });
      await navigate(`/workspace/${slug}/organisations/${organisation.id}`, {
        state: { notice: t('organisations.created', { name: organisation.name }) },
      });
    },
  });
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/organisations`}>{t('organisations.backToList')}</Link>
      </p>
      <h1>{t('organisations.newTitle')}</h1>
      <OrganisationForm
        slug={slug}
        problem={asProblem(create.error)}
        pending={create.isPending}
        submitLabel={t('organisations.create')}
        onSubmit={(input) => create.mutate(input)}
      />
    </>
  );
}
