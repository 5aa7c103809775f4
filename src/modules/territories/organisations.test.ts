import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { systemActor } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';

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
});
