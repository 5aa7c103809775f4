import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../db/test-database.js';
import { createTestApp, TestClient } from '../http/test-client.js';
import { systemActor } from './actor.js';
import { SESSION_COOKIE } from './sessions.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';
const ORGANISATION = { name: 'Ressourcerie du Val de Somme', kind: 'association', siret: '73282932000074' };

const sessionCookieOf = (response: LightMyRequestResponse) => response.cookies.find((c) => c.name === SESSION_COOKIE);

describeEachDatabase('sign-up, sign-in and sign-out', (ctx) => {
  let app: App;
  let browser: TestClient;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    browser = new TestClient(app);
  });
  afterEach(async () => app.close());

  it('signs up with 201, sets an HttpOnly SameSite session cookie, and the session then shows the person', async () => {
    const response = await browser.post('/api/v1/auth/sign-up', { email: 'Claire@Example.org ', password: PASSWORD, displayName: 'Claire' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ person: { id: expect.any(String), email: 'claire@example.org', displayName: 'Claire' } });
    const cookie = sessionCookieOf(response);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie!.value.length).toBeGreaterThan(20);

    const session = await browser.get('/api/v1/auth/session');
    expect(session.json()).toMatchObject({ person: { email: 'claire@example.org', displayName: 'Claire' }, csrfToken: expect.any(String) });
  });

  it('refuses a second account with the same email (any case) with 409 email_taken', async () => {
    expect((await browser.post('/api/v1/auth/sign-up', { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' })).statusCode).toBe(201);
    const other = new TestClient(app);
    const response = await other.post('/api/v1/auth/sign-up', { email: 'CLAIRE@example.org', password: 'another-long-password', displayName: 'Other' });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 409, code: 'email_taken', errors: [{ field: 'email', code: 'email_taken' }] });
    expect(sessionCookieOf(response)).toBeUndefined();
  });

  it('refuses a short password with 422 password_too_short on the password field, and creates no account', async () => {
    const response = await browser.post('/api/v1/auth/sign-up', { email: 'claire@example.org', password: 'short', displayName: 'Claire' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'password_too_short', errors: [{ field: 'password', code: 'password_too_short' }] });
    expect(sessionCookieOf(response)).toBeUndefined();
    expect((await browser.signIn('claire@example.org', 'short')).statusCode).toBe(401);
  });

  it('lists every field at fault when several are wrong', async () => {
    const response = await browser.post('/api/v1/auth/sign-up', { email: 'not-an-email', password: 'short', displayName: ' ' });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('validation_error');
    expect(response.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['displayName', 'email', 'password']);
  });

  it('signs in with the right password, whatever the case of the email', async () => {
    await app.services.auth.createAccount(system, { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    const response = await browser.signIn('  Claire@EXAMPLE.org', PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ person: { email: 'claire@example.org' } });
    expect(sessionCookieOf(response)).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect((await browser.get('/api/v1/auth/session')).json().person).toMatchObject({ displayName: 'Claire' });
  });

  it('answers a wrong password and an unknown email with the same 401 invalid_credentials body', async () => {
    await app.services.auth.createAccount(system, { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    const wrongPassword = await browser.signIn('claire@example.org', 'not-the-right-password');
    const unknownEmail = await browser.signIn('nobody@example.org', 'not-the-right-password');
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.json()).toMatchObject({ code: 'invalid_credentials' });
    expect(unknownEmail.statusCode).toBe(401);
    expect(unknownEmail.json()).toEqual(wrongPassword.json());
    expect(sessionCookieOf(wrongPassword)).toBeUndefined();
    expect((await browser.get('/api/v1/auth/session')).json().person).toBeNull();
  });

  it('refuses to sign in a person who was added by a facilitator and never chose a password', async () => {
    await app.services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    await app.services.territories.addPerson(system, 'amiens', { email: 'invited@example.org', displayName: 'Invited' });
    const response = await browser.signIn('invited@example.org', '');
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('invalid_credentials');
  });

  it('closes the session on sign-out: the old cookie no longer signs anyone in', async () => {
    const signUp = await browser.post('/api/v1/auth/sign-up', { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    const oldCookie = `${SESSION_COOKIE}=${sessionCookieOf(signUp)!.value}`;
    expect((await app.http.inject({ url: '/api/v1/me', headers: { cookie: oldCookie } })).statusCode).toBe(200);

    const signOut = await browser.post('/api/v1/auth/sign-out');
    expect(signOut.statusCode).toBe(204);
    expect(sessionCookieOf(signOut)?.value).toBe('');
    expect((await browser.get('/api/v1/auth/session')).json().person).toBeNull();

    const replay = await app.http.inject({ url: '/api/v1/me', headers: { cookie: oldCookie } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('unauthenticated');
  });

  it('answers malformed JSON with 400 problem+json malformed_json', async () => {
    const response = await browser.request('POST', '/api/v1/auth/sign-in', '{"email": "claire@example.org", ', { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, code: 'malformed_json' });
  });

  it('answers a body of the wrong shape with 422 validation_error naming the missing field', async () => {
    const response = await browser.post('/api/v1/auth/sign-in', { email: 'claire@example.org' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'validation_error', errors: [{ field: 'password', code: 'required' }] });
  });
});

describeEachDatabase('CSRF protection', (ctx) => {
  let app: App;
  let browser: TestClient;
  let sessionCookie: string;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    browser = new TestClient(app);
    const signUp = await browser.post('/api/v1/auth/sign-up', { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    sessionCookie = `${SESSION_COOKIE}=${sessionCookieOf(signUp)!.value}`;
    await app.services.territories.addPerson(system, 'amiens', { email: 'claire@example.org', displayName: 'Claire' });
    await app.services.territories.setRoles(system, 'amiens', signUp.json().person.id, ['facilitator']);
  });
  afterEach(async () => app.close());

  const organisationCount = async () => (await browser.get('/api/v1/t/amiens/organisations')).json().items.length;

  it('refuses a POST with the session cookie but a wrong CSRF token with 403 csrf_token_invalid, and changes nothing', async () => {
    const response = await browser.request('POST', '/api/v1/t/amiens/organisations', ORGANISATION, { 'x-csrf-token': 'wrong' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('csrf_token_invalid');
    expect(await organisationCount()).toBe(0);
    expect((await browser.post('/api/v1/t/amiens/organisations', ORGANISATION)).statusCode).toBe(201);
  });

  it('refuses a POST carrying only the session cookie (no CSRF cookie, no header), and changes nothing', async () => {
    const response = await app.http.inject({ method: 'POST', url: '/api/v1/t/amiens/organisations', headers: { cookie: sessionCookie }, payload: ORGANISATION });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf_token_invalid');
    expect(await organisationCount()).toBe(0);
  });

  it('refuses a POST with both cookies but no CSRF header, and changes nothing', async () => {
    const session = await app.http.inject({ url: '/api/v1/auth/session', headers: { cookie: sessionCookie } });
    const csrfCookie = session.cookies.find((c) => c.name === 'pacte21_csrf')!;
    const response = await app.http.inject({
      method: 'POST',
      url: '/api/v1/t/amiens/organisations',
      headers: { cookie: `${sessionCookie}; pacte21_csrf=${csrfCookie.value}` },
      payload: ORGANISATION,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf_token_invalid');
    expect(await organisationCount()).toBe(0);
  });

  it('does not exempt a request from CSRF because it carries an empty Bearer header', async () => {
    const response = await app.http.inject({
      method: 'POST',
      url: '/api/v1/t/amiens/organisations',
      headers: { cookie: sessionCookie, authorization: 'Bearer ' },
      payload: ORGANISATION,
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthenticated');
    expect(await organisationCount()).toBe(0);
  });

  it('refuses sign-out without a CSRF token, so another site cannot sign the person out', async () => {
    const response = await browser.request('POST', '/api/v1/auth/sign-out', {}, { 'x-csrf-token': 'wrong' });
    expect(response.statusCode).toBe(403);
    expect((await browser.get('/api/v1/auth/session')).json().person).toMatchObject({ email: 'claire@example.org' });
  });
});

describeEachDatabase('sign-in rate limit', (ctx) => {
  let app: App;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle, { signInRateLimit: { max: 3, timeWindow: '1 minute' } });
    await app.services.auth.createAccount(system, { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
  });
  afterEach(async () => app.close());

  it('answers 429 too_many_requests after too many attempts, even with the right password', async () => {
    const browser = new TestClient(app);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await browser.signIn('claire@example.org', 'guessed-password')).statusCode).toBe(401);
    }
    const blocked = await browser.signIn('claire@example.org', PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.json().code).toBe('too_many_requests');
    expect(sessionCookieOf(blocked)).toBeUndefined();
    expect((await browser.get('/api/v1/auth/session')).json().person).toBeNull();
  });

  it('cannot be dodged by sending a different X-Forwarded-For on each attempt', async () => {
    const browser = new TestClient(app);
    const attempt = (n: number) =>
      browser.request('POST', '/api/v1/auth/sign-in', { email: 'claire@example.org', password: 'guessed-password' }, { 'x-forwarded-for': `203.0.113.${n}` });
    for (let n = 0; n < 3; n += 1) expect((await attempt(n)).statusCode).toBe(401);
    expect((await attempt(3)).statusCode).toBe(429);
  });
});
