import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { CursorPageQuery, errorResponses, Nullable, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { invalidInput } from '../../platform/errors.js';
import {
  ACCEPTANCE_CATEGORIES,
  EXCHANGE_STATUSES,
  LISTING_KINDS,
  PAYMENT_REQUEST_STATUSES,
  TIME_BANK_CATEGORIES,
  type Owner,
} from './model.js';
import type { ExchangeView, TimeBankService } from './time-bank.js';
import type { PaymentRequestsService, PaymentRequestView } from './payment-requests.js';
import type { CurrencyAcceptanceService } from './acceptance.js';

const OwnerSchema = Type.Object({ type: oneOf(['person', 'organisation'] as const), id: Type.String({ maxLength: 64 }) });
const OwnerQuery = {
  ownerType: Type.Optional(oneOf(['person', 'organisation'] as const)),
  ownerId: Type.Optional(Type.String({ maxLength: 64 })),
};

const PartySchema = Type.Object(
  { type: oneOf(['person', 'organisation'] as const), id: Type.String(), name: Type.String({ description: "a person's display name or an organisation's name" }) },
  { $id: 'CurrencyParty' },
);
const partyRef = refTo(PartySchema);

const ListingSchema = Type.Object(
  {
    id: Type.String(),
    owner: partyRef,
    kind: oneOf(LISTING_KINDS),
    category: oneOf(TIME_BANK_CATEGORIES, 'a code the web app translates'),
    title: Type.String(),
    description: Type.String(),
    status: oneOf(['open', 'closed'] as const),
    createdAt: Type.String({ format: 'date-time' }),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'TimeBankListing' },
);
const listingRef = refTo(ListingSchema);

const ExchangeSchema = Type.Object(
  {
    id: Type.String(),
    provider: partyRef,
    receiver: partyRef,
    minutes: Type.Integer(),
    listingId: Nullable(Type.String()),
    note: Nullable(Type.String()),
    status: oneOf(EXCHANGE_STATUSES),
    proposedBy: oneOf(['provider', 'receiver'] as const),
    awaiting: Nullable(oneOf(['provider', 'receiver'] as const, 'the side whose confirmation the exchange waits for')),
    proposedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    resolvedAt: Nullable(Type.String({ format: 'date-time' })),
    pendingTransferId: Type.String({ description: 'the ledger transfer that holds the hours while the exchange is proposed' }),
  },
  { $id: 'TimeExchange' },
);
const exchangeRef = refTo(ExchangeSchema);

const PaymentRequestSchema = Type.Object(
  {
    id: Type.String(),
    path: Type.String({ description: "the web app's page for this request, to share as a link or a QR code" }),
    payee: partyRef,
    amount: Type.Integer({ description: 'minor units (cents)' }),
    unit: Type.String(),
    memo: Nullable(Type.String()),
    status: oneOf(PAYMENT_REQUEST_STATUSES),
    expiresAt: Nullable(Type.String({ format: 'date-time' })),
    createdAt: Type.String({ format: 'date-time' }),
    resolvedAt: Nullable(Type.String({ format: 'date-time' })),
    payer: Nullable(partyRef),
  },
  { $id: 'PaymentRequest' },
);
const paymentRequestRef = refTo(PaymentRequestSchema);

const AcceptanceSchema = Type.Object(
  {
    organisationId: Type.String(),
    accepts: Type.Boolean(),
    category: Nullable(oneOf(ACCEPTANCE_CATEGORIES)),
    note: Nullable(Type.String()),
    updatedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'CurrencyAcceptance' },
);

const AcceptingOrganisationSchema = Type.Object(
  {
    organisationId: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    category: oneOf(ACCEPTANCE_CATEGORIES),
    note: Nullable(Type.String()),
    address: Nullable(Type.String()),
    communeInsee: Nullable(Type.String()),
    communeName: Nullable(Type.String()),
    latitude: Nullable(Type.Number()),
    longitude: Nullable(Type.Number()),
  },
  { $id: 'AcceptingOrganisation' },
);

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'Required: the id you choose for the exchange; a retry with the same key returns the first outcome' })),
});

