import type { App } from '../../app.js';
import { personActor, systemActor } from '../../platform/auth/actor.js';
import { TestClient } from '../../platform/http/test-client.js';

export const system = systemActor('test');
const PASSWORD = 'correct-horse-battery';

export const AMIENS = { slug: 'amiens', level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' } as const;
export const ABBEVILLE = { slug: 'abbeville', level: 'commune', inseeCode: '80001', currencyCode: 'BAIE', currencyName: 'La Baie' } as const;

/**
 * A territory with a facilitator, an auditor and a citizen (browsers signed in on first use), and a
 * second territory with a facilitator of its own, to check that nothing crosses between them.
 */
export async function indicatorsWorld(app: App) {
  const t = app.services.territories;
  await t.createTerritory(system, AMIENS);
  await t.createTerritory(system, ABBEVILLE);
  const person = async (slug: string, local: string, roles: string[]) => {
    const email = `${local}@${slug}.test`;
    const added = await t.addPerson(system, slug, { email, displayName: local });
    if (roles.length > 0) await t.setRoles(system, slug, added.id, roles);
    let client: TestClient | undefined;
    return {
      id: added.id,
      actor: personActor(added.id),
      async client(): Promise<TestClient> {
        if (!client) {
          await app.services.auth.createAccount(system, { email, password: PASSWORD, displayName: local });
          client = new TestClient(app);
          await client.signIn(email, PASSWORD);
        }
        return client;
      },
    };
  };
  return {
    facilitator: await person('amiens', 'claire', ['facilitator']),
    auditor: await person('amiens', 'nathalie', ['auditor']),
    citizen: await person('amiens', 'lucie', []),
    otherFacilitator: await person('abbeville', 'paul', ['facilitator']),
    reader: new TestClient(app),
  };
}

export const api = (slug: string, path = '') => `/api/v1/t/${slug}/indicators${path}`;
