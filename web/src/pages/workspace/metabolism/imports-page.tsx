import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { metabolismApi } from '../../../api';
import { CsvFileForm, CsvImportRefusal } from '../../../components/csv-import';
import { asProblem } from '../../../components/problem';
import { useTonnes } from '../../../components/sankey/tonnes';
import { useFormat } from '../../../format';
import { useDocumentTitle } from '../../../layout/document-title';
import type { ImportResult } from '../../../metabolism-contract';
import { useWorkspace } from '../workspace-layout';
import { useWorkingYear, YearPicker } from './year-picker';

export const flowsCsvHeader = 'from,to,waste_code,category,material,tonnes,uncertainty,method,source,confidential';
export const declarationsCsvHeader = 'siret,annee,code_dechet,libelle_dechet,quantite_t,incertitude_t,code_operation,destination_siret,destination_commune,destination_pays';

interface ImportFormProps {
  id: string;
  title: string;
  intro: string;
  header: string;
  upload: (csv: string) => Promise<ImportResult>;
}

/** One CSV import: the columns expected, all-or-nothing, every refused row named. */
function ImportForm({ id, title, intro, header, upload }: ImportFormProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const tonnes = useTonnes();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: async (file: File) => upload(await file.text()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith('metabolism') });
    },
  });
  return (
    <section aria-labelledby={`${id}-heading`} className="section">
      <h2 id={`${id}-heading`}>{title}</h2>
      <p>{intro}</p>
      <p>{t('import.header')}</p>
      <pre className="code-block csv-header">
        <code>{header}</code>
      </pre>
      <p>{t('metabolism.imports.allOrNothing')}</p>
      <CsvImportRefusal problem={asProblem(mutation.error)} consequence={t('metabolism.imports.nothingImported')} />
      {mutation.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('metabolism.imports.imported', { count: mutation.data.created, formatted: format.integer(mutation.data.created) })}{' '}
          {t('metabolism.imports.importedDetail', { nodes: format.integer(mutation.data.nodesCreated), tonnes: tonnes(mutation.data.tonnes) })}
        </p>
      )}
      <CsvFileForm id={`${id}-file`} hint={t('import.fileHint')} pending={mutation.isPending} onFile={(file) => mutation.mutate(file)} onChange={() => mutation.reset()} />
    </section>
  );
}

/** CSV imports of a year's flows and of waste-production declarations (shaped like the French register). */
export function MetabolismImportsPage() {
  const { t } = useTranslation();
  const { slug, territory } = useWorkspace();
  const { year, years, setYear } = useWorkingYear(slug);
  useDocumentTitle(t('metabolism.imports.title'), territory.name);
  return (
    <>
      <h1>{t('metabolism.imports.title')}</h1>
      <YearPicker year={year} years={years} setYear={setYear} idPrefix="imports" />
      <ImportForm
        id="flows-import"
        title={t('metabolism.imports.flowsTitle', { year })}
        intro={t('metabolism.imports.flowsIntro')}
        header={flowsCsvHeader}
        upload={(csv) => metabolismApi.importFlows(slug, year, csv)}
      />
      <ImportForm
        id="declarations-import"
        title={t('metabolism.imports.declarationsTitle', { year })}
        intro={t('metabolism.imports.declarationsIntro')}
        header={declarationsCsvHeader}
        upload={(csv) => metabolismApi.importWasteDeclarations(slug, year, csv)}
      />
    </>
  );
}