const ListingParams = Type.Object({ ...TerritoryParams.properties, listingId: Type.String({ maxLength: 100 }) });
const ExchangeParams = Type.Object({ ...TerritoryParams.properties, exchangeId: Type.String({ maxLength: 100 }) });
const RequestParams = Type.Object({ ...TerritoryParams.properties, requestId: Type.String({ maxLength: 100 }) });
const OrganisationParams = Type.Object({ ...TerritoryParams.properties, organisationId: Type.String({ maxLength: 64 }) });

const page = <T>(items: T[], nextCursor: string | null) => ({ items, nextCursor });
const exchangeJson = (e: ExchangeView) => ({ ...e, minutes: Number(e.minutes) });
const requestJson = (r: PaymentRequestView) => ({ ...r, amount: Number(r.amount) });

function ownerFromQuery(query: { ownerType?: 'person' | 'organisation'; ownerId?: string }, field = 'ownerId'): { owner?: Owner } {
  if (query.ownerType === undefined && query.ownerId === undefined) return {};
  if (query.ownerType === undefined || query.ownerId === undefined) {
    throw invalidInput([{ field, code: 'incomplete_owner', message: 'Give both ownerType and ownerId, or neither.' }]);
  }
  return { owner: { type: query.ownerType, id: query.ownerId } };
}

function requireKey(headers: { 'idempotency-key'?: string }): string {
  const key = headers['idempotency-key'];
  if (!key) throw invalidInput([{ field: 'Idempotency-Key', code: 'idempotency_key_required', message: 'Send an Idempotency-Key header (e.g. a UUID) so that a retry cannot propose twice.' }]);
  return key;
}

