import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api';
import { currentLanguage, translateOr } from '../i18n';
import { fieldErrorsOf } from './problem';

interface ProblemAlertProps {
  problem: ApiProblem | null;
  /** Prefix of the ids of the form's fields, to link each field error to its field. */
  idPrefix?: string;
  /** The visible label of each field, by field name. */
  fieldLabels?: Record<string, string>;
  /** Take focus when shown, after a form submission. */
  focus?: boolean;
}

/** Problems whose translated title says all there is to say, so an untranslated detail would only repeat it. */
const selfExplanatory = new Set([
  'invalid_credentials',
  'too_many_requests',
  'unauthenticated',
  'csrf_token_invalid',
  'network_error',
  'internal_error',
  'insufficient_funds',
  'exceeds_credit_limit',
  'account_frozen',
  'account_closed',
  'same_account',
  'reconversion_not_allowed',
  'salary_share_above_cap',
  'payroll_period_already_run',
  'demurrage_not_enabled',
  'day_not_over',
  'already_paid',
  'already_cancelled',
  'payment_request_cancelled',
  'payment_request_expired',
  'not_a_party',
  'own_proposal',
  'already_resolved',
  'already_closed',
  'exchange_expired',
  'represents_both_sides',
  'listing_mismatch',
  'already_has_password',
  'invitation_not_found',
  'invitation_used',
  'invitation_expired',
]);

function problemHeading(t: TFunction, problem: ApiProblem): string {
  const fallback = problem.errors.length > 0 ? t('problems.validation_error') : t('problems.generic');
  return translateOr(t, `problems.${problem.code}`, fallback);
}

/** Tells what the server refused and why: a title by code, the server's detail, and the fields at fault. */
export function ProblemAlert({ problem, idPrefix, fieldLabels = {}, focus = false }: ProblemAlertProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem && focus) ref.current?.focus();
  }, [problem, focus]);
  if (!problem) return null;
  const heading = problemHeading(t, problem);
  const fieldErrors = Object.entries(fieldErrorsOf(t, problem));
  const sameLanguage = problem.language === currentLanguage();
  // With fields at fault, the list below says it all; the detail would repeat it.
  const showDetail =
    problem.detail !== '' && fieldErrors.length === 0 && (sameLanguage || !selfExplanatory.has(problem.code));
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1} ref={ref}>
      <p className="alert__title">{heading}</p>
      {showDetail && problem.detail !== heading && <p lang={problem.language}>{problem.detail}</p>}
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map(([field, message]) => {
            const label = fieldLabels[field] ?? field;
            return (
              <li key={field}>
                {idPrefix && field in fieldLabels ? (
                  <a href={`#${idPrefix}-${field}`}>{label}</a>
                ) : (
                  <span>{label}</span>
                )}
                {t('common.colon')}
                {message}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
