import type { App } from '../../app.js';
import { systemActor, type Actor, personActor } from '../../platform/auth/actor.js';
import { TestClient } from '../../platform/http/test-client.js';

export const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';

export const AMIENS = { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' };
export const ELSEWHERE = { slug: 'amiens-ville', level: 'commune', inseeCode: '80021', currencyCode: 'PICA', currencyName: 'La Pica' };

// A Kalundborg in miniature around Amiens: a power plant, a plasterboard maker 8 km north, a
// methaniser, a farm, a recycler. SIRETs pass the Luhn key (from the demo's generator).
const ORGANISATIONS = {
  plant: { name: 'Centrale thermique', kind: 'business', siret: '95827143909994', nafCode: '35.11Z', latitude: 49.87, longitude: 2.30 },
  plasterboard: { name: 'Plâtrerie Picarde', kind: 'business', siret: '40308549109998', nafCode: '23.62Z', latitude: 49.94, longitude: 2.30 },
  methaniser: { name: 'Méthaniseur', kind: 'business', siret: '67789817309998', nafCode: '35.21Z', latitude: 49.90, longitude: 2.35 },
  farm: { name: 'Ferme du Val', kind: 'business', siret: '59312778009992', nafCode: '01.13Z', latitude: 49.85, longitude: 2.39 },
  recycler: { name: 'Recycleur', kind: 'business', siret: '47942222209999', nafCode: '38.32Z', latitude: 49.87, longitude: 2.36 },
} as const;

export type OrganisationKey = keyof typeof ORGANISATIONS;

export interface TestPerson {
  id: string;
  email: string;
  actor: Actor;
  /** A browser signed in as this person. */
  client(): Promise<TestClient>;
}

/**
 * A territory with a facilitator, an auditor, a citizen, and a representative for each organisation
 * (the farm's also staff of the recycler); a second territory with one organisation of its own.
 */
export async function metabolismWorld(app: App) {
  const t = app.services.territories;
  await t.createTerritory(system, AMIENS);
  await t.createTerritory(system, ELSEWHERE);
  const organisations = {} as Record<OrganisationKey, string>;
  for (const [key, o] of Object.entries(ORGANISATIONS)) organisations[key as OrganisationKey] = (await t.createOrganisation(system, AMIENS.slug, o)).id;
  const outsiderOrganisation = (await t.createOrganisation(system, ELSEWHERE.slug, { ...ORGANISATIONS.plant, name: 'Centrale de la ville' })).id;

  // People join without a password; the password (one costly hash) is set only for those a test signs in.
  const make = async (email: string, displayName: string, join: (email: string, displayName: string) => Promise<{ id: string } | { personId: string }>): Promise<TestPerson> => {
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
  const withRole = (slug: string, role: 'facilitator' | 'auditor' | null) => async (email: string, displayName: string) => {
    const added = await t.addPerson(system, slug, { email, displayName });
    if (role) await t.setRoles(system, slug, added.id, [role]);
    return added;
  };
  const member = (organisation: OrganisationKey, role: 'representative' | 'staff' = 'representative') => (email: string, displayName: string) =>
    t.addMember(system, AMIENS.slug, organisations[organisation], { email, role, displayName });

  const people = {
    facilitator: await make('claire@amiens.test', 'Claire', withRole(AMIENS.slug, 'facilitator')),
    auditor: await make('nathalie@amiens.test', 'Nathalie', withRole(AMIENS.slug, 'auditor')),
    citizen: await make('lucie@amiens.test', 'Lucie', withRole(AMIENS.slug, null)),
    plantRep: await make('paul@plant.test', 'Paul', member('plant')),
    plasterboardRep: await make('sarah@plasterboard.test', 'Sarah', member('plasterboard')),
    methaniserRep: await make('marc@methaniser.test', 'Marc', member('methaniser')),
    farmRep: await make('pierre@farm.test', 'Pierre', async (email, name) => {
      await member('recycler', 'staff')(email, name);
      return member('farm')(email, name);
    }),
    outsider: await make('olivier@ailleurs.test', 'Olivier', withRole(ELSEWHERE.slug, 'facilitator')),
  };
  return { slug: AMIENS.slug, otherSlug: ELSEWHERE.slug, organisations, outsiderOrganisation, people, sirets: Object.fromEntries(Object.entries(ORGANISATIONS).map(([k, o]) => [k, o.siret])) as Record<OrganisationKey, string> };
}

export type MetabolismWorld = Awaited<ReturnType<typeof metabolismWorld>>;
