import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { CursorPageQuery, errorResponses, Nullable, oneOf, refTo, TerritoryParams } from '../../platform/http/schemas.js';
import { ORGANISATION_KINDS, ORGANISATION_ROLES, TERRITORY_LEVELS, TERRITORY_ROLES } from './model.js';
import { searchNaf } from './reference.js';
import type { TerritoriesService } from './service.js';

const TerritorySchema = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    name: Type.String(),
    inseeCode: Type.String({ description: 'Official code: INSEE commune code, SIREN of the EPCI, département or région code' }),
    level: oneOf(TERRITORY_LEVELS),
    currencyCode: Type.String(),
    currencyName: Type.String(),
  },
  { $id: 'Territory' },
);
const territoryRef = refTo(TerritorySchema);

const OrganisationSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: oneOf(ORGANISATION_KINDS),
    siret: Nullable(Type.String()),
    nafCode: Nullable(Type.String()),
    nafLabel: Nullable(Type.String()),
    address: Nullable(Type.String()),
    communeInsee: Nullable(Type.String()),
    communeName: Nullable(Type.String()),
    latitude: Nullable(Type.Number()),
    longitude: Nullable(Type.Number()),
    createdAt: Type.String({ format: 'date-time' }),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'Organisation' },
);
const organisationRef = refTo(OrganisationSchema);

// Kinds and codes are checked by the module's rule (validateOrganisation) so that the API, the form
// and the CSV import give the same field errors; the schema only guards types and sizes.
const OrganisationBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  kind: Type.String({ description: ORGANISATION_KINDS.join(' | ') }),
  siret: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  nafCode: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  communeInsee: Type.Optional(Nullable(Type.String({ maxLength: 5 }))),
  latitude: Type.Optional(Nullable(Type.Number())),
  longitude: Type.Optional(Nullable(Type.Number())),
});

const PersonInTerritorySchema = Type.Object({ id: Type.String(), displayName: Type.String(), email: Type.String(), roles: Type.Array(oneOf(TERRITORY_ROLES)) });
const MemberSchema = Type.Object({
  personId: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  role: oneOf(ORGANISATION_ROLES),
  since: Type.String({ format: 'date-time' }),
});
const OrganisationParams = Type.Object({ ...TerritoryParams.properties, organisationId: Type.String() });

