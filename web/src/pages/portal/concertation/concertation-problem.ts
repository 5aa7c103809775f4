import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../api';
import { asProblem } from '../../../components/problem';
import { currentLanguage, translateOr } from '../../../i18n';

/**
 * The concertation API writes its problems in English: the codes this module knows are said in the
 * interface language here; any other message is kept as the server wrote it.
 */
export function useConcertationProblem(error: unknown): ApiProblem | null {
  const { t } = useTranslation();
  return useMemo(() => {
    const problem = asProblem(error);
    if (!problem || problem.language === currentLanguage()) return problem;
    const detail = translateOr(t, `concertation.problems.${problem.code}`, '');
    if (!detail) return problem;
    return new ApiProblem(problem.status, { code: problem.code, title: problem.title, detail, errors: problem.errors }, currentLanguage());
  }, [t, error]);
}
