import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../../components/fields';
import { CsvFileForm, CsvImportRefusal } from '../../../components/csv-import';
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
  const d = page.indicator;
  const upload = useMutation({
    mutationFn: async ({ file, source }: { file: File; source: string }) => indicatorsApi.importObservations(slug, d.code, await file.text(), source || null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: indicatorsKey(slug) }),
  });


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
      <CsvImportRefusal problem={localiseIndicatorProblem(t, asProblem(upload.error))} consequence={t('indicators.workspace.import.nothingRecorded')} />
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
      <CsvFileForm
        id="indicator-import-file"
        hint={t('indicators.workspace.import.fileHint')}
        pending={upload.isPending}
        onFile={(file, form) => upload.mutate({ file, source: String(form.get('source') ?? '').trim() })}
        onChange={() => upload.reset()}
      >
        <TextField id="indicator-import-source" name="source" label={t('indicators.workspace.import.source')} hint={t('indicators.workspace.import.sourceHint')} maxLength={500} defaultValue={d.source.name} />
      </CsvFileForm>
    </section>
  );
}
