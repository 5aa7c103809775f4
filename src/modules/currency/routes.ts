import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { invalidInput } from '../../platform/errors.js';
import { TRANSFER_ERRORS } from './ledger-model.js';
import { MAX_BATCH, type AccountView, type CurrencyService } from './service.js';
import type { CurrencySettings, Owner } from './model.js';

// Amounts are integers in minor units (cents of the local currency, minutes for hours); JSON numbers
// are exact up to 2^53, i.e. 90 thousand billion euros in cents.
const Amount = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'minor units: cents, or minutes for HOUR' });
const SignedAmount = Type.Integer({ description: 'minor units' });
const OwnerSchema = Type.Object({ type: oneOf(['person', 'organisation'] as const), id: Type.String({ maxLength: 64 }) });

const AccountSchema = Type.Object(
  {
    id: Type.String(),
    unit: Type.String(),
    owner: Type.Object({ type: Type.String(), id: Type.String() }),
    kind: Type.String(),
    status: Type.String(),
    balance: SignedAmount,
    pendingDebits: SignedAmount,
    pendingCredits: SignedAmount,
    floor: Nullable(SignedAmount),
    ceiling: Nullable(SignedAmount),
  },
  { $id: 'LedgerAccount' },
);
const accountRef = refTo(AccountSchema);

const SettingsSchema = Type.Object(
  {
    reconversionFeeBp: Type.Integer({ minimum: 0, maximum: 5000, description: 'basis points; 500 = 5 %' }),
    individualsMayReconvert: Type.Boolean(),
    salaryShareCapBp: Type.Integer({ minimum: 0, maximum: 1000, description: 'basis points; the Pact caps it at 1000 = 10 %' }),
    demurrageRateBp: Type.Integer({ minimum: 0, maximum: 2400 }),
    demurrageGraceDays: Type.Integer({ minimum: 0 }),
    demurrageThreshold: Type.Integer({ minimum: 0 }),
    timeBankFloorMinutes: Type.Integer({ maximum: 0 }),
    timeBankCeilingMinutes: Type.Integer({ minimum: 1 }),
  },
  { $id: 'CurrencySettings' },
);

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'Required: a retry with the same key returns the first outcome' })),
});

const toNumber = (n: bigint) => Number(n);
const accountJson = (a: AccountView) => ({
  ...a,
  balance: toNumber(a.balance),
  pendingDebits: toNumber(a.pendingDebits),
  pendingCredits: toNumber(a.pendingCredits),
  floor: a.floor === null ? null : toNumber(a.floor),
  ceiling: a.ceiling === null ? null : toNumber(a.ceiling),
});

function requireKey(headers: { 'idempotency-key'?: string }): string {
  const key = headers['idempotency-key'];
  if (!key) throw invalidInput([{ field: 'Idempotency-Key', code: 'idempotency_key_required', message: 'Send an Idempotency-Key header (e.g. a UUID) so that a retry cannot pay twice.' }]);
  return key;
}