export function registerTerritoriesRoutes(app: HttpServer, territories: TerritoriesService): void {
  app.addSchema(TerritorySchema);
  app.addSchema(OrganisationSchema);
  const tags = ['territories'];

  app.get(
    '/api/v1/territories',
    { schema: { tags, summary: 'Territories on this platform', response: { 200: Type.Object({ items: Type.Array(territoryRef) }) } } },
    async () => ({ items: await territories.listTerritories() }),
  );

  app.get(
    '/api/v1/t/:territory',
    {
      schema: {
        tags,
        summary: 'A territory, with its number of communes and of partners by kind',
        params: TerritoryParams,
        response: {
          200: Type.Object({ ...TerritorySchema.properties, communeCount: Type.Integer(), organisationCounts: Type.Record(Type.String(), Type.Integer()) }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => territories.territoryDetail(request.params.territory),
  );

  app.patch(
    '/api/v1/t/:territory',
    {
      schema: {
        tags,
        summary: "Change the territory's name or its currency's name (facilitator); the currency code is fixed",
        params: TerritoryParams,
        body: Type.Object({
          name: Type.Optional(Type.String({ maxLength: 200 })),
          currencyName: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: territoryRef, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => territories.updateTerritory(request.actor, request.params.territory, request.body),
  );

  app.post(
    '/api/v1/t/:territory/join',
    { schema: { tags, summary: 'Join the territory as a citizen', params: TerritoryParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      await territories.join(request.actor, request.params.territory);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/t/:territory/communes',
    {
      schema: {
        tags,
        summary: 'The current communes of the territory (official geography)',
        params: TerritoryParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }), ...errorResponses(404) },
      },
    },
    async (request) => ({ items: await territories.communes(request.params.territory) }),
  );

  app.get(
    '/api/v1/reference/naf',
    {
      schema: {
        tags: ['reference'],
        summary: 'NAF rév. 2 sub-classes matching a code or words',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })) }) },
      },
    },
    async (request) => ({ items: searchNaf(request.query.q ?? '', request.query.limit ?? 20) }),
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'My territories, roles and organisations',
        response: {
          200: Type.Object({
            person: Type.Unsafe<{ id: string; email: string; displayName: string }>({ $ref: 'Person#' }),
            territories: Type.Array(
              Type.Object({
                slug: Type.String(),
                name: Type.String(),
                roles: Type.Array(Type.String()),
                organisations: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() })),
              }),
            ),
          }),
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const memberships = await territories.myTerritories(request.actor);
      const person = await territories.personOf(request.actor);
      return { person, territories: memberships };
    },
  );

  app.get(
    '/api/v1/t/:territory/organisations',
    {
      schema: {
        tags,
        summary: 'Partner organisations, alphabetical, paginated with a cursor',
        params: TerritoryParams,
        querystring: Type.Object({
          ...CursorPageQuery,
          kind: Type.Optional(oneOf(ORGANISATION_KINDS)),
          includeClosed: Type.Optional(Type.Boolean({ description: 'also list the organisations that left (closed)' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(organisationRef), nextCursor: Nullable(Type.String()) }), ...errorResponses(404) },
      },
    },
    async (request) =>
      territories.listOrganisations(request.params.territory, {
        limit: request.query.limit ?? 50,
        ...(request.query.kind ? { kind: request.query.kind } : {}),
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        ...(request.query.includeClosed ? { includeClosed: true } : {}),
      }),
  );

  app.post(
    '/api/v1/t/:territory/organisations/:organisationId/close',
    {
      schema: {
        tags,
        summary: 'Close an organisation that left (facilitator): it leaves the lists, its memberships end, its history stays',
        params: OrganisationParams,
        response: { 200: organisationRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => territories.closeOrganisation(request.actor, request.params.territory, request.params.organisationId),
  );

  app.get(
    '/api/v1/t/:territory/organisations/:organisationId',
    { schema: { tags, summary: 'One organisation', params: OrganisationParams, response: { 200: organisationRef, ...errorResponses(404) } } },
    async (request) => territories.getOrganisation(request.params.territory, request.params.organisationId),
  );

  app.post(
    '/api/v1/t/:territory/organisations',
    {
      schema: {
        tags,
        summary: 'Add an organisation (facilitator). SIRET is checked (Luhn), NAF and commune against the official lists',
        params: TerritoryParams,
        body: OrganisationBody,
        response: { 201: organisationRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await territories.createOrganisation(request.actor, request.params.territory, request.body)),
  );

  app.patch(
    '/api/v1/t/:territory/organisations/:organisationId',
    {
      schema: {
        tags,
        summary: 'Change an organisation (facilitator or its representative)',
        params: OrganisationParams,
        body: Type.Partial(OrganisationBody),
        response: { 200: organisationRef, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => territories.updateOrganisation(request.actor, request.params.territory, request.params.organisationId, request.body),
  );

  app.post(
    '/api/v1/t/:territory/organisations/import',
    {
      schema: {
        tags,
        summary: 'Import organisations from CSV (facilitator): all rows are created, or none',
        description:
          'Body: text/csv with the header `name,kind,siret,naf_code,address,commune_insee,latitude,longitude` (comma or semicolon). ' +
          'On any bad row the answer is 422 `invalid_csv` listing each row and column at fault, and nothing is created.',
        params: TerritoryParams,
        consumes: ['text/csv'],
        body: Type.String({ maxLength: 20 * 1024 * 1024 }),
        response: { 201: Type.Object({ created: Type.Integer(), items: Type.Array(organisationRef) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const items = await territories.importOrganisations(request.actor, request.params.territory, request.body);
      return reply.status(201).send({ created: items.length, items });
    },
  );

  app.get(
    '/api/v1/t/:territory/organisations/:organisationId/members',
    {
      schema: {
        tags,
        summary: "The organisation's current members (its members, facilitators, auditors)",
        params: OrganisationParams,
        response: { 200: Type.Object({ items: Type.Array(MemberSchema) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: await territories.listMembers(request.actor, request.params.territory, request.params.organisationId) }),
  );

  app.post(
    '/api/v1/t/:territory/organisations/:organisationId/members',
    {
      schema: {
        tags,
        summary: 'Add a member (representative or staff) by email; an account is created for a newcomer',
        params: OrganisationParams,
        body: Type.Object({ email: Type.String({ maxLength: 254 }), role: Type.String(), displayName: Type.Optional(Type.String({ maxLength: 120 })) }),
        response: { 201: MemberSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await territories.addMember(request.actor, request.params.territory, request.params.organisationId, request.body)),
  );

  app.delete(
    '/api/v1/t/:territory/organisations/:organisationId/members/:personId',
    {
      schema: {
        tags,
        summary: 'End a membership (kept in the history, never deleted)',
        params: Type.Object({ ...OrganisationParams.properties, personId: Type.String() }),
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await territories.endMembership(request.actor, request.params.territory, request.params.organisationId, request.params.personId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/t/:territory/people',
    {
      schema: {
        tags,
        summary: 'People of the territory and their roles (facilitator, auditor)',
        params: TerritoryParams,
        response: { 200: Type.Object({ items: Type.Array(PersonInTerritorySchema) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: await territories.listPeople(request.actor, request.params.territory) }),
  );

  app.post(
    '/api/v1/t/:territory/people',
    {
      schema: {
        tags,
        summary: 'Add a person to the territory (facilitator)',
        params: TerritoryParams,
        body: Type.Object({ email: Type.String({ maxLength: 254 }), displayName: Type.String({ maxLength: 120 }) }),
        response: { 201: PersonInTerritorySchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await territories.addPerson(request.actor, request.params.territory, request.body)),
  );

  app.post(
    '/api/v1/t/:territory/people/:personId/invitation',
    {
      schema: {
        tags,
        summary: 'A one-time link (14 days) for a person without a password to choose one (facilitator)',
        params: Type.Object({ ...TerritoryParams.properties, personId: Type.String() }),
        response: { 201: Type.Object({ token: Type.String(), path: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await territories.invitePerson(request.actor, request.params.territory, request.params.personId)),
  );

  app.put(
    '/api/v1/t/:territory/people/:personId/roles',
    {
      schema: {
        tags,
        summary: "Set a person's territory roles (facilitator)",
        params: Type.Object({ ...TerritoryParams.properties, personId: Type.String() }),
        body: Type.Object({ roles: Type.Array(Type.String(), { maxItems: 10 }) }),
        response: { 200: PersonInTerritorySchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => territories.setRoles(request.actor, request.params.territory, request.params.personId, request.body.roles),
  );

  app.get(
    '/api/v1/t/:territory/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: "The territory's hash-chained audit trail, newest first (facilitator, auditor)",
        params: TerritoryParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })), beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                seq: Type.Integer(),
                occurredAt: Type.String(),
                actor: Nullable(Type.String()),
                action: Type.String(),
                targetType: Type.String(),
                targetId: Type.String(),
                change: Type.Unknown(),
                hash: Type.String(),
              }),
            ),
          }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => ({ items: await territories.auditTrail(request.actor, request.params.territory, request.query.limit ?? 100, request.query.beforeSeq) }),
  );
}
