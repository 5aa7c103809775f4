import type { TFunction } from 'i18next';
import { ApiProblem } from '../../../api';
import { fieldErrorMessage } from '../../../components/problem';
import { currentLanguage, i18next } from '../../../i18n';

/**
 * The server writes its messages in English; the codes of the indicators module (an SDG target, a level,
 * a period already published) are translated here, in this module's own locale file. A field inside a
 * list (`levels[1].label`, `tags.sdg[0].target`) is reported on the list, where the form shows it.
 */
export function localiseIndicatorProblem(t: TFunction, problem: ApiProblem | null): ApiProblem | null {
  if (!problem) return null;
  const own = (kind: 'fieldErrors' | 'problems', code: string) => {
    const key = `indicators.${kind}.${code}`;
    return i18next.exists(key) ? (t as unknown as (key: string) => string)(key) : null;
  };
  const errors = problem.errors.map((error) => ({
    ...error,
    field: error.row === undefined ? error.field.replace(/\[\d+\].*$/, '') : error.field,
    message: own('fieldErrors', error.code) ?? fieldErrorMessage(t, problem, error),
  }));
  const detail = own('problems', problem.code);
  return new ApiProblem(
    problem.status,
    { code: problem.code, title: problem.title, detail: detail ?? problem.detail, errors },
    detail || problem.language === currentLanguage() ? currentLanguage() : problem.language,
  );
}
