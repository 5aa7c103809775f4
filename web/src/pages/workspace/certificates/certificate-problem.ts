import type { TFunction } from 'i18next';
import { ApiProblem } from '../../../api';
import { fieldErrorMessage } from '../../../components/problem';
import { currentLanguage, i18next } from '../../../i18n';

/**
 * The server writes the certificates' messages in English, naming criteria by their code; the codes are
 * translated here from this module's locale file. `anchor` moves a field the form has no input for
 * (`answers.GOV-1.evidence`, `reviews.GOV-1`, `areas[0].title`) onto the input that answers it.
 */
export function localiseCertificateProblem(t: TFunction, problem: ApiProblem | null, anchor: (field: string) => string = (field) => field): ApiProblem | null {
  if (!problem) return null;
  const own = (kind: 'fieldErrors' | 'problems', code: string, values: Record<string, string> = {}) => {
    const key = `certificates.${kind}.${code}`;
    return i18next.exists(key) ? (t as unknown as (key: string, values: Record<string, string>) => string)(key, values) : null;
  };
  const errors = problem.errors.map((error) => {
    const criterion = /^(?:answers|reviews)\.([^.]+)/.exec(error.field)?.[1] ?? '';
    return { ...error, field: anchor(error.field), message: own('fieldErrors', error.code, { criterion }) ?? fieldErrorMessage(t, problem, error) };
  });
  const detail = own('problems', problem.code);
  return new ApiProblem(
    problem.status,
    { code: problem.code, title: problem.title, detail: detail ?? problem.detail, errors },
    // Every field message is now in the interface language (or the server's words where none is known).
    detail || errors.length > 0 || problem.language === currentLanguage() ? currentLanguage() : problem.language,
  );
}
