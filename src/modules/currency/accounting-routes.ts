import { Readable } from 'node:stream';
import { Type } from '@fastify/type-provider-typebox';
import type { Executor } from '../../platform/db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, TerritoryParams } from '../../platform/http/schemas.js';
import type { TerritoriesService } from '../territories/service.js';
import type { CurrencyService } from './service.js';
import { createAccountingServices } from './accounting.js';

const fileResponse = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: { type: 'string' } } },
});

const attachment = (filename: string) => `attachment; filename="${filename}"`;

export function registerAccountingRoutes(
  app: HttpServer,
  currency: CurrencyService,
  context: { readonly db: Executor; readonly territories: TerritoriesService; readonly clock?: Clock | undefined },
): void {
  const { statements, fec, demurrage } = createAccountingServices(context.db, context.territories, currency, context.clock);
  const tags = ['currency'];

  app.get(
    '/api/v1/t/:territory/accounts/:accountId/statement.csv',
    {
      schema: {
        tags,
        summary: "An account's statement as CSV: every posted transfer, oldest first, with the running balance (the owner, the organisation's members, operators, auditors)",
        params: Type.Object({ ...TerritoryParams.properties, accountId: Type.String({ maxLength: 100 }) }),
        response: { 200: fileResponse('text/csv', 'RFC 4180 CSV: date, id, kind, memo, counterparty_account, debit, credit, running_balance'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const csv = await statements.exportCsv(request.actor, request.params.territory, request.params.accountId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8; header=present')
        .header('content-disposition', attachment(csv.filename))
        .send(Readable.from(csv.chunks));
    },
  );

  app.get(
    '/api/v1/t/:territory/currency/fec',
    {
      schema: {
        tags,
        summary: "The issuing association's Fichier des Écritures Comptables for a fiscal year (LPF art. A47 A-1), for the currency operator or an auditor",
        params: TerritoryParams,
        querystring: Type.Object({
          year: Type.Integer({ minimum: 2000, maximum: 9999 }),
          organisationId: Type.Optional(Type.String({ maxLength: 64, description: 'the issuing association, whose SIRET gives the SIREN' })),
          siren: Type.Optional(Type.String({ pattern: '^[0-9]{9}$', description: 'or its SIREN' })),
        }),
        response: { 200: fileResponse('text/plain', 'Tab-separated FEC in ISO 8859-15, named SirenFECAAAAMMJJ.txt'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const file = await fec.exportFec(request.actor, request.params.territory, {
        year: request.query.year,
        ...(request.query.organisationId ? { organisationId: request.query.organisationId } : {}),
        ...(request.query.siren ? { siren: request.query.siren } : {}),
      });
      return reply
        .header('content-type', 'text/plain; charset=iso-8859-15')
        .header('content-disposition', attachment(file.filename))
        .send(Readable.from(file.content));
    },
  );

  app.post(
    '/api/v1/t/:territory/currency/demurrage',
    {
      schema: {
        tags,
        summary: "Apply a day's demurrage to idle member accounts (currency operator); running the same day again changes nothing",
        params: TerritoryParams,
        body: Type.Object({ date: Type.String({ format: 'date', description: 'the day charged, YYYY-MM-DD, once it is over' }) }),
        response: {
          200: Type.Object({
            date: Type.String({ format: 'date' }),
            unit: Type.String(),
            accounts: Type.Integer(),
            charged: Type.Integer(),
            total: Type.Integer({ description: 'minor units moved to the demurrage fund by this run' }),
            alreadyApplied: Type.Integer(),
            refused: Type.Integer(),
          }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const report = await demurrage.applyDemurrage(request.actor, request.params.territory, request.body.date);
      return { ...report, total: Number(report.total) };
    },
  );
}
