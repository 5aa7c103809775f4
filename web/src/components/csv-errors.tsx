import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api';
import { fieldErrorMessage } from './problem';

interface CsvErrorsProps {
  problem: ApiProblem;
  /** What happened to the file, e.g. "The file was refused." */
  title: string;
  /** What it means, e.g. "No organisation was created." */
  consequence: string;
}

/** The rows of a refused CSV file and what is wrong with each, as a table the person can work through. */
export function CsvErrors({ problem, title, consequence }: CsvErrorsProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [problem]);
  const rows = [...problem.errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1} ref={ref}>
      <p className="alert__title">{title}</p>
      <p>{consequence}</p>
      {rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>
              {t('import.errorsCaption', { count: rows.length })}
              <span className="caption__hint">{t('import.rowNumbering')}</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('import.row')}</th>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.error')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((error, index) => (
                <tr key={`${error.row ?? ''}-${error.field}-${index}`}>
                  <th scope="row">{error.row ? error.row : t('import.wholeFile')}</th>
                  <td>
                    <code>{error.field}</code>
                  </td>
                  <td>{fieldErrorMessage(t, problem, error)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
