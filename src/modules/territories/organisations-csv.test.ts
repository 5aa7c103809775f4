import { afterEach, beforeEach, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import { systemActor } from '../../platform/auth/actor.js';
import { ORGANISATION_KINDS } from './model.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';
const T = '/api/v1/t/amiens';
const HEADER = 'name,kind,siret,naf_code,address,commune_insee,latitude,longitude';

/** A valid SIRET (Luhn key) for each number. */
function siretOf(n: number): string {
  const base = String(n).padStart(13, '0');
  for (let key = 0; key < 10; key += 1) {
    const candidate = `${base}${key}`;
    const sum = [...candidate].reverse().reduce((acc, d, i) => acc + (i % 2 === 1 ? (Number(d) * 2 > 9 ? Number(d) * 2 - 9 : Number(d) * 2) : Number(d)), 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one key in ten always fits');
}

/** The same number with a wrong key: Luhn catches every single-digit error. */
const badSiretOf = (n: number) => {
  const good = siretOf(n);
  return `${good.slice(0, 13)}${(Number(good[13]) + 1) % 10}`;
};

type RowError = { row: number; field: string; code: string };
const rowErrors = (body: { errors: RowError[] }) => body.errors.map(({ row, field, code }) => ({ row, field, code }));

describeEachDatabase('CSV import of organisations', (ctx) => {
  let app: App;
  let facilitator: TestClient;
  let facilitatorId: string;

  beforeEach(async () => {
    app = await createTestApp(ctx.handle);
    await app.services.territories.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
    const person = await app.services.auth.createAccount(system, { email: 'claire@example.org', password: PASSWORD, displayName: 'Claire' });
    facilitatorId = person.id;
    await app.services.territories.addPerson(system, 'amiens', { email: person.email, displayName: person.displayName });
    await app.services.territories.setRoles(system, 'amiens', person.id, ['facilitator']);
    facilitator = new TestClient(app);
    expect((await facilitator.signIn(person.email, PASSWORD)).statusCode).toBe(200);
  });
  afterEach(async () => app.close());

  const organisationNames = async (slug = 'amiens') =>
    (await facilitator.get(`/api/v1/t/${slug}/organisations?limit=200`)).json().items.map((o: { name: string }) => o.name);

  it('imports a file of good rows with 201, and every organisation is then listed', async () => {
    const csv = [
      HEADER,
      `Ressourcerie du Val de Somme,association,732 829 320 00074,3832Z,"12 rue des Jacobins, Amiens",80021,49.894,2.302`,
      `Collectif Vélo,citizen_collective,,,,,,`,
      `Garage Martin,business,${siretOf(1)},45.20A,,80021,,`,
    ].join('\n');
    const response = await facilitator.post(`${T}/organisations/import`, csv);
    expect(response.statusCode).toBe(201);
    expect(response.json().created).toBe(3);
    expect(response.json().items[0]).toMatchObject({ siret: '73282932000074', nafCode: '38.32Z', address: '12 rue des Jacobins, Amiens', latitude: 49.894, longitude: 2.302 });
    expect(await organisationNames()).toEqual(['Collectif Vélo', 'Garage Martin', 'Ressourcerie du Val de Somme']);
  });

  it('rejects a file with bad rows with 422 invalid_csv listing each row and column, and creates no organisation', async () => {
    const csv = [
      HEADER,
      `Bonne ligne,association,${siretOf(1)},,,,,`,
      `Mauvais SIRET,business,${badSiretOf(2)},,,,,`,
      `Mauvais NAF,business,${siretOf(3)},99.99Z,,,,`,
      `Mauvaise commune,business,${siretOf(4)},,,99999,,`,
      `Mauvais type,company,${siretOf(5)},,,,,`,
      `,association,${siretOf(6)},,,,,`,
      `Sans SIRET,cooperative,,,,,,`,
      `Coordonnée seule,citizen_collective,,,,,49.9,`,
    ].join('\n');
    const response = await facilitator.post(`${T}/organisations/import`, csv);
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('invalid_csv');
    expect(rowErrors(response.json())).toEqual([
      { row: 2, field: 'siret', code: 'invalid_siret' },
      { row: 3, field: 'naf_code', code: 'unknown_naf_code' },
      { row: 4, field: 'commune_insee', code: 'unknown_commune' },
      { row: 5, field: 'kind', code: 'invalid_kind' },
      { row: 6, field: 'name', code: 'required' },
      { row: 7, field: 'siret', code: 'required' },
      { row: 8, field: 'longitude', code: 'incomplete_coordinates' },
    ]);
    expect(await organisationNames()).toEqual([]);
  });

  it('rejects a SIRET repeated within the file, naming the later row, and creates nothing', async () => {
    const csv = [HEADER, `Un,business,${siretOf(1)},,,,,`, `Deux,business,${siretOf(2)},,,,,`, `Trois,business,${siretOf(1).replace(/^(\d{3})/, '$1 ')},,,,,`].join('\n');
    const response = await facilitator.post(`${T}/organisations/import`, csv);
    expect(response.statusCode).toBe(422);
    expect(rowErrors(response.json())).toEqual([{ row: 3, field: 'siret', code: 'duplicate_siret' }]);
    expect(await organisationNames()).toEqual([]);
  });

  it('reports a repeated SIRET even when the row it repeats is wrong for another reason', async () => {
    const csv = [HEADER, `Un,business,${siretOf(1)},99.99Z,,,,`, `Deux,business,${siretOf(1)},,,,,`].join('\n');
    const response = await facilitator.post(`${T}/organisations/import`, csv);
    expect(response.statusCode).toBe(422);
    expect(rowErrors(response.json())).toEqual([
      { row: 1, field: 'naf_code', code: 'unknown_naf_code' },
      { row: 2, field: 'siret', code: 'duplicate_siret' },
    ]);
  });

  it('rejects a SIRET already used in the territory, and creates nothing', async () => {
    expect((await facilitator.post(`${T}/organisations`, { name: 'Déjà là', kind: 'business', siret: siretOf(7) })).statusCode).toBe(201);
    const csv = [HEADER, `Nouveau,business,${siretOf(8)},,,,,`, `Doublon,business,${siretOf(7)},,,,,`].join('\n');
    const response = await facilitator.post(`${T}/organisations/import`, csv);
    expect(response.statusCode).toBe(422);
    expect(rowErrors(response.json())).toEqual([{ row: 2, field: 'siret', code: 'siret_taken' }]);
    expect(await organisationNames()).toEqual(['Déjà là']);
  });

  it('rejects an unknown column and a missing required column by name, and creates nothing', async () => {
    const unknown = await facilitator.post(`${T}/organisations/import`, 'name,kind,email\nCollectif,citizen_collective,a@example.org\n');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('invalid_csv');
    expect(rowErrors(unknown.json())).toEqual([{ row: 0, field: 'email', code: 'unknown_column' }]);
    const missing = await facilitator.post(`${T}/organisations/import`, 'name,siret\nCollectif,\n');
    expect(missing.statusCode).toBe(422);
    expect(rowErrors(missing.json())).toEqual([{ row: 0, field: 'kind', code: 'missing_column' }]);
    expect(await organisationNames()).toEqual([]);
  });

  it('rejects an empty file and a file with only its header with invalid_csv', async () => {
    for (const csv of ['', `${HEADER}\n`, '\n\n']) {
      const response = await facilitator.post(`${T}/organisations/import`, csv);
      expect(response.statusCode, JSON.stringify(csv)).toBe(422);
      expect(response.json().code, JSON.stringify(csv)).toBe('invalid_csv');
      expect(rowErrors(response.json()), JSON.stringify(csv)).toEqual([{ row: 0, field: 'file', code: 'empty_csv' }]);
    }
    expect(await organisationNames()).toEqual([]);
  });

  it('rejects a file that is not readable CSV with invalid_csv, and creates nothing', async () => {
    const response = await facilitator.post(`${T}/organisations/import`, 'name,kind\n"Collectif,citizen_collective\n');
    expect(response.statusCode).toBe(422);
    expect(rowErrors(response.json())).toEqual([{ row: 0, field: 'file', code: 'unreadable_csv' }]);
    expect(await organisationNames()).toEqual([]);
  });

  it('imports a French Excel export: BOM, semicolons, CRLF, decimal commas and commas inside addresses', async () => {
    const csv =
      '\uFEFF' +
      [
        'Name;Kind;SIRET;NAF_Code;Address;Commune_INSEE;Latitude;Longitude',
        `Ressourcerie du Val de Somme;association;${siretOf(1)};38.32Z;12, rue des Jacobins;80021;49,894;2,302`,
        'Collectif Vélo;citizen_collective;;;;;;',
      ].join('\r\n') +
      '\r\n';
    const response = await facilitator.post(`${T}/organisations/import`, csv);
    expect(response.statusCode).toBe(201);
    expect(response.json().items[0]).toMatchObject({ name: 'Ressourcerie du Val de Somme', address: '12, rue des Jacobins', latitude: 49.894, longitude: 2.302 });
    expect(await organisationNames()).toEqual(['Collectif Vélo', 'Ressourcerie du Val de Somme']);
  });

  it('imports all rows or none, and reports exactly the invalid rows, for any mix of good and bad rows', async () => {
    type Fault = 'bad_siret' | 'unknown_naf' | 'unknown_commune' | 'bad_kind' | 'no_name' | 'no_siret' | 'duplicate' | 'taken';
    const spec = fc.array(
      fc.record({
        name: fc.stringMatching(/^[A-Za-zéèçô][A-Za-zéèçô' -]{0,20}$/),
        kind: fc.constantFrom(...ORGANISATION_KINDS),
        naf: fc.constantFrom('', '38.32Z', '6201Z', '45.20a'),
        commune: fc.constantFrom('', '80021', '80001'),
        fault: fc.option(fc.constantFrom<Fault>('bad_siret', 'unknown_naf', 'unknown_commune', 'bad_kind', 'no_name', 'no_siret', 'duplicate', 'taken'), { freq: 3 }),
      }),
      { minLength: 1, maxLength: 12 },
    );
    const taken = siretOf(999);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(spec, async (rows) => {
        run += 1;
        const slug = `run-${run}`;
        await app.services.territories.createTerritory(system, { slug, level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
        await app.services.territories.addPerson(system, slug, { email: 'claire@example.org', displayName: 'Claire' });
        await app.services.territories.setRoles(system, slug, facilitatorId, ['facilitator']);
        await app.services.territories.createOrganisation(system, slug, { name: 'Existante', kind: 'business', siret: taken });

        const invalidRows = new Set<number>();
        const lines = rows.map((r, i) => {
          const row = i + 1;
          let { name, kind, naf, commune } = r as { name: string; kind: string; naf: string; commune: string };
          let siret = siretOf(row);
          const earlier = rows.findIndex((o, j) => j < i && o.fault !== 'bad_siret' && o.fault !== 'no_siret' && o.fault !== 'duplicate' && o.fault !== 'taken');
          const fault = r.fault === 'duplicate' && earlier === -1 ? 'bad_siret' : r.fault;
          if (fault) invalidRows.add(row);
          if (fault === 'bad_siret') siret = badSiretOf(row);
          if (fault === 'unknown_naf') naf = '99.99Z';
          if (fault === 'unknown_commune') commune = '99999';
          if (fault === 'bad_kind') kind = 'company';
          if (fault === 'no_name') name = ' ';
          if (fault === 'no_siret') [kind, siret] = ['business', ''];
          if (fault === 'duplicate') siret = siretOf(earlier + 1);
          if (fault === 'taken') siret = taken;
          return [name, kind, siret, naf, '', commune, '', ''].join(',');
        });
        const response = await facilitator.post(`/api/v1/t/${slug}/organisations/import`, [HEADER, ...lines].join('\n'));
        const names = await organisationNames(slug);
        if (invalidRows.size === 0) {
          expect(response.statusCode).toBe(201);
          expect(response.json().created).toBe(rows.length);
          expect(names).toHaveLength(rows.length + 1);
        } else {
          expect(response.statusCode).toBe(422);
          expect(response.json().code).toBe('invalid_csv');
          expect(new Set(rowErrors(response.json()).map((e) => e.row))).toEqual(invalidRows);
          expect(names).toEqual(['Existante']);
        }
      }),
      { numRuns: 40 },
    );
  });
});
