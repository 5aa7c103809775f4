import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CommitmentImportResult } from '../../../api-contract';
import { CsvFileForm, CsvImportRefusal } from '../../../components/csv-import';
import { asProblem } from '../../../components/problem';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import { pactApi, pactOpenDataUrl } from '../../../pact-api';
import { useWorkspace } from '../workspace-layout';

const csvHeader = 'organisation,task_force,statement,indicator,target_value,unit,deadline,milestone_date,weight,status,progress';

function ImportSuccess({ result, slug }: { result: CommitmentImportResult; slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="alert alert--success" role="status">
      <p className="alert__title">{t('pactWorkspace.import.created', { count: result.created, formatted: format.integer(result.created) })}</p>
      {result.items.length > 0 && (
        <ul>
          {result.items.map((commitment) => (
            <li key={commitment.id}>
              <Link to={`/workspace/${slug}/pact/commitments/${commitment.id}`}>{commitment.statement}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Commitments in bulk from a CSV file (facilitators): every row is made, or none, with each row's errors listed. */
export function CommitmentImportPage() {
  const { t } = useTranslation();
  const { slug, territory, isFacilitator } = useWorkspace();
  useDocumentTitle(t('pactWorkspace.import.title'), territory.name);
  const queryClient = useQueryClient();
  const upload = useMutation({
    mutationFn: async (file: File) => pactApi.importCommitments(slug, await file.text()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['commitments', slug] });
      await queryClient.invalidateQueries({ queryKey: ['pact', slug] });
      await queryClient.invalidateQueries({ queryKey: ['task-forces', slug] });
    },
  });

  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${slug}/pact/commitments`}>{t('pactWorkspace.commitments.backToList')}</Link>
      </p>
      <h1>{t('pactWorkspace.import.title')}</h1>
      {!isFacilitator ? (
        <p>{t('pactWorkspace.import.facilitatorsOnly')}</p>
      ) : (
        <>
          <p>{t('pactWorkspace.import.intro')}</p>
          <p>{t('import.header')}</p>
          <pre className="code-block">
            <code>{csvHeader}</code>
          </pre>
          <p>{t('pactWorkspace.import.columns')}</p>
          <p>
            {t('pactWorkspace.import.openData')} <a href={pactOpenDataUrl(slug, 'commitments.csv')}>{t('pact.openData.commitmentsCsv')}</a>
          </p>
          <p>{t('import.allOrNothing')}</p>
          <CsvImportRefusal problem={asProblem(upload.error)} consequence={t('pactWorkspace.import.nothingCreated')} />
          {upload.isSuccess && <ImportSuccess result={upload.data} slug={slug} />}
          <CsvFileForm id="import-file" hint={t('pactWorkspace.import.fileHint')} pending={upload.isPending} onFile={(file) => upload.mutate(file)} onChange={() => upload.reset()} />
        </>
      )}
    </>
  );
}
