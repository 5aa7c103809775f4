import { systemActor, type Actor, personActor } from '../../platform/auth/actor.js';
import { TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';

const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';

export interface TestMember {
  readonly id: string;
  readonly email: string;
  readonly actor: Actor;
  /** A browser signed in as this person (signed in on first use: each sign-in costs a password hash). */
  client(): Promise<TestClient>;
}

/**
 * Two territories and one person per role the currency's policies tell apart: in `amiens` (currency
 * GRAIN) a citizen, a representative and a staff member of a shop, a currency operator and an auditor;
 * in `amiens-ville` (PICA) a representative of another shop, the "person of another territory".
 */
export interface CurrencyWorld {
  readonly territoryId: string;
  readonly otherTerritoryId: string;
  readonly citizen: TestMember;
  readonly representative: TestMember;
  readonly staff: TestMember;
  readonly operator: TestMember;
  readonly auditor: TestMember;
  readonly outsider: TestMember;
  /** A business in Amiens (80021); `representative` represents it, `staff` works there. */
  readonly shopId: string;
  /** An association in Camon (80164), with no member among the people above. */
  readonly ressourcerieId: string;
  readonly outsiderShopId: string;
}

export async function createCurrencyWorld(app: App): Promise<CurrencyWorld> {
  const t = app.services.territories;
  const territoryId = (await t.createTerritory(system, { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' })).id;
  const otherTerritoryId = (await t.createTerritory(system, { slug: 'amiens-ville', level: 'commune', inseeCode: '80021', currencyCode: 'PICA', currencyName: 'La Pica' })).id;
  const shopId = (
    await t.createOrganisation(system, 'amiens', {
      name: 'Épicerie du Marché', kind: 'business', siret: '73282932000074', communeInsee: '80021', address: '3 place du Marché, 80000 Amiens', latitude: 49.894, longitude: 2.296,
    })
  ).id;
  const ressourcerieId = (
    await t.createOrganisation(system, 'amiens', {
      name: 'Ressourcerie La Seconde Main', kind: 'association', siret: '50001973209999', communeInsee: '80164', address: '112 route de Corbie, 80450 Camon', latitude: 49.8895, longitude: 2.348,
    })
  ).id;
  const outsiderShopId = (await t.createOrganisation(system, 'amiens-ville', { name: 'Bazar de la Hotoie', kind: 'business', siret: '73282932000074' })).id;

  // People are invited without a password; the password (one hash) is set only for those a test signs in.
  const member = async (email: string, displayName: string, join: (personEmail: string, personName: string) => Promise<{ id: string } | { personId: string }>): Promise<TestMember> => {
    const joined = await join(email, displayName);
    const id = 'id' in joined ? joined.id : joined.personId;
    let client: TestClient | undefined;
    return {
      id,
      email,
      actor: personActor(id),
      async client() {
        if (!client) {
          await app.services.auth.createAccount(system, { email, password: PASSWORD, displayName });
          client = new TestClient(app);
          await client.signIn(email, PASSWORD);
        }
        return client;
      },
    };
  };
  const citizenOf = (slug: string) => (email: string, displayName: string) => t.addPerson(system, slug, { email, displayName });
  const withRole = (role: 'currency_operator' | 'auditor') => async (email: string, displayName: string) => {
    const added = await citizenOf('amiens')(email, displayName);
    return t.setRoles(system, 'amiens', added.id, [role]);
  };
  const memberOf = (slug: string, organisationId: string, role: 'representative' | 'staff') => (email: string, displayName: string) =>
    t.addMember(system, slug, organisationId, { email, role, displayName });

  return {
    territoryId,
    otherTerritoryId,
    citizen: await member('alice@example.org', 'Alice Martin', citizenOf('amiens')),
    representative: await member('bob@example.org', 'Bob Durand', memberOf('amiens', shopId, 'representative')),
    staff: await member('carol@example.org', 'Carole Petit', memberOf('amiens', shopId, 'staff')),
    operator: await member('olga@example.org', 'Olga Operator', withRole('currency_operator')),
    auditor: await member('audrey@example.org', 'Audrey Auditor', withRole('auditor')),
    outsider: await member('zoe@example.org', 'Zoé Ailleurs', memberOf('amiens-ville', outsiderShopId, 'representative')),
    shopId,
    ressourcerieId,
    outsiderShopId,
  };
}
