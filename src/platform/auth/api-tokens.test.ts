import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../db/test-database.js';
import { createTestApp, TestClient } from '../http/test-client.js';
import { systemActor } from './actor.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';
const METROPOLE = { slug: 'amiens-metropole', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' };
const VILLE = { slug: 'amiens-ville', level: 'commune', inseeCode: '80021', currencyCode: 'GRAIN', currencyName: 'Le Grain' };

async function signUp(app: App, email: string, displayName: string): Promise<{ client: TestClient; id: string }> {
  const client = new TestClient(app);
  const response = await client.post('/api/v1/auth/sign-up', { email, password: PASSWORD, displayName });
  expect(response.statusCode).toBe(201);
  return { client, id: response.json().person.id };
}

/** A client that presents only an API token, as a script would. */
function machine(app: App, token: string): TestClient {
  const client = new TestClient(app);
  client.bearer = token;
  return client;
}

describeEachDatabase('API tokens', (ctx) => {
  let app: App;
  let claire: { client: TestClient; id: string };

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, METROPOLE);
    await app.services.territories.createTerritory(system, VILLE);
    claire = await signUp(app, 'claire@example.org', 'Claire');
    for (const slug of [METROPOLE.slug, VILLE.slug]) {
      await app.services.territories.addPerson(system, slug, { email: 'claire@example.org', displayName: 'Claire' });
      await app.services.territories.setRoles(system, slug, claire.id, ['facilitator']);
    }
  });
  afterEach(async () => app.close());

  const issue = async (client: TestClient, slug: string, body: { name: string; organisationId?: string }) => {
    const response = await client.post(`/api/v1/t/${slug}/api-tokens`, body);
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; token: string; name: string }>();
  };

  it('shows the secret once at issue; the list shows the token without its secret', async () => {
    const issued = await issue(claire.client, METROPOLE.slug, { name: 'Import nightly' });
    expect(issued.token).toMatch(/^p21_/);
    const list = await claire.client.get(`/api/v1/t/${METROPOLE.slug}/api-tokens`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      { id: issued.id, name: 'Import nightly', organisationId: null, createdAt: expect.any(String), lastUsedAt: null, revokedAt: null },
    ]);
    expect(list.body).not.toContain(issued.token.split('_')[3]);
  });

  it('acts for its holder as a Bearer token without any CSRF token, and records when it was last used', async () => {
    const { id, token } = await issue(claire.client, METROPOLE.slug, { name: 'Script' });
    const created = await machine(app, token).post(`/api/v1/t/${METROPOLE.slug}/organisations`, { name: 'Collectif Vélo', kind: 'citizen_collective' });
    expect(created.statusCode).toBe(201);
    expect((await machine(app, token).get('/api/v1/me')).json().person).toMatchObject({ email: 'claire@example.org' });
    const listed = (await claire.client.get(`/api/v1/t/${METROPOLE.slug}/api-tokens`)).json().items;
    expect(listed.find((t: { id: string }) => t.id === id).lastUsedAt).toEqual(expect.any(String));
  });

  it('acts as an anonymous reader in another territory: 403 on a facilitator action there, public reads still allowed', async () => {
    const { token } = await issue(claire.client, METROPOLE.slug, { name: 'Script' });
    const bot = machine(app, token);
    const refused = await bot.post(`/api/v1/t/${VILLE.slug}/organisations`, { name: 'Collectif Vélo', kind: 'citizen_collective' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect((await bot.get(`/api/v1/t/${VILLE.slug}/people`)).statusCode).toBe(403);
    expect((await bot.get(`/api/v1/t/${VILLE.slug}/organisations`)).json().items).toEqual([]);
    // The same person, signed in, is a facilitator there.
    expect((await claire.client.post(`/api/v1/t/${VILLE.slug}/organisations`, { name: 'Collectif Vélo', kind: 'citizen_collective' })).statusCode).toBe(201);
  });

  it("cannot list or revoke its holder's tokens of another territory", async () => {
    const metropoleToken = await issue(claire.client, METROPOLE.slug, { name: 'Métropole' });
    const villeToken = await issue(claire.client, VILLE.slug, { name: 'Ville' });
    const bot = machine(app, metropoleToken.token);
    expect((await bot.get(`/api/v1/t/${VILLE.slug}/api-tokens`)).statusCode).toBe(403);
    const revoke = await bot.delete(`/api/v1/t/${VILLE.slug}/api-tokens/${villeToken.id}`);
    expect(revoke.statusCode).toBe(403);
    expect((await machine(app, villeToken.token).get('/api/v1/me')).statusCode).toBe(200);
  });

  it('cannot make its holder join another territory', async () => {
    await app.services.territories.createTerritory(system, { ...VILLE, slug: 'abbeville', inseeCode: '80001' });
    const { token } = await issue(claire.client, METROPOLE.slug, { name: 'Script' });
    const response = await machine(app, token).post('/api/v1/t/abbeville/join');
    expect(response.statusCode).toBe(403);
    const territories = (await claire.client.get('/api/v1/me')).json().territories.map((t: { slug: string }) => t.slug);
    expect(territories).not.toContain('abbeville');
  });

  it('cannot issue another token: tokens come from a signed-in session only', async () => {
    const { token } = await issue(claire.client, METROPOLE.slug, { name: 'Script' });
    const response = await machine(app, token).post(`/api/v1/t/${METROPOLE.slug}/api-tokens`, { name: 'Child' });
    expect(response.statusCode).toBe(401);
    expect((await claire.client.get(`/api/v1/t/${METROPOLE.slug}/api-tokens`)).json().items).toHaveLength(1);
  });

  it('refuses a token for a territory the person has not joined', async () => {
    await app.services.territories.createTerritory(system, { ...VILLE, slug: 'abbeville', inseeCode: '80001' });
    const response = await claire.client.post('/api/v1/t/abbeville/api-tokens', { name: 'Script' });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('forbidden');
  });

  it('stops working once revoked: 401 unauthenticated afterwards, and the list shows when', async () => {
    const { id, token } = await issue(claire.client, METROPOLE.slug, { name: 'Script' });
    expect((await machine(app, token).get('/api/v1/me')).statusCode).toBe(200);
    const revoke = await claire.client.delete(`/api/v1/t/${METROPOLE.slug}/api-tokens/${id}`);
    expect(revoke.statusCode).toBe(204);
    const after = await machine(app, token).get(`/api/v1/t/${METROPOLE.slug}/organisations`);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
    expect((await claire.client.get(`/api/v1/t/${METROPOLE.slug}/api-tokens`)).json().items[0].revokedAt).toEqual(expect.any(String));
    expect((await claire.client.delete(`/api/v1/t/${METROPOLE.slug}/api-tokens/${id}`)).statusCode).toBe(404);
  });

  it("does not let another person revoke someone's token", async () => {
    const { id, token } = await issue(claire.client, METROPOLE.slug, { name: 'Script' });
    const bob = await signUp(app, 'bob@example.org', 'Bob');
    expect((await bob.client.post(`/api/v1/t/${METROPOLE.slug}/join`)).statusCode).toBe(204);
    expect((await bob.client.delete(`/api/v1/t/${METROPOLE.slug}/api-tokens/${id}`)).statusCode).toBe(404);
    expect((await machine(app, token).get('/api/v1/me')).statusCode).toBe(200);
  });

  it('answers an unknown, garbled or forged bearer with 401 unauthenticated', async () => {
    const { token } = await issue(claire.client, METROPOLE.slug, { name: 'Script' });
    const [prefix, territoryId, tokenId, secret] = token.split('_') as [string, string, string, string];
    const forged = [prefix, territoryId, tokenId, `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`].join('_');
    const unknownId = [prefix, territoryId, '0190a0a0-0000-7000-8000-000000000000', secret].join('_');
    for (const bearer of ['garbage', 'p21_a_b', forged, unknownId]) {
      const response = await machine(app, bearer).get(`/api/v1/t/${METROPOLE.slug}/organisations`);
      expect(response.statusCode, bearer).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('unauthenticated');
    }
  });
});

