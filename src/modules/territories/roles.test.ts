import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { systemActor } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';
const AMIENS = { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' };
const T = '/api/v1/t/amiens';
const NEW_ORGANISATION = { name: 'Garage solidaire', kind: 'citizen_collective' };

async function signUp(app: App, email: string, displayName: string): Promise<{ client: TestClient; id: string }> {
  const client = new TestClient(app);
  const response = await client.post('/api/v1/auth/sign-up', { email, password: PASSWORD, displayName });
  expect(response.statusCode).toBe(201);
  return { client, id: response.json().person.id };
}

/** Signs a person up and gives them territory roles in Amiens. */
async function withRoles(app: App, email: string, roles: string[]): Promise<{ client: TestClient; id: string }> {
  const person = await signUp(app, email, email.split('@')[0]!);
  await app.services.territories.addPerson(system, 'amiens', { email, displayName: email.split('@')[0]! });
  if (roles.length > 0) await app.services.territories.setRoles(system, 'amiens', person.id, roles);
  return person;
}

describeEachDatabase('roles: facilitator', (ctx) => {
  let app: App;
  let claire: { client: TestClient; id: string };

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, AMIENS);
    claire = await withRoles(app, 'claire@example.org', ['facilitator']);
  });
  afterEach(async () => app.close());

  it('creates organisations, adds people, sets their roles and reads the people and the audit trail', async () => {
    expect((await claire.client.post(`${T}/organisations`, NEW_ORGANISATION)).statusCode).toBe(201);
    const added = await claire.client.post(`${T}/people`, { email: 'Denis@Example.org', displayName: 'Denis' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ email: 'denis@example.org', displayName: 'Denis', roles: [] });
    const roles = await claire.client.put(`${T}/people/${added.json().id}/roles`, { roles: ['auditor', 'currency_operator'] });
    expect(roles.statusCode).toBe(200);
    expect(roles.json().roles.sort()).toEqual(['auditor', 'currency_operator']);

    const people = (await claire.client.get(`${T}/people`)).json().items;
    expect(people.find((p: { email: string }) => p.email === 'denis@example.org').roles.sort()).toEqual(['auditor', 'currency_operator']);
    const audit = await claire.client.get(`${T}/audit-events`);
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items.slice(0, 3).map((e: { action: string }) => e.action)).toEqual(['person.roles_set', 'person.added', 'organisation.created']);
  });

  it('rejects an unknown role with 422 invalid_role on the roles field, and changes nothing', async () => {
    const denis = await claire.client.post(`${T}/people`, { email: 'denis@example.org', displayName: 'Denis' });
    const response = await claire.client.put(`${T}/people/${denis.json().id}/roles`, { roles: ['auditor', 'mayor'] });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'invalid_role', errors: [{ field: 'roles' }] });
    expect((await claire.client.get(`${T}/people`)).json().items.find((p: { id: string }) => p.id === denis.json().id).roles).toEqual([]);
  });

  it('cannot set roles of someone who is not in the territory (404)', async () => {
    const stranger = await app.services.auth.createAccount(system, { email: 'stranger@example.org', password: PASSWORD, displayName: 'Stranger' });
    const response = await claire.client.put(`${T}/people/${stranger.id}/roles`, { roles: ['auditor'] });
    expect(response.statusCode).toBe(404);
  });

  it('keeps the only facilitator: dropping the role answers 409 last_facilitator and the role stays', async () => {
    const response = await claire.client.put(`${T}/people/${claire.id}/roles`, { roles: ['auditor'] });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'last_facilitator', errors: [{ field: 'roles', code: 'last_facilitator' }] });
    const me = (await claire.client.get(`${T}/people`)).json().items.find((p: { id: string }) => p.id === claire.id);
    expect(me.roles).toEqual(['facilitator']);
  });

  it('lets a facilitator step down once another one is named', async () => {
    const denis = await claire.client.post(`${T}/people`, { email: 'denis@example.org', displayName: 'Denis' });
    expect((await claire.client.put(`${T}/people/${denis.json().id}/roles`, { roles: ['facilitator'] })).statusCode).toBe(200);
    const response = await claire.client.put(`${T}/people/${claire.id}/roles`, { roles: ['auditor'] });
    expect(response.statusCode).toBe(200);
    expect(response.json().roles).toEqual(['auditor']);
    // Now an auditor: reads people, cannot add organisations.
    expect((await claire.client.post(`${T}/organisations`, NEW_ORGANISATION)).statusCode).toBe(403);
  });
});

