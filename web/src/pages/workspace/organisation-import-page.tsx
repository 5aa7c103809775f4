import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import type { OrganisationImportResult } from '../../api-contract';
import { TextField } from '../../components/fields';
import { ProblemAlert } from '../../components/problem-alert';
import { CsvErrors } from '../../components/csv-errors';
import { asProblem } from '../../components/problem';
import { useFormat } from '../../format';
import { useDocumentTitle } from '../../layout/document-title';
import { useWorkspace } from './workspace-layout';

const csvHeader = 'name,kind,siret,naf_code,address,commune_insee,latitude,longitude';

function ImportSuccess({ result, slug }: { result: OrganisationImportResult; slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="alert alert--success" role="status">
      <p className="alert__title">{t('import.created', { count: result.created, formatted: format.integer(result.created) })}</p>
      {result.items.length > 0 && (
        <ul>
          {result.items.map((organisation) => (
            <li key={organisation.id}>
              <Link to={`/workspace/${slug}/organisations/${organisation.id}`}>{organisation.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function OrganisationImportPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  useDocumentTitle(t('organisations.importTitle'), territory.name);
  const queryClient = useQueryClient();
  const [fileError, setFileError] = useState<string | undefined>();
  const upload = useMutation({
    mutationFn: async (file: File) => api.importOrganisations(slug, await file.text()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['organisations', slug] });
      await queryClient.invalidateQueries({ queryKey: ['territory', slug] });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File) || file.size === 0) {
      setFileError(t('import.chooseFile'));
      return;
    }
    setFileError(undefined);
    upload.mutate(file);
  }

  const problem = asProblem(upload.error);
  const rowProblem = problem && problem.errors.some((error) => error.row !== undefined) ? problem : null;
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/organisations`}>{t('organisations.backToList')}</Link>
      </p>
      <h1>{t('organisations.importTitle')}</h1>
      <p>{t('import.intro')}</p>
      <p>{t('import.header')}</p>
      <pre className="code-block">
        <code>{csvHeader}</code>
      </pre>
      <p>{t('import.allOrNothing')}</p>
      {rowProblem ? (
        <CsvErrors problem={rowProblem} title={t('import.rejected')} consequence={t('import.nothingCreated')} />
      ) : (
        <ProblemAlert problem={problem} focus />
      )}
      {upload.isSuccess && <ImportSuccess result={upload.data} slug={slug} />}
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id="import-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          label={t('import.file')}
          hint={t('import.fileHint')}
          required
          error={fileError}
          onChange={() => upload.reset()}
        />
        <button type="submit" className="button" disabled={upload.isPending}>
          {upload.isPending ? t('import.pending') : t('import.submit')}
        </button>
      </form>
    </>
  );
}
