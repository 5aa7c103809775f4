import { afterEach, beforeEach, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describeEachDatabase } from '../db/test-database.js';
import { createTestApp, TestClient } from './test-client.js';
import type { App } from '../../app.js';

describeEachDatabase('HTTP surface: OpenAPI, docs, health, headers, unknown routes', (ctx) => {
  let app: App;
  let visitor: TestClient;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    visitor = new TestClient(app);
  });
  afterEach(async () => app.close());

  it('serves a valid OpenAPI 3.1 document listing the routes', async () => {
    const response = await visitor.get('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/session',
        '/api/v1/auth/sign-in',
        '/api/v1/auth/sign-up',
        '/api/v1/t/{territory}',
        '/api/v1/t/{territory}/organisations',
        '/api/v1/t/{territory}/organisations/{organisationId}',
        '/api/v1/t/{territory}/organisations/import',
        '/api/v1/t/{territory}/people',
        '/api/v1/t/{territory}/audit-events',
        '/api/v1/t/{territory}/api-tokens',
      ]),
    );
    expect(Object.keys(doc.paths['/api/v1/t/{territory}/organisations'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.components.schemas).toHaveProperty('Problem');
    expect(doc.components.schemas).toHaveProperty('Organisation');
    expect(doc.paths).not.toHaveProperty('/api/health');
  });

  it('resolves every $ref in the document to a schema it holds', async () => {
    const doc = (await visitor.get('/api/v1/openapi.json')).json();
    const refs = new Set<string>();
    JSON.stringify(doc, (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') refs.add(value);
      return value;
    });
    expect(refs.size).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas, ref).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
  });

  it('serves the human API documentation as HTML', async () => {
    const page = await visitor.get('/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger-ui');
  });

  it('answers the health check with the database in use', async () => {
    const response = await visitor.get('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: ctx.dialect });
  });

  it('sends security headers', async () => {
    const response = await visitor.get('/api/v1/territories');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers an unknown API route with 404 problem+json not_found', async () => {
    const response = await visitor.get('/api/v1/nothing-here?x=1');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Not Found', detail: expect.stringContaining('/api/v1/nothing-here') });
  });

  it('answers an unknown territory with 404 not_found', async () => {
    const response = await visitor.get('/api/v1/t/nowhere/organisations');
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
  });
});
