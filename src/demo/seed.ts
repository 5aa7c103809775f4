import type { Services } from '../app.js';
import { systemActor } from '../platform/auth/actor.js';
import { seedTerritoriesDemo, DEMO_TERRITORY_SLUG } from './territories.js';

export { DEMO_TERRITORY_SLUG };
export const DEMO_PASSWORD = 'pacte21-demo';

export interface DemoAccount {
  email: string;
  displayName: string;
  roles: string;
}

/**
 * Loads the demo territory, one module after another; each later module adds its own seeder here.
 * Returns the accounts to print. Does nothing if the demo territory already exists.
 */
export async function seedDemo(services: Services): Promise<{ created: boolean; accounts: DemoAccount[] }> {
  const actor = systemActor('demo');
  if ((await services.territories.listTerritories()).some((t) => t.slug === DEMO_TERRITORY_SLUG)) {
    return { created: false, accounts: [] };
  }
  const accounts = await seedTerritoriesDemo(services, actor, DEMO_PASSWORD);
  return { created: true, accounts };
}
