import type { TFunction } from 'i18next';
import { ApiProblem } from '../../../api';
import type { ProblemFieldError } from '../../../api-contract';
import { fieldErrorMessage } from '../../../components/problem';
import { currentLanguage } from '../../../i18n';

/** A decimal as people type it: the French comma or the point, spaces between thousands; '' is no value. */
export function parseDecimal(text: string): number | null | 'invalid' {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (compact === '') return null;
  if (!/^-?\d+(\.\d+)?$/.test(compact)) return 'invalid';
  return Number(compact);
}

export function parseWholeNumber(text: string): number | null | 'invalid' {
  const compact = text.trim();
  if (compact === '') return null;
  return /^-?\d{1,9}$/.test(compact) ? Number(compact) : 'invalid';
}

/** A number written back into an input, in the interface language's notation and without grouping. */
export function numberForInput(value: number | null, locale: string): string {
  if (value === null) return '';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 10, useGrouping: false }).format(value);
}

export const textOrNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/**
 * The fields at fault found before sending, as a problem in the interface language: the same
 * ProblemAlert then lists them with links, exactly as it lists the server's.
 */
export function localProblem(errors: ProblemFieldError[]): ApiProblem | null {
  if (errors.length === 0) return null;
  return new ApiProblem(422, { code: 'validation_error', detail: '', errors }, currentLanguage());
}

/** A `<input type="datetime-local">` value (local time) as an ISO instant; null when empty or not a date. */
export function localDateTimeToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant as a `<input type="datetime-local">` value in local time, to the minute. */
export function isoToLocalDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The server's field errors with this form's own words for the codes given. Some codes are shared
 * across modules (`invalid_year` also names a fiscal year), so a form says what it means by them.
 */
export function withFieldMessages(t: TFunction, problem: ApiProblem | null, messages: Record<string, string>): ApiProblem | null {
  if (!problem || !problem.errors.some((e) => e.code in messages)) return problem;
  const errors = problem.errors.map((e) => ({ ...e, message: messages[e.code] ?? fieldErrorMessage(t, problem, e) }));
  const code = problem.code in messages ? 'validation_error' : problem.code;
  return new ApiProblem(problem.status, { code, title: problem.title, detail: problem.detail, errors }, currentLanguage());
}
