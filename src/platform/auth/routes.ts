import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { HttpServer } from '../http/server.js';
import { errorResponses, Nullable, refTo, TerritoryParams } from '../http/schemas.js';
import { SESSION_COOKIE } from './sessions.js';
import type { AuthService } from './service.js';

const PersonSchema = Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String() }, { $id: 'Person' });
const personRef = refTo(PersonSchema);

const ApiTokenSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    organisationId: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
    revokedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'ApiToken' },
);
const apiTokenRef = refTo(ApiTokenSchema);

const Credentials = Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 256 }) });

export interface AuthRoutesOptions {
  readonly secureCookies: boolean;
  readonly signInRateLimit: { max: number; timeWindow: string };
}

export function registerAuthRoutes(app: HttpServer, auth: AuthService, options: AuthRoutesOptions): void {
  app.addSchema(PersonSchema);
  app.addSchema(ApiTokenSchema);

  const setSessionCookie = (reply: FastifyReply, secret: string) =>
    reply.setCookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'lax', path: '/', secure: options.secureCookies, maxAge: 14 * 86_400 });
  const publicPerson = (p: { id: string; email: string; displayName: string }) => ({ id: p.id, email: p.email, displayName: p.displayName });

  app.get(
    '/api/v1/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, and the CSRF token to send as x-csrf-token on every change',
        response: { 200: Type.Object({ person: Nullable(personRef), csrfToken: Type.String() }) },
      },
    },
    async (request, reply) => {
      const person = await auth.personOf(request.actor);
      return { person: person && publicPerson(person), csrfToken: reply.generateCsrf() };
    },
  );

  app.post(
    '/api/v1/auth/sign-up',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account and sign in',
        body: Type.Object({ ...Credentials.properties, displayName: Type.String({ maxLength: 120 }) }),
        response: { 201: Type.Object({ person: personRef }), ...errorResponses(403, 409) },
      },
      config: { rateLimit: options.signInRateLimit },
    },
    async (request, reply) => {
      const { person, sessionSecret } = await auth.signUp(request.body);
      setSessionCookie(reply, sessionSecret);
      return reply.status(201).send({ person: publicPerson(person) });
    },
  );

  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password (rate limited)',
        body: Credentials,
        response: { 200: Type.Object({ person: personRef }), ...errorResponses(401, 403, 429) },
      },
      config: { rateLimit: options.signInRateLimit },
    },
    async (request, reply) => {
      const { person, sessionSecret } = await auth.signIn(request.body);
      setSessionCookie(reply, sessionSecret);
      return { person: publicPerson(person) };
    },
  );

  app.post(
    '/api/v1/auth/invitations/accept',
    {
      schema: {
        tags: ['auth'],
        summary: 'Accept an invitation: choose a password (and name), and be signed in',
        body: Type.Object({ token: Type.String({ maxLength: 100 }), password: Type.String({ maxLength: 256 }), displayName: Type.Optional(Type.String({ maxLength: 120 })) }),
        response: { 200: Type.Object({ person: personRef }), ...errorResponses(403, 404, 410, 429) },
      },
      config: { rateLimit: options.signInRateLimit },
    },
    async (request, reply) => {
      const { person, sessionSecret } = await auth.acceptInvitation(request.body);
      setSessionCookie(reply, sessionSecret);
      return { person: publicPerson(person) };
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'Sign out (closes the session on the server)', response: { 204: Type.Null(), ...errorResponses(403) } } },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await auth.signOut(secret);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/t/:territory/api-tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'My API tokens for this territory',
        params: TerritoryParams,
        response: { 200: Type.Object({ items: Type.Array(apiTokenRef) }), ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ items: await auth.listApiTokens(request.actor, request.params.territory) }),
  );

  app.post(
    '/api/v1/t/:territory/api-tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Issue an API token scoped to this territory (and optionally one of my organisations); the secret is shown once',
        params: TerritoryParams,
        body: Type.Object({ name: Type.String({ maxLength: 100 }), organisationId: Type.Optional(Nullable(Type.String())) }),
        response: { 201: Type.Object({ ...ApiTokenSchema.properties, token: Type.String() }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const issued = await auth.issueApiToken(request.actor, request.params.territory, {
        name: request.body.name,
        organisationId: request.body.organisationId ?? null,
      });
      return reply.status(201).send(issued);
    },
  );

  app.delete(
    '/api/v1/t/:territory/api-tokens/:tokenId',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of my API tokens',
        params: Type.Object({ ...TerritoryParams.properties, tokenId: Type.String() }),
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await auth.revokeApiToken(request.actor, request.params.territory, request.params.tokenId);
      return reply.status(204).send(null);
    },
  );
}