describeEachDatabase('roles: citizen', (ctx) => {
  let app: App;
  let cyril: { client: TestClient; id: string };

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, AMIENS);
    await app.services.territories.addPerson(system, 'amiens', { email: 'denis@example.org', displayName: 'Denis' });
    cyril = await signUp(app, 'cyril@example.org', 'Cyril');
    expect((await cyril.client.post(`${T}/join`)).statusCode).toBe(204);
  });
  afterEach(async () => app.close());

  it('is refused every facilitator action with 403 forbidden, and nothing changes', async () => {
    const denis = (await app.services.territories.listPeople(system, 'amiens')).find((p) => p.email === 'denis@example.org')!;
    const attempts: [string, () => Promise<LightMyRequestResponse>][] = [
      ['create organisation', () => cyril.client.post(`${T}/organisations`, NEW_ORGANISATION)],
      ['import organisations', () => cyril.client.post(`${T}/organisations/import`, 'name,kind\nGarage,citizen_collective\n')],
      ['add person', () => cyril.client.post(`${T}/people`, { email: 'eve@example.org', displayName: 'Eve' })],
      ["set another's roles", () => cyril.client.put(`${T}/people/${denis.id}/roles`, { roles: ['facilitator'] })],
      ['set own roles', () => cyril.client.put(`${T}/people/${cyril.id}/roles`, { roles: ['facilitator'] })],
      ['change territory', () => cyril.client.patch(T, { name: 'Cyrilville' })],
      ['read people', () => cyril.client.get(`${T}/people`)],
      ['read audit trail', () => cyril.client.get(`${T}/audit-events`)],
    ];
    for (const [action, attempt] of attempts) {
      const response = await attempt();
      expect(response.statusCode, action).toBe(403);
      expect(response.json().code, action).toBe('forbidden');
    }
    expect((await cyril.client.get(`${T}/organisations`)).json().items).toEqual([]);
    const people = await app.services.territories.listPeople(system, 'amiens');
    expect(people.map((p) => p.email).sort()).toEqual(['cyril@example.org', 'denis@example.org']);
    expect(people.every((p) => p.roles.length === 0)).toBe(true);
    expect((await cyril.client.get(T)).json().name).toBe('CA Amiens Métropole');
  });

  it('sees the territory in their workspace after joining, with no role', async () => {
    const me = (await cyril.client.get('/api/v1/me')).json();
    expect(me.territories).toEqual([{ slug: 'amiens', name: 'CA Amiens Métropole', roles: [], organisations: [] }]);
  });

  it('must be signed in to join (401 unauthenticated for an anonymous visitor)', async () => {
    const response = await new TestClient(app).post(`${T}/join`);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthenticated');
  });
});

describeEachDatabase('roles: auditor', (ctx) => {
  let app: App;
  let aude: { client: TestClient; id: string };

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, AMIENS);
    aude = await withRoles(app, 'aude@example.org', ['auditor']);
  });
  afterEach(async () => app.close());

  it('reads the people and the audit trail', async () => {
    const people = await aude.client.get(`${T}/people`);
    expect(people.statusCode).toBe(200);
    expect(people.json().items).toEqual([{ id: aude.id, displayName: 'aude', email: 'aude@example.org', roles: ['auditor'] }]);
    const audit = await aude.client.get(`${T}/audit-events`);
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['person.roles_set', 'person.added', 'territory.created']);
  });

  it('cannot create organisations, add people or change roles (403), and nothing changes', async () => {
    expect((await aude.client.post(`${T}/organisations`, NEW_ORGANISATION)).statusCode).toBe(403);
    expect((await aude.client.post(`${T}/people`, { email: 'eve@example.org', displayName: 'Eve' })).statusCode).toBe(403);
    expect((await aude.client.put(`${T}/people/${aude.id}/roles`, { roles: ['auditor', 'facilitator'] })).statusCode).toBe(403);
    expect((await aude.client.get(`${T}/organisations`)).json().items).toEqual([]);
    expect((await aude.client.get(`${T}/people`)).json().items).toEqual([{ id: aude.id, displayName: 'aude', email: 'aude@example.org', roles: ['auditor'] }]);
  });
});

