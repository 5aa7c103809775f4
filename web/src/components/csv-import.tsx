import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api';
import { CsvErrors } from './csv-errors';
import { TextField } from './fields';
import { ProblemAlert } from './problem-alert';

/**
 * Why an import was refused: the rows at fault as a table when the server named rows, otherwise the
 * problem itself (a wrong header, no permission…). Every CSV import page shows its refusal this way.
 */
export function CsvImportRefusal({ problem, consequence }: { problem: ApiProblem | null; consequence: string }) {
  const { t } = useTranslation();
  if (problem && problem.errors.some((error) => error.row !== undefined)) {
    return <CsvErrors problem={problem} title={t('import.rejected')} consequence={consequence} />;
  }
  return <ProblemAlert problem={problem} focus />;
}

interface CsvFileFormProps {
  id: string;
  hint: string;
  pending: boolean;
  /** Called with the chosen, non-empty file and the whole form's values. */
  onFile: (file: File, form: FormData) => void;
  /** A new file chosen: the previous outcome no longer applies. */
  onChange: () => void;
  /** Fields sent along with the file. */
  children?: ReactNode;
}

/** The form of a CSV import: the file (required, said beside the field when missing), extra fields, and the button. */
export function CsvFileForm({ id, hint, pending, onFile, onChange, children }: CsvFileFormProps) {
  const { t } = useTranslation();
  const [fileError, setFileError] = useState<string | undefined>();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setFileError(t('import.chooseFile'));
      return;
    }
    setFileError(undefined);
    onFile(file, form);
  }
  return (
    <form onSubmit={submit} noValidate className="form">
      <TextField id={id} name="file" type="file" accept=".csv,text/csv" label={t('import.file')} hint={hint} required error={fileError} onChange={onChange} />
      {children}
      <button type="submit" className="button" disabled={pending}>
        {pending ? t('import.pending') : t('import.submit')}
      </button>
    </form>
  );
}