export function registerCurrencyRoutes(app: HttpServer, currency: CurrencyService): void {
  app.addSchema(AccountSchema);
  app.addSchema(SettingsSchema);
  const tags = ['currency'];

  app.get(
    '/api/v1/t/:territory/currency/settings',
    { schema: { tags, summary: 'The rules of the local currency and time bank', params: TerritoryParams, response: { 200: refTo(SettingsSchema), ...errorResponses(404) } } },
    async (request) => currency.settings(request.params.territory),
  );

  app.patch(
    '/api/v1/t/:territory/currency/settings',
    {
      schema: {
        tags,
        summary: 'Change the currency rules (currency operator)',
        params: TerritoryParams,
        body: Type.Partial(SettingsSchema),
        response: { 200: refTo(SettingsSchema), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => currency.updateSettings(request.actor, request.params.territory, request.body as Partial<CurrencySettings>),
  );

  app.get(
    '/api/v1/t/:territory/currency/proof-of-reserve',
    {
      schema: {
        tags,
        summary: 'Public proof of reserve: local currency in circulation against the euro reserve, per day',
        params: TerritoryParams,
        response: {
          200: Type.Object({
            currencyCode: Type.String(),
            currencyName: Type.String(),
            reserve: SignedAmount,
            circulation: SignedAmount,
            series: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), reserve: SignedAmount, circulation: SignedAmount })),
          }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const proof = await currency.proofOfReserve(request.params.territory);
      return {
        ...proof,
        reserve: toNumber(proof.reserve),
        circulation: toNumber(proof.circulation),
        series: proof.series.map((d) => ({ day: d.day, reserve: toNumber(d.reserve), circulation: toNumber(d.circulation) })),
      };
    },
  );

  app.post(
    '/api/v1/t/:territory/ledger/transfers',
    {
      schema: {
        tags: ['ledger'],
        summary: `Post up to ${MAX_BATCH} transfers (currency operator); one result per transfer, linked chains all-or-nothing`,
        params: TerritoryParams,
        body: Type.Object({
          transfers: Type.Array(
            Type.Object({
              id: Type.String({ minLength: 1, maxLength: 100 }),
              debitAccountId: Type.String({ maxLength: 100 }),
              creditAccountId: Type.String({ maxLength: 100 }),
              amount: Type.Integer({ maximum: Number.MAX_SAFE_INTEGER }),
              unit: Type.String({ maxLength: 12 }),
              kind: Type.String({ maxLength: 40 }),
              memo: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
              linked: Type.Optional(Type.Boolean()),
              phase: Type.Optional(oneOf(['single', 'pending', 'post_pending', 'void_pending'] as const)),
              pendingId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
              timeoutSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 31_536_000 })),
            }),
            { minItems: 1, maxItems: MAX_BATCH },
          ),
        }),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({ index: Type.Integer(), id: Type.String(), status: oneOf(['ok', 'exists', 'error'] as const), code: Type.Optional(oneOf(TRANSFER_ERRORS)) }),
            ),
          }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const batch = request.body.transfers.map((t) => ({ ...t, amount: BigInt(t.amount) }));
      const results = await currency.submitTransfers(request.actor, request.params.territory, batch);
      return { results: results.map((r, index) => ({ index, id: batch[index]!.id, status: r.status, ...(r.status === 'error' ? { code: r.code } : {}) })) };
    },
  );

  app.post(
    '/api/v1/t/:territory/currency/issuances',
    {
      schema: {
        tags,
        summary: 'Issue local currency against euros received into the reserve (currency operator); needs Idempotency-Key',
        params: TerritoryParams,
        headers: IdempotencyHeaders,
        body: Type.Object({ to: OwnerSchema, amount: Amount, memo: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 201: accountRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const account = await currency.issue(request.actor, request.params.territory, {
        key: requireKey(request.headers),
        to: request.body.to as Owner,
        amount: BigInt(request.body.amount),
        ...(request.body.memo ? { memo: request.body.memo } : {}),
      });
      return reply.status(201).send(accountJson(account));
    },
  );

  app.post(
    '/api/v1/t/:territory/currency/reconversions',
    {
      schema: {
        tags,
        summary: "Reconvert a professional's local currency to euros, less the territory's fee (currency operator); needs Idempotency-Key",
        params: TerritoryParams,
        headers: IdempotencyHeaders,
        body: Type.Object({ from: OwnerSchema, amount: Amount }),
        response: { 201: Type.Object({ account: accountRef, fee: SignedAmount, euros: SignedAmount }), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await currency.reconvert(request.actor, request.params.territory, {
        key: requireKey(request.headers),
        from: request.body.from as Owner,
        amount: BigInt(request.body.amount),
      });
      return reply.status(201).send({ account: accountJson(result.account), fee: toNumber(result.fee), euros: toNumber(result.euros) });
    },
  );

  app.post(
    '/api/v1/t/:territory/currency/payments',
    {
      schema: {
        tags,
        summary: 'Pay another member in local currency (or in time-bank hours with unit HOUR); needs Idempotency-Key',
        params: TerritoryParams,
        headers: IdempotencyHeaders,
        body: Type.Object({ from: OwnerSchema, to: OwnerSchema, amount: Amount, unit: Type.Optional(Type.String({ maxLength: 12 })), memo: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 201: accountRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const account = await currency.pay(request.actor, request.params.territory, {
        key: requireKey(request.headers),
        from: request.body.from as Owner,
        to: request.body.to as Owner,
        amount: BigInt(request.body.amount),
        ...(request.body.unit ? { unit: request.body.unit } : {}),
        ...(request.body.memo ? { memo: request.body.memo } : {}),
      });
      return reply.status(201).send(accountJson(account));
    },
  );

  app.get(
    '/api/v1/t/:territory/accounts',
    {
      schema: {
        tags,
        summary: "An owner's accounts with balances (the owner, the organisation's members, operators, auditors)",
        params: TerritoryParams,
        querystring: OwnerSchema,
        response: { 200: Type.Object({ items: Type.Array(accountRef) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: (await currency.myAccounts(request.actor, request.params.territory, request.query as Owner)).map(accountJson) }),
  );

  app.get(
    '/api/v1/t/:territory/accounts/:accountId/statement',
    {
      schema: {
        tags,
        summary: "An account's transfers, newest first, paginated with a cursor",
        params: Type.Object({ ...TerritoryParams.properties, accountId: Type.String() }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })), cursor: Type.Optional(Type.String()) }),
        response: {
          200: Type.Object({
            account: accountRef,
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                direction: oneOf(['debit', 'credit'] as const),
                debitAccountId: Type.String(),
                creditAccountId: Type.String(),
                amount: SignedAmount,
                unit: Type.String(),
                kind: Type.String(),
                memo: Nullable(Type.String()),
                phase: Type.String(),
                expired: Type.Boolean({ description: 'true for the void the ledger wrote when the hold it releases timed out' }),
                createdAt: Type.String(),
              }),
            ),
            nextCursor: Nullable(Type.String()),
          }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const statement = await currency.accountStatement(request.actor, request.params.territory, request.params.accountId, {
        limit: request.query.limit ?? 50,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      });
      return { account: accountJson(statement.account), items: statement.items.map((t) => ({ ...t, amount: toNumber(t.amount) })), nextCursor: statement.nextCursor };
    },
  );

  for (const [action, status] of [
    ['freeze', 'frozen'],
    ['unfreeze', 'open'],
  ] as const) {
    app.post(
      `/api/v1/t/:territory/accounts/:accountId/${action}`,
      {
        schema: {
          tags,
          summary: `${action === 'freeze' ? 'Freeze' : 'Unfreeze'} a member account (currency operator)`,
          params: Type.Object({ ...TerritoryParams.properties, accountId: Type.String() }),
          response: { 200: accountRef, ...errorResponses(401, 403, 404, 409) },
        },
      },
      async (request) => accountJson(await currency.setAccountStatus(request.actor, request.params.territory, request.params.accountId, status)),
    );
  }
}
