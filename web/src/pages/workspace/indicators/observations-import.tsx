import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CsvErrors } from '../../../components/csv-errors';
import { TextField } from '../../../components/fields';
import { ProblemAlert } from '../../../components/problem-alert';
import { asProblem } from '../../../components/problem';
import { useFormat } from '../../../format';
import { indicatorsApi, indicatorsKey, openDataUrl } from '../../../indicators-api';
import type { IndicatorPage } from '../../../indicators-contract';
import { localiseIndicatorProblem } from './indicator-problem';

/** The header of a file this indicator would accept: the shape its own .csv download has. */
function sampleHeader(page: IndicatorPage): string {
  return ['Year', ...page.dimensions, 'Units', 'OBS_STATUS', 'COMMENT_OBS', 'SOURCE', 'Value'].join(',');
}

/** Values from a CSV in the Open SDG tidy shape: every row or none, and each row at fault named. */
export function ObservationsImport({ slug, page }: { slug: string; page: IndicatorPage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [fileError, setFileError] = useState<string | undefined>();
  const d = page.indicator;
  const upload = useMutation({
    mutationFn: async ({ file, source }: { file: File; source: string }) => indicatorsApi.importObservations(slug, d.code, await file.text(), source || null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: indicatorsKey(slug) }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setFileError(t('import.chooseFile'));
      return;
    }
    setFileError(undefined);
    upload.mutate({ file, source: String(data.get('source') ?? '').trim() });
  }

  const problem = localiseIndicatorProblem(t, asProblem(upload.error));
  const rowProblem = problem && problem.errors.some((error) => error.row !== undefined) ? problem : null;
  return (
    <section aria-labelledby="import-heading" className="section">
      <h2 id="import-heading">{t('indicators.workspace.import.title')}</h2>
      <p className="narrow">{t('indicators.workspace.import.intro')}</p>
      <p>{t('indicators.workspace.import.header')}</p>
      <pre className="code-block">
        <code>{sampleHeader(page)}</code>
      </pre>
      <p className="narrow">
        {t('indicators.workspace.import.roundTrip')}{' '}
        <a href={openDataUrl(slug, page.files.csv)}>{t('indicators.workspace.import.currentFile', { file: page.files.csv })}</a>
      </p>
      <p className="narrow">{t('import.allOrNothing')}</p>
      {rowProblem ? (
        <CsvErrors problem={rowProblem} title={t('import.rejected')} consequence={t('indicators.workspace.import.nothingRecorded')} />
      ) : (
        <ProblemAlert problem={problem} focus />
      )}
      {upload.isSuccess && (
        <div className="alert alert--success" role="status">
          <p className="alert__title">{t('indicators.workspace.import.done')}</p>
          <p>
            {t('indicators.workspace.import.counts', {
              created: format.integer(upload.data.created),
              revised: format.integer(upload.data.revised),
              unchanged: format.integer(upload.data.unchanged),
            })}
          </p>
        </div>
      )}
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id="indicator-import-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          label={t('import.file')}
          hint={t('indicators.workspace.import.fileHint')}
          required
          error={fileError}
          onChange={() => upload.reset()}
        />
        <TextField id="indicator-import-source" name="source" label={t('indicators.workspace.import.source')} hint={t('indicators.workspace.import.sourceHint')} maxLength={500} defaultValue={d.source.name} />
        <button type="submit" className="button" disabled={upload.isPending}>
          {upload.isPending ? t('import.pending') : t('import.submit')}
        </button>
      </form>
    </section>
  );
}
