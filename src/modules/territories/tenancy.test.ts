import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { systemActor } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';
const A = '/api/v1/t/amiens-metropole';
const B = '/api/v1/t/amiens-ville';

describeEachDatabase('tenancy: a facilitator of one territory and the data of another', (ctx) => {
  let app: App;
  let claire: TestClient;
  let victorId: string;
  let organisationB: string;

  /** What territory B holds, as its own facilitators would see it. */
  const snapshotOfB = async () => ({
    organisations: (await app.services.territories.listOrganisations('amiens-ville', { limit: 50 })).items,
    people: await app.services.territories.listPeople(system, 'amiens-ville'),
    members: await app.services.territories.listMembers(system, 'amiens-ville', organisationB),
    audit: await app.services.territories.auditTrail(system, 'amiens-ville', 500),
    territory: await app.services.territories.territoryDetail('amiens-ville'),
  });

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    const territories = app.services.territories;
    await territories.createTerritory(system, { slug: 'amiens-metropole', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    await territories.createTerritory(system, { slug: 'amiens-ville', level: 'commune', inseeCode: '80021', currencyCode: 'PICA', currencyName: 'La Pica' });

    const person = await app.services.auth.createAccount(system, { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    await territories.addPerson(system, 'amiens-metropole', { email: 'claire@example.org', displayName: 'Claire' });
    await territories.setRoles(system, 'amiens-metropole', person.id, ['facilitator']);
    claire = new TestClient(app);
    expect((await claire.signIn('claire@example.org', PASSWORD)).statusCode).toBe(200);

    victorId = (await territories.addPerson(system, 'amiens-ville', { email: 'victor@example.org', displayName: 'Victor' })).id;
    await territories.setRoles(system, 'amiens-ville', victorId, ['facilitator']);
    organisationB = (await territories.createOrganisation(system, 'amiens-ville', { name: 'Ressourcerie', kind: 'association', siret: '73282932000074' })).id;
    await territories.addMember(system, 'amiens-ville', organisationB, { email: 'victor@example.org', role: 'representative' });
  });
  afterEach(async () => app.close());

  it("cannot read the other territory's people, audit trail or members (403)", async () => {
    for (const url of [`${B}/people`, `${B}/audit-events`, `${B}/organisations/${organisationB}/members`]) {
      const response = await claire.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().code, url).toBe('forbidden');
      expect(response.body, url).not.toContain('victor@example.org');
    }
  });

  it('cannot change anything in the other territory (403), and nothing changes there', async () => {
    const before = await snapshotOfB();
    const attempts: [string, () => Promise<LightMyRequestResponse>][] = [
      ['create organisation', () => claire.post(`${B}/organisations`, { name: 'Intrus', kind: 'citizen_collective' })],
      ['import organisations', () => claire.post(`${B}/organisations/import`, 'name,kind\nIntrus,citizen_collective\n')],
      ['patch organisation', () => claire.patch(`${B}/organisations/${organisationB}`, { name: 'Renamed' })],
      ['add member', () => claire.post(`${B}/organisations/${organisationB}/members`, { email: 'claire@example.org', role: 'representative' })],
      ['end membership', () => claire.delete(`${B}/organisations/${organisationB}/members/${victorId}`)],
      ['add person', () => claire.post(`${B}/people`, { email: 'claire@example.org', displayName: 'Claire' })],
      ['set roles', () => claire.put(`${B}/people/${victorId}/roles`, { roles: [] })],
      ['change territory', () => claire.patch(B, { currencyName: 'Le Grain' })],
    ];
    for (const [action, attempt] of attempts) {
      const response = await attempt();
      expect(response.statusCode, action).toBe(403);
      expect(response.json().code, action).toBe('forbidden');
    }
    expect(await snapshotOfB()).toEqual(before);
  });

  it("cannot reach the other territory's records through their ids under their own territory (404), and nothing changes", async () => {
    const before = await snapshotOfB();
    const attempts: [string, () => Promise<LightMyRequestResponse>][] = [
      ['read organisation', () => claire.get(`${A}/organisations/${organisationB}`)],
      ['patch organisation', () => claire.patch(`${A}/organisations/${organisationB}`, { name: 'Renamed' })],
      ['read members', () => claire.get(`${A}/organisations/${organisationB}/members`)],
      ['add member', () => claire.post(`${A}/organisations/${organisationB}/members`, { email: 'claire@example.org', role: 'staff' })],
      ['end membership', () => claire.delete(`${A}/organisations/${organisationB}/members/${victorId}`)],
      ['set roles', () => claire.put(`${A}/people/${victorId}/roles`, { roles: ['facilitator'] })],
    ];
    for (const [action, attempt] of attempts) {
      const response = await attempt();
      expect(response.statusCode, action).toBe(404);
      expect(response.json().code, action).toBe('not_found');
    }
    expect(await snapshotOfB()).toEqual(before);
    expect((await claire.get(`${A}/people`)).json().items.map((p: { email: string }) => p.email)).toEqual(['claire@example.org']);
  });

  it("still reads the other territory's public data: the territory and its organisations", async () => {
    const territory = await claire.get(B);
    expect(territory.statusCode).toBe(200);
    expect(territory.json()).toMatchObject({ name: 'Amiens', level: 'commune', communeCount: 1, organisationCounts: { association: 1 } });
    const list = await claire.get(`${B}/organisations`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([organisationB]);
    expect((await claire.get(`${B}/organisations/${organisationB}`)).json().name).toBe('Ressourcerie');
  });

  it('keeps organisations, SIRETs and audit trails apart: the same SIRET may exist once in each territory', async () => {
    const created = await claire.post(`${A}/organisations`, { name: 'Ressourcerie (antenne métropole)', kind: 'association', siret: '73282932000074' });
    expect(created.statusCode).toBe(201);
    expect((await claire.get(`${A}/organisations`)).json().items.map((o: { id: string }) => o.id)).toEqual([created.json().id]);
    expect((await claire.get(`${B}/organisations`)).json().items.map((o: { id: string }) => o.id)).toEqual([organisationB]);
    const trail = (await claire.get(`${A}/audit-events`)).json().items;
    expect(trail.some((e: { targetId: string }) => e.targetId === organisationB)).toBe(false);
    expect(trail[0]).toMatchObject({ action: 'organisation.created', targetId: created.json().id });
  });
});
