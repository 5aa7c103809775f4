import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/test-database.js';
import { createTestApp, TestClient } from '../http/test-client.js';
import { systemActor } from './actor.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';

describeEachDatabase('invitations', (ctx) => {
  let app: App;
  let facilitator: TestClient;
  let inviteeId: string;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    const t = app.services.territories;
    await t.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    const claire = await app.services.auth.createAccount(system, { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    await t.addPerson(system, 'amiens', { email: claire.email, displayName: 'Claire' });
    await t.setRoles(system, 'amiens', claire.id, ['facilitator']);
    facilitator = new TestClient(app);
    await facilitator.signIn(claire.email, PASSWORD);
    inviteeId = (await facilitator.post('/api/v1/t/amiens/people', { email: 'nadia@example.org', displayName: 'Nadia' })).json().id;
  });
  afterEach(async () => app.close());

  it('lets a person added by a facilitator choose a password through a one-time link, then sign in', async () => {
    const invitation = await facilitator.post(`/api/v1/t/amiens/people/${inviteeId}/invitation`);
    expect(invitation.statusCode).toBe(201);
    const { token, path } = invitation.json();
    expect(path).toBe(`/invitation/${token}`);

    const nadia = new TestClient(app);
    const accepted = await nadia.post('/api/v1/auth/invitations/accept', { token, password: 'une-phrase-de-passe-longue' });
    expect(accepted.statusCode).toBe(200);
    expect((await nadia.get('/api/v1/auth/session')).json().person).toMatchObject({ email: 'nadia@example.org' });

    const again = await new TestClient(app).post('/api/v1/auth/invitations/accept', { token, password: 'another-long-password' });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('invitation_used');
    expect((await new TestClient(app).signIn('nadia@example.org', 'une-phrase-de-passe-longue')).statusCode).toBe(200);
  });

  it('refuses an unknown link, and an invitation for someone who already has a password', async () => {
    const unknown = await new TestClient(app).post('/api/v1/auth/invitations/accept', { token: 'not-a-token', password: 'une-phrase-de-passe-longue' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('invitation_not_found');
    const token = (await facilitator.post(`/api/v1/t/amiens/people/${inviteeId}/invitation`)).json().token;
    await new TestClient(app).post('/api/v1/auth/invitations/accept', { token, password: 'une-phrase-de-passe-longue' });
    const second = await facilitator.post(`/api/v1/t/amiens/people/${inviteeId}/invitation`);
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('already_has_password');
  });

  it('lets only a facilitator issue invitations', async () => {
    const citizen = new TestClient(app);
    await citizen.post('/api/v1/auth/sign-up', { email: 'paul@example.org', password: PASSWORD, displayName: 'Paul' });
    await citizen.refreshCsrf();
    await citizen.post('/api/v1/t/amiens/join');
    const response = await citizen.post(`/api/v1/t/amiens/people/${inviteeId}/invitation`);
    expect(response.statusCode).toBe(403);
  });
});
