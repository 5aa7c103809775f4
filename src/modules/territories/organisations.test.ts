import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { systemActor } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';
const T = '/api/v1/t/amiens';

/** A valid SIRET (Luhn key) for each number, so tests can create as many organisations as they need. */
function siretOf(n: number): string {
  const base = String(n).padStart(13, '0');
  for (let key = 0; key < 10; key += 1) {
    const candidate = `${base}${key}`;
    const sum = [...candidate].reverse().reduce((acc, d, i) => acc + (i % 2 === 1 ? (Number(d) * 2 > 9 ? Number(d) * 2 - 9 : Number(d) * 2) : Number(d)), 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one key in ten always fits');
}

describeEachDatabase('organisations', (ctx) => {
  let app: App;
  let facilitator: TestClient;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    const person = await app.services.auth.createAccount(system, { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    await app.services.territories.addPerson(system, 'amiens', { email: person.email, displayName: person.displayName });
    await app.services.territories.setRoles(system, 'amiens', person.id, ['facilitator']);
    facilitator = new TestClient(app);
    expect((await facilitator.signIn(person.email, PASSWORD)).statusCode).toBe(200);
  });
  afterEach(async () => app.close());

  it('creates an organisation with its official NAF label and commune name', async () => {
    const response = await facilitator.post('/api/v1/t/amiens/organisations', {
      name: 'Ressourcerie du Val de Somme',
      kind: 'association',
      siret: '732 829 320 00074',
      nafCode: '3832Z',
      communeInsee: '80021',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ siret: '73282932000074', nafCode: '38.32Z', nafLabel: 'Récupération de déchets triés', communeName: 'Amiens' });
  });

  it('rejects an invalid SIRET with invalid_siret naming the field, and creates nothing', async () => {
    const response = await facilitator.post('/api/v1/t/amiens/organisations', { name: 'X', kind: 'business', siret: '73282932000075' });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'invalid_siret', errors: [{ field: 'siret', code: 'invalid_siret' }] });
    expect((await facilitator.get('/api/v1/t/amiens/organisations')).json().items).toEqual([]);
  });

  it('rejects an unknown NAF code with unknown_naf_code naming nafCode, and creates nothing', async () => {
    const response = await facilitator.post(`${T}/organisations`, { name: 'X', kind: 'business', siret: siretOf(1), nafCode: '99.99Z' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'unknown_naf_code', errors: [{ field: 'nafCode', code: 'unknown_naf_code' }] });
    expect((await facilitator.get(`${T}/organisations`)).json().items).toEqual([]);
  });

  it('rejects an unknown commune INSEE code with unknown_commune naming communeInsee, and creates nothing', async () => {
    const response = await facilitator.post(`${T}/organisations`, { name: 'X', kind: 'business', siret: siretOf(1), communeInsee: '99999' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'unknown_commune', errors: [{ field: 'communeInsee', code: 'unknown_commune' }] });
    expect((await facilitator.get(`${T}/organisations`)).json().items).toEqual([]);
  });

  it('lists every field at fault with validation_error when several are wrong', async () => {
    const response = await facilitator.post(`${T}/organisations`, { name: ' ', kind: 'company', siret: '123', nafCode: 'ZZ', communeInsee: '00000', latitude: 91 });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('validation_error');
    expect(response.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['communeInsee', 'kind', 'latitude', 'longitude', 'nafCode', 'name', 'siret']);
  });

  it('refuses a SIRET already used in the territory with 409 siret_taken, however it is spaced', async () => {
    expect((await facilitator.post(`${T}/organisations`, { name: 'A', kind: 'business', siret: '73282932000074' })).statusCode).toBe(201);
    const response = await facilitator.post(`${T}/organisations`, { name: 'B', kind: 'cooperative', siret: '732 829 320 00074' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'siret_taken', errors: [{ field: 'siret', code: 'siret_taken' }] });
    expect((await facilitator.get(`${T}/organisations`)).json().items.map((o: { name: string }) => o.name)).toEqual(['A']);
  });

  it('requires a SIRET of every kind except citizen collectives', async () => {
    for (const kind of ['public_body', 'business', 'association', 'cooperative']) {
      const response = await facilitator.post(`${T}/organisations`, { name: `Sans SIRET ${kind}`, kind });
      expect(response.statusCode, kind).toBe(422);
      expect(response.json(), kind).toMatchObject({ code: 'required', errors: [{ field: 'siret', code: 'required' }] });
    }
    const collective = await facilitator.post(`${T}/organisations`, { name: 'Collectif Zéro Déchet', kind: 'citizen_collective', siret: null });
    expect(collective.statusCode).toBe(201);
    expect(collective.json()).toMatchObject({ siret: null, kind: 'citizen_collective' });
    expect((await facilitator.get(`${T}/organisations`)).json().items).toHaveLength(1);
  });

  it('walks every organisation exactly once, in alphabetical order ignoring accents and case, page after page', async () => {
    const names = ['zèbre', 'Écopôle', 'Abbaye', 'abbaye', 'Œuvre du Pain', 'ÉCOLE Verte', 'Ébène', 'Moulin', 'Cœur de Somme', 'Cocotte', 'oasis'];
    await facilitator.post(
      `${T}/organisations/import`,
      `name,kind\n${names.map((n) => `${n},citizen_collective`).join('\n')}\n`,
    );
    const seen: { id: string; name: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await facilitator.get(`${T}/organisations?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json<{ items: { id: string; name: string }[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen.map((o) => o.id)).size).toBe(names.length);
    const ordered = seen.map((o) => o.name);
    expect(ordered.slice(0, 2).sort()).toEqual(['Abbaye', 'abbaye']);
    expect(ordered.slice(2)).toEqual(['Cocotte', 'Cœur de Somme', 'Ébène', 'ÉCOLE Verte', 'Écopôle', 'Moulin', 'oasis', 'Œuvre du Pain', 'zèbre']);
    const unpaged = (await facilitator.get(`${T}/organisations?limit=200`)).json().items.map((o: { id: string }) => o.id);
    expect(seen.map((o) => o.id)).toEqual(unpaged);
  });

  it('filters the list by kind, and pages through the filtered list', async () => {
    await facilitator.post(`${T}/organisations`, { name: 'Mairie', kind: 'public_body', siret: siretOf(1) });
    await facilitator.post(`${T}/organisations`, { name: 'Collectif A', kind: 'citizen_collective' });
    await facilitator.post(`${T}/organisations`, { name: 'Collectif B', kind: 'citizen_collective' });
    const first = (await facilitator.get(`${T}/organisations?kind=citizen_collective&limit=1`)).json();
    expect(first.items.map((o: { name: string }) => o.name)).toEqual(['Collectif A']);
    const second = (await facilitator.get(`${T}/organisations?kind=citizen_collective&limit=1&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ items: [{ name: 'Collectif B' }], nextCursor: null });
  });

  it('rejects a cursor it did not give with 422 invalid_cursor', async () => {
    const response = await facilitator.get(`${T}/organisations?cursor=not-a-cursor`);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'invalid_cursor', errors: [{ field: 'cursor' }] });
  });

  it('changes an organisation with PATCH, keeping the fields not sent, and checks the result like a creation', async () => {
    const created = (await facilitator.post(`${T}/organisations`, { name: 'Ressourcerie', kind: 'association', siret: '73282932000074', communeInsee: '80021' })).json();
    await facilitator.post(`${T}/organisations`, { name: 'Autre', kind: 'business', siret: siretOf(1) });

    const patched = await facilitator.patch(`${T}/organisations/${created.id}`, { name: 'Ressourcerie du Val de Somme', nafCode: '3832Z' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Ressourcerie du Val de Somme', nafCode: '38.32Z', siret: '73282932000074', communeName: 'Amiens' });

    const invalid = await facilitator.patch(`${T}/organisations/${created.id}`, { kind: 'business', siret: null });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors).toEqual([expect.objectContaining({ field: 'siret', code: 'required' })]);
    const taken = await facilitator.patch(`${T}/organisations/${created.id}`, { siret: siretOf(1) });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('siret_taken');
    expect((await facilitator.get(`${T}/organisations/${created.id}`)).json()).toMatchObject({ name: 'Ressourcerie du Val de Somme', kind: 'association', siret: '73282932000074' });

    expect((await facilitator.patch(`${T}/organisations/0190a0a0-0000-7000-8000-000000000000`, { name: 'Ghost' })).statusCode).toBe(404);
  });

  it('adds and ends memberships: an ended membership leaves the list, the audit trail keeps both events', async () => {
    const organisation = (await facilitator.post(`${T}/organisations`, { name: 'Ressourcerie', kind: 'association', siret: '73282932000074' })).json();
    const members = `${T}/organisations/${organisation.id}/members`;
    const added = await facilitator.post(members, { email: 'Remi@Example.org', role: 'representative', displayName: 'Rémi' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ email: 'remi@example.org', displayName: 'Rémi', role: 'representative' });
    const remiId = added.json().personId;

    const twice = await facilitator.post(members, { email: 'remi@example.org', role: 'staff' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('already_member');
    const badRole = await facilitator.post(members, { email: 'lea@example.org', role: 'boss' });
    expect(badRole.statusCode).toBe(422);
    expect(badRole.json()).toMatchObject({ code: 'invalid_role', errors: [{ field: 'role' }] });
    expect((await facilitator.get(members)).json().items.map((m: { personId: string }) => m.personId)).toEqual([remiId]);

    expect((await facilitator.delete(`${members}/${remiId}`)).statusCode).toBe(204);
    expect((await facilitator.get(members)).json().items).toEqual([]);
    expect((await facilitator.delete(`${members}/${remiId}`)).statusCode).toBe(404);

    const trail = (await facilitator.get(`${T}/audit-events`)).json().items.filter((e: { targetId: string }) => e.targetId === organisation.id);
    expect(trail.map((e: { action: string; change: unknown }) => [e.action, e.change])).toEqual([
      ['membership.ended', { personId: remiId }],
      ['membership.started', { personId: remiId, role: 'representative' }],
      ['organisation.created', expect.objectContaining({ name: 'Ressourcerie' })],
    ]);

    const again = await facilitator.post(members, { email: 'remi@example.org', role: 'staff' });
    expect(again.statusCode).toBe(201);
    expect((await facilitator.get(members)).json().items).toEqual([expect.objectContaining({ personId: remiId, role: 'staff' })]);
  });

  it('lets a member end their own membership, but not someone else\'s', async () => {
    const organisation = (await facilitator.post(`${T}/organisations`, { name: 'Garage', kind: 'citizen_collective' })).json();
    const members = `${T}/organisations/${organisation.id}/members`;
    const sam = await app.services.auth.createAccount(system, { email: 'sam@example.org', password: PASSWORD, displayName: 'Sam' });
    await facilitator.post(members, { email: 'sam@example.org', role: 'staff' });
    const lea = (await facilitator.post(members, { email: 'lea@example.org', role: 'staff' })).json();
    const client = new TestClient(app);
    await client.signIn('sam@example.org', PASSWORD);

    expect((await client.delete(`${members}/${lea.personId}`)).statusCode).toBe(403);
    expect((await client.delete(`${members}/${sam.id}`)).statusCode).toBe(204);
    expect((await facilitator.get(members)).json().items.map((m: { email: string }) => m.email)).toEqual(['lea@example.org']);
  });
});

describeEachDatabase('closing an organisation', (ctx) => {
  let app: App;
  let facilitator: TestClient;
  let organisationId: string;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    const person = await app.services.auth.createAccount(system, { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    await app.services.territories.addPerson(system, 'amiens', { email: person.email, displayName: person.displayName });
    await app.services.territories.setRoles(system, 'amiens', person.id, ['facilitator']);
    organisationId = (await app.services.territories.createOrganisation(system, 'amiens', { name: 'Ressourcerie', kind: 'association', siret: '73282932000074' })).id;
    await app.services.territories.addMember(system, 'amiens', organisationId, { email: 'julien@example.org', role: 'representative' });
    facilitator = new TestClient(app);
    await facilitator.signIn(person.email, PASSWORD);
  });
  afterEach(async () => app.close());

  it('takes a closed organisation out of the lists and counts, ends its memberships, and keeps its page and history', async () => {
    const closed = await facilitator.post(`/api/v1/t/amiens/organisations/${organisationId}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().closedAt).toEqual(expect.any(String));
    expect((await facilitator.get('/api/v1/t/amiens/organisations')).json().items).toEqual([]);
    expect((await facilitator.get('/api/v1/t/amiens/organisations?includeClosed=true')).json().items).toHaveLength(1);
    expect((await facilitator.get('/api/v1/t/amiens')).json().organisationCounts).toEqual({});
    expect((await facilitator.get(`/api/v1/t/amiens/organisations/${organisationId}`)).json()).toMatchObject({ name: 'Ressourcerie', closedAt: closed.json().closedAt });
    expect((await facilitator.get(`/api/v1/t/amiens/organisations/${organisationId}/members`)).json().items).toEqual([]);
    const edit = await facilitator.patch(`/api/v1/t/amiens/organisations/${organisationId}`, { name: 'Autre nom' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('organisation_closed');
    expect((await facilitator.post(`/api/v1/t/amiens/organisations/${organisationId}/close`)).json().code).toBe('already_closed');
    const actions = (await facilitator.get('/api/v1/t/amiens/audit-events')).json().items.map((e: { action: string }) => e.action);
    expect(actions).toContain('organisation.closed');
  });

  it('lets only a facilitator close an organisation', async () => {
    const citizen = new TestClient(app);
    await citizen.post('/api/v1/auth/sign-up', { email: 'paul@example.org', password: PASSWORD, displayName: 'Paul' });
    await citizen.refreshCsrf();
    const response = await citizen.post(`/api/v1/t/amiens/organisations/${organisationId}/close`);
    expect(response.statusCode).toBe(403);
    expect((await facilitator.get('/api/v1/t/amiens/organisations')).json().items).toHaveLength(1);
  });
});
