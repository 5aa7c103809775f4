import type { TFunction } from 'i18next';
import { ApiProblem } from '../api';
import type { ProblemFieldError } from '../api-contract';
import { currentLanguage, translateOr } from '../i18n';

/** Codes that concern one field even when the server sends no `errors` list. */
const fieldOfCode: Record<string, string> = {
  invalid_siret: 'siret',
  unknown_naf_code: 'nafCode',
  unknown_commune: 'communeInsee',
  insufficient_funds: 'amount',
  exceeds_credit_limit: 'amount',
};

export function asProblem(error: unknown): ApiProblem | null {
  if (error === null || error === undefined) return null;
  if (error instanceof ApiProblem) return error;
  return new ApiProblem(0, { detail: error instanceof Error ? error.message : String(error) });
}

/**
 * The server's own message is the most precise (it names the value at fault), so it is shown when
 * the server speaks the interface language; otherwise the stable code is translated.
 */
export function fieldErrorMessage(
  t: TFunction,
  problem: ApiProblem,
  error: Pick<ProblemFieldError, 'code' | 'message'>,
): string {
  if (problem.language === currentLanguage()) return error.message;
  return translateOr(t, `fieldErrors.${error.code}`, error.message);
}

/** The message to show beside each field, by field name. */
export function fieldErrorsOf(t: TFunction, problem: ApiProblem | null): Record<string, string> {
  const result: Record<string, string> = {};
  if (!problem) return result;
  for (const error of problem.errors) {
    if (error.row === undefined && !(error.field in result)) result[error.field] = fieldErrorMessage(t, problem, error);
  }
  const field = fieldOfCode[problem.code];
  if (field && !(field in result)) {
    result[field] = fieldErrorMessage(t, problem, { code: problem.code, message: problem.detail });
  }
  return result;
}
