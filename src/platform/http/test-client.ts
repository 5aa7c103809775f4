import type { LightMyRequestResponse } from 'fastify';
import { createApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { DatabaseHandle } from '../db/connect.js';

/**
 * A browser-like client over fastify.inject: it keeps cookies and sends the CSRF token, so tests
 * exercise the same path as the web app. `bearer` switches it to a machine client.
 */
export class TestClient {
  private cookies = new Map<string, string>();
  private csrfToken: string | undefined;
  bearer: string | undefined;

  constructor(readonly app: App) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const unsafe = method !== 'GET' && method !== 'HEAD';
    if (unsafe && !this.bearer && !this.csrfToken && !headers['x-csrf-token']) await this.refreshCsrf();
    const response = await this.app.http.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(this.cookies.size > 0 ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...(unsafe && !this.bearer && this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
        ...(typeof body === 'string' ? { 'content-type': 'text/csv' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  put = (url: string, body?: unknown) => this.request('PUT', url, body ?? {});
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body ?? {});
  delete = (url: string) => this.request('DELETE', url);

  async refreshCsrf(): Promise<void> {
    const response = await this.request('GET', '/api/v1/auth/session');
    this.csrfToken = response.json<{ csrfToken: string }>().csrfToken;
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    const response = await this.post('/api/v1/auth/sign-in', { email, password });
    await this.refreshCsrf();
    return response;
  }
}

/** The whole app over a test database, quiet, with a rate limit high enough not to interfere. */
export async function createTestApp(database: DatabaseHandle, overrides: Parameters<typeof loadConfig>[0] = {}): Promise<App> {
  return createApp(
    loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', webRoot: '/nonexistent', signInRateLimit: { max: 1000, timeWindow: '1 minute' }, ...overrides }),
    { database, migrate: false },
  );
}
