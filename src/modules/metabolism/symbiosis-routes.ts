import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { FLOW_METHODS } from './model.js';
import { EXCHANGE_STATUSES, MATCH_STATUSES } from './symbiosis-model.js';
import type { SymbiosisService } from './symbiosis.js';

const Tonnes = Type.Number({ description: 'tonnes per year' });

const OfferSchema = Type.Object(
  {
    id: Type.String(),
    organisationId: Type.String(),
    organisationName: Type.String(),
    wasteCode: Nullable(Type.String()),
    category: Nullable(Type.String()),
    materialName: Nullable(Type.String()),
    materialLabel: Type.String(),
    description: Type.String(),
    tonnesPerYear: Tonnes,
    availableFrom: Nullable(Type.String({ format: 'date' })),
    availableUntil: Nullable(Type.String({ format: 'date' })),
    hazardous: Type.Boolean(),
    pricePerTonne: Nullable(Type.String({ pattern: '^-?\\d+$', description: 'cents per tonne: positive, the receiver pays; negative, the offerer pays (gate fee)' })),
    priceUnit: Type.Literal('EUR'),
    confidential: Type.Boolean(),
    status: oneOf(EXCHANGE_STATUSES),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'SymbiosisOffer' },
);
const offerRef = refTo(OfferSchema);

const NeedSchema = Type.Object(
  {
    id: Type.String(),
    organisationId: Type.String(),
    organisationName: Type.String(),
    accepted: Type.Array(Type.String(), { description: 'waste codes (17 08 02), sub-chapters (17 08), chapters (17) or EW-MFA categories (MF3.6)' }),
    materialName: Nullable(Type.String()),
    description: Type.String(),
    tonnesPerYear: Tonnes,
    maxDistanceKm: Type.Number(),
    acceptsHazardous: Type.Boolean(),
    status: oneOf(EXCHANGE_STATUSES),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'SymbiosisNeed' },
);
const needRef = refTo(NeedSchema);

const ExplanationSchema = Type.Object({
  material: Type.Object({
    factor: Type.Number(),
    level: oneOf(['same_code', 'same_material', 'same_sub_chapter', 'same_category', 'same_chapter', 'substitution'] as const),
    offered: Type.String(),
    accepted: Type.String(),
    reason: Nullable(Type.String({ description: 'why the substitution holds' })),
  }),
  quantity: Type.Object({ factor: Type.Number(), offeredTonnes: Tonnes, neededTonnes: Tonnes }),
  distance: Type.Object({ factor: Type.Number(), km: Nullable(Type.Number()), maxKm: Type.Number() }),
  hazard: Type.Object({ hazardous: Type.Boolean(), receiverAccepts: Type.Boolean() }),
});

const MatchFields = {
  id: Type.String(),
  status: oneOf(MATCH_STATUSES),
  nextStatuses: Type.Array(oneOf(MATCH_STATUSES)),
  score: Type.Number({ description: 'material × quantity × distance, 0 to 1' }),
  explanation: ExplanationSchema,
  distanceKm: Nullable(Type.Number()),
  tonnesPerYear: Nullable(Tonnes),
  startedYear: Nullable(Type.Integer()),
  endedYear: Nullable(Type.Integer()),
  offer: Type.Object({
    id: Type.String(),
    organisationId: Nullable(Type.String({ description: 'null while a confidential offer is only suggested' })),
    organisationName: Nullable(Type.String()),
    materialLabel: Type.String(),
    wasteCode: Nullable(Type.String()),
    category: Nullable(Type.String()),
    tonnesPerYear: Tonnes,
    hazardous: Type.Boolean(),
    confidential: Type.Boolean(),
  }),
  need: Type.Object({ id: Type.String(), organisationId: Type.String(), organisationName: Type.String(), accepted: Type.Array(Type.String()), tonnesPerYear: Tonnes, maxDistanceKm: Type.Number() }),
  updatedAt: Type.String({ format: 'date-time' }),
};
const MatchSchema = Type.Object(MatchFields, { $id: 'SymbiosisMatch' });
const matchRef = refTo(MatchSchema);
const MatchDetailSchema = Type.Object({
  ...MatchFields,
  history: Type.Array(Type.Object({ id: Type.String(), fromStatus: Nullable(oneOf(MATCH_STATUSES)), toStatus: oneOf(MATCH_STATUSES), note: Nullable(Type.String()), occurredAt: Type.String({ format: 'date-time' }), actor: Nullable(Type.String()) })),
  flows: Type.Array(Type.Object({ year: Type.Integer(), tonnes: Tonnes, method: oneOf(FLOW_METHODS) })),
});