/** The time bank, payment requests and the directory of organisations that accept the currency. */
export function registerTimeBankRoutes(app: HttpServer, timeBank: TimeBankService, paymentRequests: PaymentRequestsService, acceptance: CurrencyAcceptanceService): void {
  for (const schema of [PartySchema, ListingSchema, ExchangeSchema, PaymentRequestSchema, AcceptanceSchema, AcceptingOrganisationSchema]) app.addSchema(schema);
  const tags = ['time bank'];
  const base = '/api/v1/t/:territory';

  // ── the directory of offers and wants ───────────────────────────────────────────────────────

  app.get(
    `${base}/time-bank/listings`,
    {
      schema: {
        tags,
        summary: 'The public directory of offers and wants, newest first, by kind, category and text',
        params: TerritoryParams,
        querystring: Type.Object({
          kind: Type.Optional(oneOf(LISTING_KINDS)),
          category: Type.Optional(oneOf(TIME_BANK_CATEGORIES)),
          q: Type.Optional(Type.String({ maxLength: 100, description: 'words in the title or description, ignoring case and accents' })),
          status: Type.Optional(oneOf(['open', 'closed'] as const, 'open by default')),
          ...OwnerQuery,
          ...CursorPageQuery,
        }),
        response: { 200: Type.Object({ items: Type.Array(listingRef), nextCursor: Nullable(Type.String()) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { kind, category, q, status, limit, cursor } = request.query;
      const result = await timeBank.listListings(request.params.territory, {
        limit: limit ?? 50,
        ...(kind ? { kind } : {}),
        ...(category ? { category } : {}),
        ...(q ? { text: q } : {}),
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
        ...ownerFromQuery(request.query),
      });
      return page(result.items, result.nextCursor);
    },
  );

  app.post(
    `${base}/time-bank/listings`,
    {
      schema: {
        tags,
        summary: 'List an offer or a want, for yourself or for an organisation you represent',
        params: TerritoryParams,
        body: Type.Object({
          owner: Type.Optional(OwnerSchema),
          kind: oneOf(LISTING_KINDS),
          category: oneOf(TIME_BANK_CATEGORIES),
          title: Type.String({ maxLength: 120 }),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 201: listingRef, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { owner, ...input } = request.body;
      const listing = await timeBank.createListing(request.actor, request.params.territory, { ...input, ...(owner ? { owner: owner as Owner } : {}) });
      return reply.status(201).send(listing);
    },
  );

  app.get(
    `${base}/time-bank/listings/:listingId`,
    { schema: { tags, summary: 'One listing of the directory', params: ListingParams, response: { 200: listingRef, ...errorResponses(404) } } },
    async (request) => timeBank.listing(request.params.territory, request.params.listingId),
  );

  app.post(
    `${base}/time-bank/listings/:listingId/close`,
    {
      schema: {
        tags,
        summary: 'Close a listing (its owner, or the currency operator moderating the directory)',
        params: ListingParams,
        response: { 200: listingRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => timeBank.closeListing(request.actor, request.params.territory, request.params.listingId),
  );

  // ── exchanges confirmed by both sides ──────────────────────────────────────────────────────

  app.get(
    `${base}/time-bank/exchanges`,
    {
      schema: {
        tags,
        summary: "A member's exchanges, newest first (yourself by default; your organisations; operators and auditors)",
        params: TerritoryParams,
        querystring: Type.Object({ status: Type.Optional(oneOf(EXCHANGE_STATUSES)), ...OwnerQuery, ...CursorPageQuery }),
        response: { 200: Type.Object({ items: Type.Array(exchangeRef), nextCursor: Nullable(Type.String()) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const result = await timeBank.listExchanges(request.actor, request.params.territory, {
        limit: limit ?? 50,
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
        ...ownerFromQuery(request.query),
      });
      return page(result.items.map(exchangeJson), result.nextCursor);
    },
  );

  app.post(
    `${base}/time-bank/exchanges`,
    {
      schema: {
        tags,
        summary: "Propose an exchange of hours as its provider or its receiver; the receiver's hours are held until the other side confirms (30 days at most); needs Idempotency-Key",
        params: TerritoryParams,
        headers: IdempotencyHeaders,
        body: Type.Object({
          provider: OwnerSchema,
          receiver: OwnerSchema,
          minutes: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          listingId: Type.Optional(Type.String({ maxLength: 100 })),
          note: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 201: exchangeRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { provider, receiver, minutes, listingId, note } = request.body;
      const exchange = await timeBank.proposeExchange(request.actor, request.params.territory, {
        key: requireKey(request.headers),
        provider: provider as Owner,
        receiver: receiver as Owner,
        minutes: BigInt(minutes),
        ...(listingId ? { listingId } : {}),
        ...(note ? { note } : {}),
      });
      return reply.status(201).send(exchangeJson(exchange));
    },
  );

  app.get(
    `${base}/time-bank/exchanges/:exchangeId`,
    { schema: { tags, summary: 'One exchange (its two sides, operators and auditors)', params: ExchangeParams, response: { 200: exchangeRef, ...errorResponses(401, 403, 404) } } },
    async (request) => exchangeJson(await timeBank.exchange(request.actor, request.params.territory, request.params.exchangeId)),
  );

  app.post(
    `${base}/time-bank/exchanges/:exchangeId/confirm`,
    {
      schema: {
        tags,
        summary: 'Confirm an exchange as the side that did not propose it: the hours move',
        params: ExchangeParams,
        response: { 200: exchangeRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => exchangeJson(await timeBank.confirmExchange(request.actor, request.params.territory, request.params.exchangeId)),
  );

  app.post(
    `${base}/time-bank/exchanges/:exchangeId/cancel`,
    {
      schema: {
        tags,
        summary: 'Cancel a proposed exchange (either side): the held hours are released',
        params: ExchangeParams,
        response: { 200: exchangeRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => exchangeJson(await timeBank.cancelExchange(request.actor, request.params.territory, request.params.exchangeId)),
  );

  // ── payment requests ────────────────────────────────────────────────────────────────────────

  const requestTags = ['payment requests'];

  app.post(
    `${base}/payment-requests`,
    {
      schema: {
        tags: requestTags,
        summary: 'Ask for a payment in local currency (for yourself, or for your organisation as a member: a cashier); share its path as a link or QR code',
        params: TerritoryParams,
        body: Type.Object({
          payee: Type.Optional(OwnerSchema),
          amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'minor units (cents)' }),
          memo: Type.Optional(Type.String({ maxLength: 500 })),
          expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: { 201: paymentRequestRef, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { payee, amount, memo, expiresAt } = request.body;
      const created = await paymentRequests.create(request.actor, request.params.territory, {
        amount: BigInt(amount),
        ...(payee ? { payee: payee as Owner } : {}),
        ...(memo ? { memo } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      });
      return reply.status(201).send(requestJson(created));
    },
  );

  app.get(
    `${base}/payment-requests`,
    {
      schema: {
        tags: requestTags,
        summary: "A payee's requests, newest first (yourself by default; your organisations; operators and auditors)",
        params: TerritoryParams,
        querystring: Type.Object({
          status: Type.Optional(oneOf(PAYMENT_REQUEST_STATUSES)),
          payeeType: Type.Optional(oneOf(['person', 'organisation'] as const)),
          payeeId: Type.Optional(Type.String({ maxLength: 64 })),
          ...CursorPageQuery,
        }),
        response: { 200: Type.Object({ items: Type.Array(paymentRequestRef), nextCursor: Nullable(Type.String()) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { status, payeeType, payeeId, limit, cursor } = request.query;
      const { owner } = ownerFromQuery({ ...(payeeType ? { ownerType: payeeType } : {}), ...(payeeId ? { ownerId: payeeId } : {}) }, 'payeeId');
      const result = await paymentRequests.list(request.actor, request.params.territory, {
        limit: limit ?? 50,
        ...(owner ? { payee: owner } : {}),
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return page(result.items.map(requestJson), result.nextCursor);
    },
  );

  app.get(
    `${base}/payment-requests/:requestId`,
    {
      schema: {
        tags: requestTags,
        summary: "A payment request as its link shows it: amount, payee, status (the payer only to the payee's side and the payer)",
        params: RequestParams,
        response: { 200: paymentRequestRef, ...errorResponses(404) },
      },
    },
    async (request) => requestJson(await paymentRequests.get(request.actor, request.params.territory, request.params.requestId)),
  );

  app.post(
    `${base}/payment-requests/:requestId/pay`,
    {
      schema: {
        tags: requestTags,
        summary: "Pay a request in one step, from your account or your organisation's; a request is paid once (409 already_paid)",
        params: RequestParams,
        body: Type.Object({ from: Type.Optional(OwnerSchema) }),
        response: { 200: paymentRequestRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const from = request.body.from as Owner | undefined;
      return requestJson(await paymentRequests.pay(request.actor, request.params.territory, request.params.requestId, from ? { from } : {}));
    },
  );

  app.post(
    `${base}/payment-requests/:requestId/cancel`,
    {
      schema: { tags: requestTags, summary: 'Cancel an unpaid request (the payee)', params: RequestParams, response: { 200: paymentRequestRef, ...errorResponses(401, 403, 404, 409) } },
    },
    async (request) => requestJson(await paymentRequests.cancel(request.actor, request.params.territory, request.params.requestId)),
  );

  // ── organisations that accept the currency ─────────────────────────────────────────────────

  app.get(
    `${base}/currency/acceptance`,
    {
      schema: {
        tags: ['currency'],
        summary: 'The public directory of organisations that accept the local currency, by name, filtered by category and commune',
        params: TerritoryParams,
        querystring: Type.Object({
          category: Type.Optional(oneOf(ACCEPTANCE_CATEGORIES)),
          commune: Type.Optional(Type.String({ pattern: '^[0-9][0-9AB][0-9]{3}$', description: 'INSEE code of the commune' })),
          ...CursorPageQuery,
        }),
        response: { 200: Type.Object({ items: Type.Array(refTo(AcceptingOrganisationSchema)), nextCursor: Nullable(Type.String()) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { category, commune, limit, cursor } = request.query;
      const result = await acceptance.directory(request.params.territory, {
        limit: limit ?? 50,
        ...(category ? { category } : {}),
        ...(commune ? { commune } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return page(result.items, result.nextCursor);
    },
  );

  app.get(
    `${base}/organisations/:organisationId/currency-acceptance`,
    {
      schema: {
        tags: ['currency'],
        summary: 'Whether an organisation accepts the local currency',
        params: OrganisationParams,
        response: { 200: refTo(AcceptanceSchema), ...errorResponses(404) },
      },
    },
    async (request) => acceptance.get(request.params.territory, request.params.organisationId),
  );

  app.put(
    `${base}/organisations/:organisationId/currency-acceptance`,
    {
      schema: {
        tags: ['currency'],
        summary: "Say whether the organisation accepts the local currency, with its directory category (its representative, or the currency operator)",
        params: OrganisationParams,
        body: Type.Object({
          accepts: Type.Boolean(),
          category: Type.Optional(Nullable(oneOf(ACCEPTANCE_CATEGORIES))),
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: { 200: refTo(AcceptanceSchema), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => acceptance.set(request.actor, request.params.territory, request.params.organisationId, request.body),
  );
}
