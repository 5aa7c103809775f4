import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskForceDetail } from '../../../api-contract';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { fundingApi } from '../../../funding-api';
import type { FundingProject, ProjectInput } from '../../../funding-contract';
import { useFormat } from '../../../format';
import { useFundingProblem } from '../../portal/funding/funding-problem';
import { SuccessNotice } from '../pact/notice';
import { ProjectCostsForm } from './project-costs-form';
import { textOf, useOrganisations } from './form-helpers';

const idPrefix = 'project';

function NewProjectForm({ slug, taskForceId }: { slug: string; taskForceId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const organisations = useOrganisations(slug);
  const create = useMutation({
    mutationFn: ({ input }: { input: ProjectInput; form: HTMLFormElement }) => fundingApi.createProject(slug, taskForceId, input),
    onSuccess: async (_project, { form }) => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['funding', slug] });
    },
  });
  const problem = useFundingProblem(create.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = { name: t('funding.projects.name'), description: t('funding.projects.description'), holderOrganisationId: t('funding.projects.holder') };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const holderOrganisationId = textOf(data, 'holderOrganisationId');
    create.mutate({ input: { name: textOf(data, 'name'), description: textOf(data, 'description'), holderOrganisationId: holderOrganisationId || null }, form });
  }
  return (
    <>
      {create.isSuccess && (
        <SuccessNotice key={create.submittedAt}>
          <p>{t('funding.projects.created', { name: create.data.name })}</p>
        </SuccessNotice>
      )}
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form onSubmit={submit} noValidate className="form">
        <TextField id={`${idPrefix}-name`} name="name" label={labels.name} maxLength={200} required autoComplete="off" error={errors.name} />
        <TextAreaField id={`${idPrefix}-description`} name="description" label={labels.description} maxLength={5000} rows={3} error={errors.description} />
        <SelectField id={`${idPrefix}-holderOrganisationId`} name="holderOrganisationId" label={labels.holderOrganisationId} hint={t('funding.projects.holderHint')} error={errors.holderOrganisationId}>
          <option value="">{t('funding.projects.noHolder')}</option>
          {(organisations.data ?? []).map((organisation) => (
            <option key={organisation.id} value={organisation.id}>
              {organisation.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--secondary" disabled={create.isPending}>
          {t('funding.projects.create')}
        </button>
      </form>
    </>
  );
}

/** A task force's projects (a building, a programme): a campaign is always for one of them. */
export function ProjectsSection({ slug, taskForce, projects, canManage }: { slug: string; taskForce: TaskForceDetail; projects: FundingProject[]; canManage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const organisations = useOrganisations(slug);
  const names = new Map((organisations.data ?? []).map((o) => [o.id, o.name]));
  return (
    <section aria-labelledby="projects-heading" className="section">
      <h2 id="projects-heading">{t('funding.projects.title')}</h2>
      <p>{t('funding.projects.intro')}</p>
      {projects.length === 0 ? (
        <p>{t('funding.projects.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('funding.projects.caption', { count: projects.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('funding.projects.name')}</th>
                <th scope="col">{t('funding.projects.holder')}</th>
                <th scope="col" className="numeric">
                  {t('funding.plan.cost')}
                </th>
              </tr>
            </thead>
            <tbody>
              {projects.map((project) => (
                <tr key={project.id}>
                  <th scope="row">{project.name}</th>
                  <td>{project.holderOrganisationId ? (names.get(project.holderOrganisationId) ?? '') : <span className="muted">{t('common.notProvided')}</span>}</td>
                  <td className="numeric nowrap">{format.euros(project.totalCost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage && projects.length > 0 && (
        <>
          <h3>{t('funding.projects.costsTitle')}</h3>
          {projects.map((project) => (
            <ProjectCostsForm key={project.id} slug={slug} project={project} budgetLines={taskForce.budgetLines} />
          ))}
        </>
      )}
      {canManage && (
        <>
          <h3>{t('funding.projects.newTitle')}</h3>
          <NewProjectForm slug={slug} taskForceId={taskForce.id} />
        </>
      )}
    </section>
  );
}
