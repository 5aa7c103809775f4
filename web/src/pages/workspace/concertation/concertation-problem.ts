import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../api';
import { asProblem } from '../../../components/problem';
import { currentLanguage, translateOr } from '../../../i18n';

/**
 * The concertation API writes its problems in English. The refusals this module knows (a phase out of
 * order, a report not yet published, a full session) are said in the interface language here; any
 * other message is kept as the server wrote it.
 */
function localizeConcertationProblem(t: TFunction, problem: ApiProblem | null): ApiProblem | null {
  if (!problem || problem.language === currentLanguage()) return problem;
  const translatedDetail = translateOr(t, `concertationWorkspace.problems.${problem.code}`, '');
  const errors = problem.errors.map((error) => {
    const message = translateOr(t, `concertationWorkspace.fieldErrors.${error.code}`, translateOr(t, `fieldErrors.${error.code}`, ''));
    return message ? { ...error, message } : error;
  });
  const everyFieldSaid = errors.every((error, index) => error !== problem.errors[index]);
  const said = problem.errors.length > 0 ? everyFieldSaid : translatedDetail !== '';
  return new ApiProblem(
    problem.status,
    { code: problem.code, title: problem.title, detail: translatedDetail || problem.detail, errors },
    said ? currentLanguage() : problem.language,
  );
}

/** The problem of a query or a mutation, said in the interface language; the same object while the error is. */
export function useConcertationProblem(error: unknown): ApiProblem | null {
  const { t } = useTranslation();
  return useMemo(() => localizeConcertationProblem(t, asProblem(error)), [t, error]);
}
