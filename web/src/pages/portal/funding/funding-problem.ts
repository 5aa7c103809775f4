import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../api';
import { asProblem } from '../../../components/problem';
import { currentLanguage, translateOr } from '../../../i18n';

/**
 * The funding API writes its problems in English. The codes this module knows are said in the
 * interface language here (the core translations do not carry them); any other message is kept as the
 * server wrote it.
 */
export function localizeFundingProblem(t: TFunction, problem: ApiProblem | null): ApiProblem | null {
  if (!problem || problem.language === currentLanguage()) return problem;
  const translatedDetail = translateOr(t, `funding.problems.${problem.code}`, '');
  const errors = problem.errors.map((error) => {
    const message = translateOr(t, `funding.fieldErrors.${error.code}`, translateOr(t, `fieldErrors.${error.code}`, ''));
    return message ? { ...error, message } : error;
  });
  const everyFieldSaid = errors.every((error, index) => error !== problem.errors[index]);
  // With fields at fault the alert lists them and skips the detail; without, the detail must be said.
  const said = problem.errors.length > 0 ? everyFieldSaid : translatedDetail !== '';
  return new ApiProblem(
    problem.status,
    { code: problem.code, title: problem.title, detail: translatedDetail || problem.detail, errors },
    said ? currentLanguage() : problem.language,
  );
}

/** The problem of a query or a mutation, said in the interface language; the same object while the error is. */
export function useFundingProblem(error: unknown): ApiProblem | null {
  const { t } = useTranslation();
  return useMemo(() => localizeFundingProblem(t, asProblem(error)), [t, error]);
}
