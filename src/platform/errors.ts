/**
 * Every error a person or a client can act on comes from here, with a stable code (the API contract,
 * also the key the web app translates) and, for bad input, the fields at fault. Routes never build
 * error bodies themselves: the HTTP layer turns a ProblemError into RFC 9457 problem+json.
 */
export interface FieldError {
  /** JSON pointer-ish name of the input at fault: `siret`, `body.email`, or a CSV column name. */
  readonly field: string;
  readonly code: string;
  readonly message: string;
  /** 1-based data row of a CSV import (the header is row 0). */
  readonly row?: number;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'ProblemError';
  }
}

export function invalidInput(errors: readonly FieldError[], message?: string): ProblemError {
  const codes = new Set(errors.map((e) => e.code));
  const code = codes.size === 1 ? [...codes][0]! : 'validation_error';
  return new ProblemError(422, code, message ?? errors.map((e) => e.message).join(' '), errors);
}

export function invalidCsv(errors: readonly FieldError[]): ProblemError {
  return new ProblemError(
    422,
    'invalid_csv',
    `${errors.length} error(s) in the file; nothing was imported. Fix the rows listed and send the whole file again.`,
    errors,
  );
}

export function notFound(what: string): ProblemError {
  return new ProblemError(404, 'not_found', `${what} was not found.`);
}

export function unauthenticated(): ProblemError {
  return new ProblemError(401, 'unauthenticated', 'Sign in to do this.');
}

export function invalidCredentials(): ProblemError {
  // One message whether or not the account exists, so sign-in cannot be used to probe for accounts.
  return new ProblemError(401, 'invalid_credentials', 'The email or the password is not right.');
}

export function forbidden(message: string): ProblemError {
  return new ProblemError(403, 'forbidden', message);
}

export function conflict(code: string, message: string, field?: string): ProblemError {
  return new ProblemError(409, code, message, field ? [{ field, code, message }] : []);
}
