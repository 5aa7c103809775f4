import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import type { OrganisationImportResult } from '../../api-contract';
import { CsvFileForm, CsvImportRefusal } from '../../components/csv-import';
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
  const upload = useMutation({
    mutationFn: async (file: File) => api.importOrganisations(slug, await file.text()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['organisations', slug] });
      await queryClient.invalidateQueries({ queryKey: ['territory', slug] });
    },
  });

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
      <CsvImportRefusal problem={asProblem(upload.error)} consequence={t('import.nothingCreated')} />
      {upload.isSuccess && <ImportSuccess result={upload.data} slug={slug} />}
      <CsvFileForm id="import-file" hint={t('import.fileHint')} pending={upload.isPending} onFile={(file) => upload.mutate(file)} onChange={() => upload.reset()} />
    </>
  );
}
