import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { concertationWorkspaceApi } from '../../../concertation-workspace-api';
import type { EditionSummary } from '../../../concertation-contract';
import type { EditionInput } from '../../../concertation-workspace-contract';
import { TextAreaField, TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { fieldErrorsOf } from '../../../components/problem';
import { QueryState } from '../../../components/query-state';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { textOf } from '../funding/form-helpers';
import { useWorkspace } from '../workspace-layout';
import { useConcertationProblem } from './concertation-problem';
import { concertationKey, useEditions } from './concertation-queries';

const idPrefix = 'edition';

function EditionsTable({ editions }: { editions: EditionSummary[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug } = useWorkspace();
  if (editions.length === 0) return <p>{t('concertationWorkspace.editions.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('concertationWorkspace.editions.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('concertationWorkspace.editions.year')}</th>
            <th scope="col">{t('concertationWorkspace.editions.title')}</th>
            <th scope="col">{t('concertationWorkspace.editions.phase')}</th>
            <th scope="col" className="numeric">{t('concertationWorkspace.editions.sessions')}</th>
            <th scope="col" className="numeric">{t('concertationWorkspace.editions.initiatives')}</th>
            <th scope="col" className="numeric">{t('concertationWorkspace.editions.supports')}</th>
            <th scope="col">{t('concertationWorkspace.editions.report')}</th>
          </tr>
        </thead>
        <tbody>
          {editions.map((edition) => (
            <tr key={edition.id}>
              <th scope="row">
                <Link to={`/workspace/${slug}/concertation/${edition.year}`}>{edition.year}</Link>
              </th>
              <td>{edition.title}</td>
              <td>{t(`concertationWorkspace.phases.${edition.phase}`)}</td>
              <td className="numeric">{format.integer(edition.sessions)}</td>
              <td className="numeric">{format.integer(edition.initiatives)}</td>
              <td className="numeric">{format.integer(edition.supports)}</td>
              <td>{edition.reportPublishedAt ? t('concertationWorkspace.editions.reportPublished', { date: format.date(edition.reportPublishedAt) }) : t('concertationWorkspace.editions.noReport')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NewEditionForm() {
  const { t } = useTranslation();
  const { slug } = useWorkspace();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (input: EditionInput) => concertationWorkspaceApi.createEdition(slug, input),
    onSuccess: async (edition) => {
      await queryClient.invalidateQueries({ queryKey: concertationKey(slug) });
      await navigate(`/workspace/${slug}/concertation/${edition.year}`);
    },
  });
  const problem = useConcertationProblem(create.error);
  const errors = fieldErrorsOf(t, problem);
  const labels = {
    year: t('concertationWorkspace.editions.year'),
    title: t('concertationWorkspace.editions.title'),
    description: t('concertationWorkspace.editions.description'),
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const description = textOf(data, 'description');
    create.mutate({ year: Number(textOf(data, 'year')), title: textOf(data, 'title'), ...(description ? { description } : {}) });
  }
  return (
    <section className="section" aria-labelledby="new-edition-heading">
      <h2 id="new-edition-heading">{t('concertationWorkspace.editions.newTitle')}</h2>
      <p>{t('common.requiredNote')}</p>
      <ProblemAlert problem={problem} idPrefix={idPrefix} fieldLabels={labels} focus />
      <form className="form" onSubmit={submit} noValidate>
        <TextField id={`${idPrefix}-year`} name="year" label={labels.year} inputMode="numeric" required defaultValue={String(new Date().getFullYear() + 1)} error={errors.year} />
        <TextField id={`${idPrefix}-title`} name="title" label={labels.title} required maxLength={200} error={errors.title} />
        <TextAreaField id={`${idPrefix}-description`} name="description" label={labels.description} maxLength={10_000} error={errors.description} />
        <button type="submit" className="button" disabled={create.isPending}>
          {t('concertationWorkspace.editions.create')}
        </button>
      </form>
    </section>
  );
}

/** The editions of the workshops, newest first; facilitators open the next one here. */
export function EditionsPage() {
  const { t } = useTranslation();
  const { slug, territory, isFacilitator } = useWorkspace();
  useDocumentTitle(t('concertationWorkspace.editions.pageTitle'), territory.name);
  const editions = useEditions(slug);
  return (
    <>
      <h1>{t('concertationWorkspace.editions.pageTitle')}</h1>
      <p className="lead">{t('concertationWorkspace.editions.intro')}</p>
      <QueryState query={editions}>{(data) => <EditionsTable editions={data} />}</QueryState>
      {isFacilitator && <NewEditionForm />}
    </>
  );
}