describeEachDatabase("roles: an organisation's representative and staff", (ctx) => {
  let app: App;
  let remi: { client: TestClient; id: string };
  let sam: { client: TestClient; id: string };
  let ressourcerie: string;
  let garage: string;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, AMIENS);
    ressourcerie = (await app.services.territories.createOrganisation(system, 'amiens', { name: 'Ressourcerie', kind: 'association', siret: '73282932000074' })).id;
    garage = (await app.services.territories.createOrganisation(system, 'amiens', NEW_ORGANISATION)).id;
    remi = await signUp(app, 'remi@example.org', 'Rémi');
    sam = await signUp(app, 'sam@example.org', 'Sam');
    await app.services.territories.addMember(system, 'amiens', ressourcerie, { email: 'remi@example.org', role: 'representative' });
    await app.services.territories.addMember(system, 'amiens', ressourcerie, { email: 'sam@example.org', role: 'staff' });
  });
  afterEach(async () => app.close());

  it('lets the representative change their own organisation and add members to it', async () => {
    const patched = await remi.client.patch(`${T}/organisations/${ressourcerie}`, { nafCode: '38.32Z', communeInsee: '80021' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ nafCode: '38.32Z', communeName: 'Amiens', siret: '73282932000074' });
    const added = await remi.client.post(`${T}/organisations/${ressourcerie}/members`, { email: 'lea@example.org', role: 'staff', displayName: 'Léa' });
    expect(added.statusCode).toBe(201);
    const members = (await remi.client.get(`${T}/organisations/${ressourcerie}/members`)).json().items;
    expect(members.map((m: { email: string; role: string }) => `${m.email}:${m.role}`)).toEqual([
      'remi@example.org:representative',
      'sam@example.org:staff',
      'lea@example.org:staff',
    ]);
    expect((await remi.client.get(`${T}/organisations/${ressourcerie}`)).json().nafCode).toBe('38.32Z');
  });

  it("refuses the representative another organisation's changes and members (403), and nothing changes", async () => {
    const patch = await remi.client.patch(`${T}/organisations/${garage}`, { name: 'Garage de Rémi' });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('forbidden');
    expect((await remi.client.post(`${T}/organisations/${garage}/members`, { email: 'lea@example.org', role: 'staff' })).statusCode).toBe(403);
    expect((await remi.client.get(`${T}/organisations/${garage}/members`)).statusCode).toBe(403);
    expect((await remi.client.post(`${T}/organisations`, NEW_ORGANISATION)).statusCode).toBe(403);
    expect((await remi.client.get(`${T}/organisations/${garage}`)).json().name).toBe('Garage solidaire');
    expect(await app.services.territories.listMembers(system, 'amiens', garage)).toEqual([]);
  });

  it('lets staff read the members but neither change the organisation nor add members', async () => {
    expect((await sam.client.get(`${T}/organisations/${ressourcerie}/members`)).statusCode).toBe(200);
    const patch = await sam.client.patch(`${T}/organisations/${ressourcerie}`, { name: 'Ressourcerie de Sam' });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('forbidden');
    expect((await sam.client.post(`${T}/organisations/${ressourcerie}/members`, { email: 'lea@example.org', role: 'staff' })).statusCode).toBe(403);
    expect((await sam.client.get(`${T}/organisations/${ressourcerie}`)).json().name).toBe('Ressourcerie');
    expect(await app.services.territories.listMembers(system, 'amiens', ressourcerie)).toHaveLength(2);
  });

  it('shows each person their organisations and roles in the workspace', async () => {
    const me = (await remi.client.get('/api/v1/me')).json();
    expect(me.territories).toEqual([{ slug: 'amiens', name: 'CA Amiens Métropole', roles: [], organisations: [{ id: ressourcerie, name: 'Ressourcerie', role: 'representative' }] }]);
  });
});
