import { PassThrough } from 'node:stream';
import { Type, type Static } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, ProblemSchema, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { problemOf, problemOfRequest } from '../../platform/http/problem.js';
import { invalidInput } from '../../platform/errors.js';
import { parsePayrollCsv, type PayrollLineInput } from './salary-share-model.js';
import type { SalaryShareService } from './salary-share.js';

const Consent = Type.Object({
  employerId: Type.String(),
  employerName: Type.String(),
  employeeId: Type.String(),
  employeeName: Type.String(),
  shareBp: Type.Integer({ description: 'basis points: 500 = 5 %' }),
  consentedAt: Type.String({ format: 'date-time' }),
});

const ReportSummary = {
  runId: Nullable(Type.String()),
  status: oneOf(['preview', 'committed'] as const),
  period: Type.String(),
  employerId: Type.String(),
  committedAt: Nullable(Type.String()),
  employees: Type.Integer({ description: 'employees whose share was converted' }),
  totalNet: Type.Integer({ description: 'net salaries of the whole payroll, in euro cents' }),
  totalConverted: Type.Integer({ description: 'converted to local currency, in cents' }),
};
const Report = Type.Object({
  ...ReportSummary,
  lines: Type.Array(
    Type.Object({ row: Type.Integer(), email: Type.String(), personId: Type.String(), displayName: Type.String(), netSalary: Type.Integer(), shareBp: Type.Integer(), converted: Type.Integer() }),
  ),
  notConverted: Type.Array(Type.Object({ row: Type.Integer(), email: Type.String(), displayName: Type.String(), reason: oneOf(['not_opted_in', 'share_too_small', 'account_frozen'] as const) })),
});

const EmployerParams = Type.Object({ ...TerritoryParams.properties, organisationId: Type.String() });
const PayrollJson = Type.Object({
  period: Type.String({ description: 'YYYY-MM' }),
  lines: Type.Array(Type.Object({ email: Type.String({ maxLength: 254 }), netSalary: Type.Integer({ minimum: 0, description: 'euro cents' }) }), { maxItems: 200_000 }),
});
const PayrollBody = Type.Union([PayrollJson, Type.String({ description: 'text/csv: employee_email,net_salary (euros, 2150.00); with ?period=YYYY-MM' })]);

const NDJSON = 'application/x-ndjson';

/** The lines of a payroll run streamed as NDJSON (`Accept: application/x-ndjson`), one JSON object each. */
const PayrollRunLine = Type.Union(
  [
    Type.Object({ type: Type.Literal('progress'), done: Type.Integer({ description: 'payroll lines posted so far' }), total: Type.Integer() }),
    Type.Object({ type: Type.Literal('result'), status: Type.Union([Type.Literal(201), Type.Literal(200)], { description: '201 converted now, 200 already converted (replayed)' }), report: Report }),
    Type.Object({ type: Type.Literal('problem'), problem: refTo(ProblemSchema) }),
  ],
  { description: 'One JSON object per line: progress lines, then one result line, or a problem line if the conversion failed (nothing was written).' },
);

function acceptsNdjson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').split(',').some((range) => range.split(';')[0]!.trim().toLowerCase() === NDJSON);
}

/**
 * An NDJSON answer opened by its first line: until then the route still answers an ordinary problem
 * (validation, 403, 404, 409) with its own status; afterwards a failure is the last line.
 */
class LineStream {
  private stream: PassThrough | undefined;

  constructor(private readonly reply: FastifyReply) {}

  get started(): boolean {
    return this.stream !== undefined;
  }

  async write(line: Static<typeof PayrollRunLine>): Promise<void> {
    if (!this.stream) {
      this.stream = new PassThrough();
      void this.reply.status(200).type(NDJSON).header('cache-control', 'no-store').header('x-accel-buffering', 'no').send(this.stream);
    }
    this.stream.write(`${JSON.stringify(line)}\n`);
    // On SQLite the conversion runs without waiting on any I/O: let the line reach the network before
    // the next chunk is posted.
    await new Promise(setImmediate);
  }

  async end(line: Static<typeof PayrollRunLine>): Promise<void> {
    await this.write(line);
    this.stream!.end();
  }
}

/** JSON lines or a CSV file: the same lines either way, numbered as rows from 1. */
function payrollInput(body: unknown, queryPeriod: string | undefined): { period: string; lines: PayrollLineInput[] } {
  if (typeof body === 'string') {
    if (!queryPeriod) throw invalidInput([{ field: 'period', code: 'invalid_period', message: 'With a CSV file, give the period as ?period=YYYY-MM.' }]);
    return { period: queryPeriod, lines: parsePayrollCsv(body) };
  }
  const json = body as { period: string; lines: { email: string; netSalary: number }[] };
  return { period: json.period, lines: json.lines.map((l, i) => ({ row: i + 1, email: l.email.trim().toLowerCase(), netSalary: BigInt(l.netSalary) })) };
}