describeEachDatabase('API tokens scoped to an organisation', (ctx) => {
  let app: App;
  let bob: { client: TestClient; id: string };
  let ressourcerie: string;
  let garage: string;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, METROPOLE);
    ressourcerie = (await app.services.territories.createOrganisation(system, METROPOLE.slug, { name: 'Ressourcerie', kind: 'association', siret: '73282932000074' })).id;
    garage = (await app.services.territories.createOrganisation(system, METROPOLE.slug, { name: 'Garage solidaire', kind: 'citizen_collective' })).id;
    bob = await signUp(app, 'bob@example.org', 'Bob');
    for (const id of [ressourcerie, garage]) {
      await app.services.territories.addMember(system, METROPOLE.slug, id, { email: 'bob@example.org', role: 'representative' });
    }
  });
  afterEach(async () => app.close());

  it("gives the representative's rights for that organisation only", async () => {
    const issued = await bob.client.post(`/api/v1/t/${METROPOLE.slug}/api-tokens`, { name: 'ERP', organisationId: ressourcerie });
    expect(issued.statusCode).toBe(201);
    expect(issued.json().organisationId).toBe(ressourcerie);
    const bot = machine(app, issued.json().token);
    const own = await bot.patch(`/api/v1/t/${METROPOLE.slug}/organisations/${ressourcerie}`, { address: '12 rue des Jacobins' });
    expect(own.statusCode).toBe(200);
    expect(own.json().address).toBe('12 rue des Jacobins');
    const other = await bot.patch(`/api/v1/t/${METROPOLE.slug}/organisations/${garage}`, { address: '1 place Gambetta' });
    expect(other.statusCode).toBe(403);
    expect((await bob.client.get(`/api/v1/t/${METROPOLE.slug}/organisations/${garage}`)).json().address).toBeNull();
    // Signed in, Bob still represents both.
    expect((await bob.client.patch(`/api/v1/t/${METROPOLE.slug}/organisations/${garage}`, { address: '1 place Gambetta' })).statusCode).toBe(200);
  });

  it('refuses a token for an organisation the person is not a member of', async () => {
    const other = (await app.services.territories.createOrganisation(system, METROPOLE.slug, { name: 'Autre', kind: 'citizen_collective' })).id;
    const response = await bob.client.post(`/api/v1/t/${METROPOLE.slug}/api-tokens`, { name: 'ERP', organisationId: other });
    expect(response.statusCode).toBe(403);
    expect((await bob.client.get(`/api/v1/t/${METROPOLE.slug}/api-tokens`)).json().items).toEqual([]);
  });
});
