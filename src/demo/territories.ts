import type { Services } from '../app.js';
import type { Actor } from '../platform/auth/actor.js';
import type { DemoAccount } from './seed.js';

export const DEMO_TERRITORY_SLUG = 'amiens-metropole';

export async function seedTerritoriesDemo(services: Services, actor: Actor, password: string): Promise<DemoAccount[]> {
  await services.territories.createTerritory(actor, {
    slug: DEMO_TERRITORY_SLUG,
    level: 'epci',
    inseeCode: '248000531',
    name: 'Amiens Métropole',
    currencyCode: 'GRAIN',
    currencyName: 'Le Grain',
  });
  const facilitator = await services.auth.createAccount(actor, { email: 'facilitatrice@amiens-metropole.demo', password, displayName: 'Claire Dumont' });
  await services.territories.addPerson(actor, DEMO_TERRITORY_SLUG, { email: facilitator.email, displayName: facilitator.displayName });
  await services.territories.setRoles(actor, DEMO_TERRITORY_SLUG, facilitator.id, ['facilitator']);
  return [{ email: facilitator.email, displayName: facilitator.displayName, roles: 'facilitator' }];
}