export function registerSalaryShareRoutes(app: HttpServer, salaryShare: SalaryShareService): void {
  const tags = ['salary share'];

  app.get(
    '/api/v1/t/:territory/salary-share/consents',
    {
      schema: {
        tags,
        summary: "My consents to receive a share of my salary in local currency, the Pact's cap, and my employers",
        params: TerritoryParams,
        response: { 200: Type.Object({ capBp: Type.Integer(), consents: Type.Array(Consent), employers: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) }), ...errorResponses(401, 404) },
      },
    },
    async (request) => salaryShare.myConsents(request.actor, request.params.territory),
  );

  app.put(
    '/api/v1/t/:territory/salary-share/consents/:organisationId',
    {
      schema: {
        tags,
        summary: 'Opt in to, or change, the salary share with one employer (at most the cap; 422 salary_share_above_cap)',
        params: EmployerParams,
        body: Type.Object({ shareBp: Type.Integer({ description: 'basis points: 500 = 5 %' }) }),
        response: { 200: Consent, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => salaryShare.consent(request.actor, request.params.territory, request.params.organisationId, request.body.shareBp),
  );

  app.delete(
    '/api/v1/t/:territory/salary-share/consents/:organisationId',
    { schema: { tags, summary: 'Revoke my consent (kept in the history with its dates)', params: EmployerParams, response: { 204: Type.Null(), ...errorResponses(401, 404) } } },
    async (request, reply) => {
      await salaryShare.revoke(request.actor, request.params.territory, request.params.organisationId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/t/:territory/organisations/:organisationId/salary-share/consents',
    {
      schema: { tags, summary: "The employer's employees who opted in (representative, operator, auditor)", params: EmployerParams, response: { 200: Type.Object({ items: Type.Array(Consent) }), ...errorResponses(401, 403, 404) } },
    },
    async (request) => ({ items: await salaryShare.employerConsents(request.actor, request.params.territory, request.params.organisationId) }),
  );

  app.post(
    '/api/v1/t/:territory/organisations/:organisationId/payroll/preview',
    {
      schema: {
        tags,
        summary: 'Preview the conversion of a payroll (nothing is written)',
        params: EmployerParams,
        querystring: Type.Object({ period: Type.Optional(Type.String()) }),
        consumes: ['application/json', 'text/csv'],
        body: PayrollBody,
        response: { 200: Report, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { period, lines } = payrollInput(request.body, request.query.period);
      return salaryShare.previewPayroll(request.actor, request.params.territory, request.params.organisationId, period, lines);
    },
  );

  app.post(
    '/api/v1/t/:territory/organisations/:organisationId/payroll/runs',
    {
      schema: {
        tags,
        summary: 'Convert a payroll: atomic, and idempotent per employer and period (the same payroll again answers 200 with the first report)',
        description:
          'Answers the report as JSON (201 converted, 200 already converted). With `Accept: application/x-ndjson` it answers 200 with ' +
          'one JSON object per line as the conversion goes: `{"type":"progress","done":…,"total":…}` lines, then ' +
          '`{"type":"result","status":201|200,"report":{…}}`. A refusal before the conversion starts (422, 403, 404, 409) is an ordinary ' +
          'problem answer with its status; a failure once lines were sent is a last line `{"type":"problem","problem":{…problem details…}}`, ' +
          'and nothing was converted. An already converted payroll may answer the result line alone.',
        params: EmployerParams,
        querystring: Type.Object({ period: Type.Optional(Type.String()) }),
        consumes: ['application/json', 'text/csv'],
        body: PayrollBody,
        response: {
          200: { description: 'Already converted: the first report (JSON), or the progress stream (NDJSON)', content: { 'application/json': { schema: Report }, [NDJSON]: { schema: PayrollRunLine } } },
          201: Report,
          ...errorResponses(401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { period, lines } = payrollInput(request.body, request.query.period);
      const run = (onProgress?: (done: number, total: number) => Promise<void>) =>
        salaryShare.runPayroll(request.actor, request.params.territory, request.params.organisationId, period, lines, onProgress);
      if (!acceptsNdjson(request)) {
        const { report, replayed } = await run();
        return reply.status(replayed ? 200 : 201).send(report);
      }
      const stream = new LineStream(reply);
      try {
        const { report, replayed } = await run((done, total) => stream.write({ type: 'progress', done, total }));
        await stream.end({ type: 'result', status: replayed ? 200 : 201, report });
      } catch (error) {
        if (!stream.started) throw error;
        await stream.end({ type: 'problem', problem: problemOf(problemOfRequest(request, error), request.url) });
      }
      return reply;
    },
  );

  app.get(
    '/api/v1/t/:territory/organisations/:organisationId/payroll/runs',
    { schema: { tags, summary: "The employer's payroll conversions", params: EmployerParams, response: { 200: Type.Object({ items: Type.Array(Type.Object(ReportSummary)) }), ...errorResponses(401, 403, 404) } } },
    async (request) => ({ items: await salaryShare.listRuns(request.actor, request.params.territory, request.params.organisationId) }),
  );

  app.get(
    '/api/v1/t/:territory/organisations/:organisationId/payroll/runs/:period',
    {
      schema: { tags, summary: 'The report of one payroll conversion', params: Type.Object({ ...EmployerParams.properties, period: Type.String() }), response: { 200: Report, ...errorResponses(401, 403, 404) } },
    },
    async (request) => salaryShare.getRun(request.actor, request.params.territory, request.params.organisationId, request.params.period),
  );
}
