import { Type } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from './server.js';
import { Nullable } from './schemas.js';

describe('request validation', () => {
  let app: HttpServer;
  beforeAll(async () => {
    app = await createHttpServer({
      cookieSecret: 'a-test-secret-of-at-least-32-characters',
      secureCookies: false,
      logLevel: 'silent',
      databaseDialect: 'sqlite',
      pingDatabase: async () => undefined,
      trustProxy: false,
      resolveActor: async () => undefined,
    });
    app.post(
      '/echo',
      {
        schema: {
          querystring: Type.Object({ limit: Type.Optional(Type.Integer()), tags: Type.Optional(Type.Array(Type.String())) }),
          body: Type.Object({ baseline: Nullable(Type.Number()), unit: Nullable(Type.String()), year: Nullable(Type.Integer()) }),
        },
      },
      async (request) => ({ query: request.query, body: request.body }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('keeps a null sent in a JSON body as null, and a zero as zero', async () => {
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { baseline: null, unit: null, year: 0 } });
    expect(response.statusCode).toBe(200);
    expect(response.json().body).toEqual({ baseline: null, unit: null, year: 0 });
  });

  it('refuses a number sent as text in a JSON body instead of converting it', async () => {
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { baseline: '12', unit: null, year: null } });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'validation_error' });
  });

  it('still reads numbers and lists from the query string', async () => {
    const response = await app.inject({ method: 'POST', url: '/echo?limit=12&tags=a', payload: { baseline: 1.5, unit: 't', year: 2026 } });
    expect(response.statusCode).toBe(200);
    expect(response.json().query).toEqual({ limit: 12, tags: ['a'] });
  });
});
