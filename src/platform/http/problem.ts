import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError, type FieldError } from '../errors.js';

/** RFC 9457 problem details, with our stable `code` and the list of fields at fault. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function problemOf(error: ProblemError, instance?: string): Problem {
  return {
    type: `https://pacte21.org/problems/${error.code.replaceAll('_', '-')}`,
    title: titles[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(error.errors.length > 0 ? { errors: [...error.errors] } : {}),
  };
}

/** Turns anything thrown by a route, a hook or Fastify itself into problem+json. */
export function toProblemError(error: FastifyError | Error): ProblemError {
  if (error instanceof ProblemError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const fields: FieldError[] = fastifyError.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const pointer = [v.instancePath.replace(/^\//, '').replaceAll('/', '.'), missing].filter(Boolean).join('.');
      const field = pointer || fastifyError.validationContext || 'body';
      if (missing) return { field, code: 'required', message: `${field} is required.` };
      return { field, code: 'invalid_value', message: `${field} ${v.message ?? 'is not valid'}.` };
    });
    return new ProblemError(422, 'validation_error', fields.map((f) => f.message).join(' '), fields);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemError(400, 'malformed_json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProblemError(415, 'unsupported_media_type', 'This content type is not accepted here.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemError(413, 'body_too_large', 'The request body is too large.');
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return new ProblemError(403, 'csrf_token_invalid', 'The CSRF token is missing or not valid: reload the page and try again.');
  }
  if (fastifyError.statusCode === 429) {
    return new ProblemError(429, 'too_many_requests', 'Too many attempts: wait a minute and try again.');
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new ProblemError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ProblemError(fastifyError.statusCode, fastifyError.statusCode === 404 ? 'not_found' : 'bad_request', error.message);
  }
  return new ProblemError(500, 'internal_error', 'Something went wrong on our side; it has been logged.');
}

/** What a request answers for an error it raised: the problem, with server faults logged on the request. */
export function problemOfRequest(request: FastifyRequest, error: unknown): ProblemError {
  const problem = toProblemError(error as Error);
  if (problem.status >= 500) request.log.error(error);
  return problem;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: ProblemError): FastifyReply {
  return reply.status(error.status).type('application/problem+json').send(problemOf(error, request.url));
}
