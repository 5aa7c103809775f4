import fs from 'node:fs';
import path from 'node:path';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { anonymous, type Actor } from '../auth/actor.js';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { unauthenticated } from '../errors.js';
import { problemOfRequest, sendProblem, toProblemError } from './problem.js';
import { ProblemSchema } from './schemas.js';

export type HttpServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    /**
     * A POST that only computes an answer from its body (verifying a credential): it changes nothing and
     * does not depend on who asks, so a forged cross-site request gains nothing and CSRF is not checked.
     */
    changesNothing?: boolean;
  }
}

export interface HttpServerOptions {
  /** Signs the CSRF secret cookie; must be the same on every server behind a load balancer. */
  readonly cookieSecret: string;
  /** Set cookies with `Secure` (behind HTTPS in production). */
  readonly secureCookies: boolean;
  readonly logLevel: string;
  /** The built web app (`dist/web`); served at `/` when it exists. */
  readonly webRoot?: string;
  readonly databaseDialect: string;
  /** Answers whether the database responds, for the health check. */
  readonly pingDatabase: () => Promise<void>;
  readonly trustProxy: boolean;
  readonly resolveActor: (request: { sessionSecret?: string; bearer?: string }) => Promise<Actor | undefined>;
  readonly signInRateLimit?: { max: number; timeWindow: string };
}

const AJV_OPTIONS = { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true } as const;
const ajvCompilers = AjvCompiler();

/**
 * Query strings, path parameters and headers arrive as text, so their values are coerced to the schema's
 * types ("12" → 12, "a" → ["a"]). A JSON body already carries its types: coercing it would turn a `null`
 * sent for a nullable number into 0 and for a nullable string into "" (Ajv tries the union's first branch
 * with coercion), so bodies are validated as they are.
 */
const buildValidatorByPart: AjvCompiler.ValidatorFactory = (externalSchemas, options) => {
  const coercing = ajvCompilers(externalSchemas, options);
  const exact = ajvCompilers(externalSchemas, { customOptions: { ...AJV_OPTIONS, coerceTypes: false } });
  return (route) => (route.httpPart === 'body' ? exact(route) : coercing(route));
};

const compileSerializers = SerializerSelector();
const serializersBySchema = new WeakMap<object, Map<string, SerializerSelector.Serializer>>();

/**
 * Response serializers (fast-json-stringify) are built on a route's first answer and kept per schema
 * for the life of the process. Built eagerly, the few hundred routes' serializers took ~7 s at every
 * start, paid again by each test that starts an app; the schemas are module constants, so a serializer
 * built once serves every app in the process (keyed too by the shared schemas it may refer to).
 */
const buildSerializerOnFirstUse: SerializerSelector.SerializerFactory = (externalSchemas, options) => {
  const compile = compileSerializers(externalSchemas, options);
  const sharedKey = Object.keys((externalSchemas ?? {}) as object).sort().join(' ');
  return (route) => {
    let serialize: SerializerSelector.Serializer | undefined;
    return (data) => {
      serialize ??= (() => {
        const schema = route.schema as object;
        const known = serializersBySchema.get(schema) ?? new Map<string, SerializerSelector.Serializer>();
        serializersBySchema.set(schema, known);
        const built = known.get(sharedKey) ?? compile(route);
        known.set(sharedKey, built);
        return built;
      })();
      return serialize(data);
    };
  };
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    trustProxy: options.trustProxy,
    bodyLimit: 20 * 1024 * 1024,
    ajv: { customOptions: AJV_OPTIONS },
    schemaController: { compilersFactory: { buildValidator: buildValidatorByPart, buildSerializer: buildSerializerOnFirstUse } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as HttpServer;

  app.addSchema(ProblemSchema);
  // Decorated with null (Fastify's advice for per-request values) and set on every request below.
  app.decorateRequest('actor');

  // CSV uploads arrive as text; JSON is parsed by Fastify itself.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(fastifyCookie, { secret: options.cookieSecret });
  await app.register(fastifyCsrf, {
    cookieKey: 'pacte21_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: options.secureCookies },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(fastifyRateLimit, { global: false });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pacte 21 API',
        version: '1',
        description:
          "The API of Pacte 21: a territory's sustainable-economy pact. Errors are RFC 9457 problem+json with a stable `code`. " +
          'Browsers sign in with a session cookie and send the `x-csrf-token` header (from GET /api/v1/auth/session) on every change; ' +
          'machines send `Authorization: Bearer <token>`.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.addHook('onRequest', async (request) => {
    request.actor = anonymous;
    const auth = request.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    // A Bearer header exempts the request from CSRF, so an empty one must not fall back to the cookie.
    if (bearer === '') throw unauthenticated();
    const sessionSecret = request.cookies[SESSION_COOKIE];
    if (!bearer && !sessionSecret) return;
    const actor = await options.resolveActor({ ...(bearer ? { bearer } : {}), ...(sessionSecret ? { sessionSecret } : {}) });
    // A bearer token that does not resolve is refused outright; a stale cookie just reads as anonymous.
    if (bearer && !actor) throw unauthenticated();
    request.actor = actor ?? anonymous;
  });

  // Browsers must prove the request comes from our pages; bearer clients are not exposed to CSRF.
  // Checked before validation, so a forged request learns nothing about the body it sent.
  app.addHook('preValidation', (request, reply, done) => {
    if (
      !UNSAFE_METHODS.has(request.method) ||
      request.headers.authorization?.startsWith('Bearer ') ||
      !request.url.startsWith('/api/') ||
      request.routeOptions.config.changesNothing === true
    ) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });

  app.setErrorHandler((error, request, reply) => {
    return sendProblem(request, reply, problemOfRequest(request, error));
  });

  app.get('/api/health', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await options.pingDatabase();
      return { status: 'ok', database: options.databaseDialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: options.databaseDialect });
    }
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webRoot = options.webRoot && fs.existsSync(path.join(options.webRoot, 'index.html')) ? options.webRoot : undefined;
  if (webRoot) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: 'index.html' });
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split('?')[0]!;
    // A missing asset (a name with an extension) is a 404, not the app's shell.
    if (request.url.startsWith('/api/') || !webRoot || request.method !== 'GET' || /\.[a-z0-9]+$/i.test(pathname)) {
      return sendProblem(request, reply, toProblemError(Object.assign(new Error(`No route for ${request.method} ${request.url.split('?')[0]}.`), { statusCode: 404 })));
    }
    // The web app routes on the client: every other GET gets its shell.
    return reply.type('text/html').sendFile('index.html');
  });

  return app;
}