const OfferBody = {
  wasteCode: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
  category: Type.Optional(Nullable(Type.String({ maxLength: 8 }))),
  materialName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  tonnesPerYear: Type.Number(),
  availableFrom: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  availableUntil: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  hazardous: Type.Optional(Type.Boolean()),
  pricePerTonne: Type.Optional(Nullable(Type.Integer({ description: 'cents per tonne' }))),
  confidential: Type.Optional(Type.Boolean()),
  status: Type.Optional(oneOf(EXCHANGE_STATUSES)),
};
const NeedBody = {
  accepted: Type.Array(Type.String({ maxLength: 16 }), { maxItems: 30 }),
  materialName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  tonnesPerYear: Type.Number(),
  maxDistanceKm: Type.Number(),
  acceptsHazardous: Type.Optional(Type.Boolean()),
  status: Type.Optional(oneOf(EXCHANGE_STATUSES)),
};

export function registerSymbiosisRoutes(app: HttpServer, symbiosis: SymbiosisService): void {
  app.addSchema(OfferSchema);
  app.addSchema(NeedSchema);
  app.addSchema(MatchSchema);
  const tags = ['symbiosis'];
  const base = '/api/v1/t/:territory/symbiosis';
  const IdParams = Type.Object({ ...TerritoryParams.properties, id: Type.String({ maxLength: 64 }) });
  const Filter = Type.Object({ organisationId: Type.Optional(Type.String({ maxLength: 64 })), status: Type.Optional(oneOf(EXCHANGE_STATUSES)) });

  app.get(
    `${base}/offers`,
    { schema: { tags, summary: 'Offers of by-products and waste; confidential ones only to their organisation and the facilitators', params: TerritoryParams, querystring: Filter, response: { 200: Type.Object({ items: Type.Array(offerRef), hiddenConfidential: Type.Integer() }), ...errorResponses(404) } } },
    async (request) => symbiosis.listOffers(request.actor, request.params.territory, request.query),
  );

  app.post(
    `${base}/offers`,
    {
      schema: {
        tags,
        summary: "Publish an offer of an organisation (its representative or staff, or a facilitator); matches are computed at once",
        params: TerritoryParams,
        body: Type.Object({ organisationId: Type.String({ maxLength: 64 }), ...OfferBody }),
        response: { 201: offerRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { organisationId, ...input } = request.body;
      return reply.status(201).send(await symbiosis.createOffer(request.actor, request.params.territory, organisationId, input));
    },
  );

  app.patch(
    `${base}/offers/:id`,
    { schema: { tags, summary: 'Change or close an offer; only its pairs are scored again', params: IdParams, body: Type.Partial(Type.Object(OfferBody)), response: { 200: offerRef, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => symbiosis.updateOffer(request.actor, request.params.territory, request.params.id, request.body),
  );

  app.get(
    `${base}/offers/:id/matches`,
    { schema: { tags, summary: 'The best needs for an offer (top 5 suggestions, and matches in the funnel), each with its explanation', params: IdParams, response: { 200: Type.Object({ items: Type.Array(matchRef) }), ...errorResponses(401, 403, 404) } } },
    async (request) => ({ items: await symbiosis.matchesOfOffer(request.actor, request.params.territory, request.params.id) }),
  );

  app.get(
    `${base}/needs`,
    { schema: { tags, summary: 'Needs of organisations: what they can take in, how much, how far', params: TerritoryParams, querystring: Filter, response: { 200: Type.Object({ items: Type.Array(needRef) }), ...errorResponses(404) } } },
    async (request) => symbiosis.listNeeds(request.actor, request.params.territory, request.query),
  );

  app.post(
    `${base}/needs`,
    {
      schema: {
        tags,
        summary: "Publish a need of an organisation (its representative or staff, or a facilitator); matches are computed at once",
        params: TerritoryParams,
        body: Type.Object({ organisationId: Type.String({ maxLength: 64 }), ...NeedBody }),
        response: { 201: needRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { organisationId, ...input } = request.body;
      return reply.status(201).send(await symbiosis.createNeed(request.actor, request.params.territory, organisationId, input));
    },
  );

  app.patch(
    `${base}/needs/:id`,
    { schema: { tags, summary: 'Change or close a need; only its pairs are scored again', params: IdParams, body: Type.Partial(Type.Object(NeedBody)), response: { 200: needRef, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => symbiosis.updateNeed(request.actor, request.params.territory, request.params.id, request.body),
  );

  app.get(
    `${base}/needs/:id/matches`,
    { schema: { tags, summary: 'The best offers for a need (top 5 suggestions, and matches in the funnel), each with its explanation', params: IdParams, response: { 200: Type.Object({ items: Type.Array(matchRef) }), ...errorResponses(401, 403, 404) } } },
    async (request) => ({ items: await symbiosis.matchesOfNeed(request.actor, request.params.territory, request.params.id) }),
  );

  app.get(
    `${base}/matches`,
    {
      schema: {
        tags,
        summary: "The funnel board: matches of the reader's organisations (every match for facilitators and auditors)",
        params: TerritoryParams,
        querystring: Type.Object({ status: Type.Optional(oneOf(MATCH_STATUSES)), organisationId: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Type.Object({ items: Type.Array(matchRef) }), ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ items: await symbiosis.board(request.actor, request.params.territory, request.query) }),
  );

  app.get(
    `${base}/matches/:id`,
    { schema: { tags, summary: 'A match with its history and the flows it put into the accounts', params: IdParams, response: { 200: MatchDetailSchema, ...errorResponses(403, 404) } } },
    async (request) => symbiosis.getMatch(request.actor, request.params.territory, request.params.id),
  );

  app.post(
    `${base}/matches/:id/transitions`,
    {
      schema: {
        tags,
        summary: 'Move a match along the funnel (suggested → contacted → studying → agreed → operating → ended); operating adds its flow to this year',
        params: IdParams,
        body: Type.Object({ to: oneOf(MATCH_STATUSES), note: Type.Optional(Type.String({ maxLength: 2000 })), tonnesPerYear: Type.Optional(Type.Number()), method: Type.Optional(oneOf(['measured', 'estimated'] as const)) }),
        response: { 200: MatchDetailSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => symbiosis.moveMatch(request.actor, request.params.territory, request.params.id, request.body),
  );

  app.put(
    `${base}/matches/:id/years/:year`,
    {
      schema: {
        tags,
        summary: 'Record the quantity an operating synergy carried in a year (its flow in that year’s accounts)',
        params: Type.Object({ ...IdParams.properties, year: Type.Integer() }),
        body: Type.Object({ tonnesPerYear: Type.Number(), method: Type.Optional(oneOf(['measured', 'estimated'] as const)) }),
        response: { 200: MatchDetailSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => symbiosis.recordSynergyYear(request.actor, request.params.territory, request.params.id, { year: request.params.year, ...request.body }),
  );

  const SynergyFields = {
    matchId: Type.String(),
    status: oneOf(['operating', 'ended'] as const),
    startedYear: Nullable(Type.Integer()),
    endedYear: Nullable(Type.Integer()),
    tonnesPerYear: Nullable(Tonnes),
    materialLabel: Type.String(),
    category: Nullable(Type.String()),
    from: Type.Object({ organisationId: Type.String(), name: Type.String() }),
    to: Type.Object({ organisationId: Type.String(), name: Type.String() }),
    distanceKm: Nullable(Type.Number()),
  };

  app.get(
    `${base}/synergies`,
    {
      schema: {
        tags,
        summary: 'Public: synergies in service and past ones; those of confidential offers only counted, their tonnes under statistical secrecy',
        params: TerritoryParams,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object(SynergyFields)),
            confidential: Type.Object({
              operating: Type.Integer(),
              ended: Type.Integer(),
              tonnesPerYear: Nullable(Tonnes),
            }),
          }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => symbiosis.synergies(request.actor, request.params.territory),
  );

  app.get(
    `${base}/synergies/:id`,
    {
      schema: {
        tags,
        summary: 'Public: one synergy — who gives what to whom, tonnes year by year, its effect on the loop rate, its chronicle; a confidential one only says so',
        params: IdParams,
        response: {
          200: Type.Union([
            Type.Object({
              ...SynergyFields,
              confidential: Type.Literal(false),
              years: Type.Array(Type.Object({ year: Type.Integer(), tonnes: Tonnes })),
              loop: Nullable(Type.Object({ year: Type.Integer(), tonnes: Tonnes, rate: Nullable(Type.Number()), rateWithout: Nullable(Type.Number()) })),
              chronicle: Type.Array(Type.Object({ id: Type.String(), occurredAt: Type.String(), kind: Type.String(), title: Type.String(), body: Type.String() })),
            }),
            Type.Object({ matchId: Type.String(), confidential: Type.Literal(true) }),
          ]),
          ...errorResponses(404),
        },
      },
    },
    async (request) => symbiosis.synergy(request.actor, request.params.territory, request.params.id),
  );

  app.post(
    `${base}/recompute`,
    { schema: { tags, summary: 'Recompute every suggestion of the territory (facilitator)', params: TerritoryParams, response: { 200: Type.Object({ suggestions: Type.Integer(), offers: Type.Integer(), needs: Type.Integer() }), ...errorResponses(401, 403, 404) } } },
    async (request) => symbiosis.recomputeAll(request.actor, request.params.territory),
  );
}
