import { createServices } from '../app.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { systemActor } from '../platform/auth/actor.js';
import { seedTerritoriesDemo, DEMO_TERRITORY_SLUG } from './territories.js';
import { seedCurrencyDemo } from './currency.js';
import { seedLapsedTimeBankProposal, seedTimeBankDemo } from './currency-time-bank.js';
import { seedPactDemo } from './pact.js';
import { publishDemoComputedIndicators, seedIndicatorsDemo } from './indicators.js';
import { seedFundingDemo } from './funding.js';
import { seedCertificatesDemo } from './certificates.js';
import { seedMetabolismDemo } from './metabolism.js';
import { seedConcertationDemo } from './concertation.js';
import { DemoClock } from './clock.js';

export { DEMO_TERRITORY_SLUG };
export const DEMO_PASSWORD = 'pacte21-demo';

export interface DemoAccount {
  email: string;
  displayName: string;
  roles: string;
}

// The Pact is signed and its commitments made about 200 days back; the currency runs the last 120.
const HISTORY_DAYS = 200;
const CURRENCY_DAYS = 120;

/**
 * Loads the demo territory, one module after another, with a few months of history, in one
 * transaction: a crash halfway leaves nothing, and a second server loading it at the same time finds it
 * loaded. Each later module adds its seeder here, called with the DemoTerritory so it can refer to
 * organisations and people by key. Returns the accounts to print; does nothing if the demo is there.
 */
export async function loadDemo(database: DatabaseHandle, now: Date = new Date()): Promise<{ created: boolean; accounts: DemoAccount[] }> {
  const clock = new DemoClock(new Date(now.getTime() - HISTORY_DAYS * 86_400_000));
  const actor = systemActor('demo');
  try {
    return await database.db.transaction().execute(async (trx) => {
      const services = createServices({ ...database, db: trx }, clock.now);
      if ((await services.territories.listTerritories()).some((t) => t.slug === DEMO_TERRITORY_SLUG)) {
        return { created: false, accounts: [] };
      }
      const territory = await seedTerritoriesDemo(services, actor, DEMO_PASSWORD);
      await seedPactDemo(services, territory, clock, now);
      clock.set(new Date(now.getTime() - CURRENCY_DAYS * 86_400_000));
      await seedCurrencyDemo(services, territory, clock);
      clock.set(new Date(clock.now().getTime() + 3_600_000));
      await seedTimeBankDemo(services, actor);
      clock.set(new Date(clock.now().getTime() + 3_600_000));
      await seedIndicatorsDemo(services, territory, clock);
      await seedFundingDemo(services, territory, clock, now);
      await seedMetabolismDemo(services, territory, clock, now);
      await seedCertificatesDemo(services, territory, clock, now);
      await publishDemoComputedIndicators(services, territory, clock);
      await seedConcertationDemo(services, (past) => createServices({ ...database, db: trx }, past.now), territory, clock, now);
      await seedLapsedTimeBankProposal(createServices({ ...database, db: trx }, () => new Date(now.getTime() - 45 * 86_400_000)), createServices({ ...database, db: trx }, () => now), actor);
      return { created: true, accounts: territory.accounts };
    });
  } catch (error) {
    // Another server committed the demo while this one was loading it.
    if ((error as { code?: string }).code === 'slug_taken') return { created: false, accounts: [] };
    throw error;
  }
}
