import type { Executor } from '../../../platform/db/transaction.js';
import type { Clock } from '../../../platform/clock.js';
import type { CommitmentsService } from '../../pact/commitments.js';
import type { IndicatorsService } from '../service.js';
import { currencyIndicatorProvider } from './currency.js';
import { pactIndicatorProvider } from './pact.js';

export interface ComputingModules {
  readonly db: Executor;
  readonly clock: Clock;
  readonly commitments: CommitmentsService;
}

/**
 * The one place where modules' computed indicators are wired, called once by `createServices`.
 *
 * Wired: currency (currency_circulation, currency_circulation_per_inhabitant, currency_velocity,
 * salary_share_converted) and pact (commitments_kept_on_time).
 *
 * Not yet: metabolism (dmc_per_inhabitant, local_loop_rate), certificates (certified_partners_share)
 * and funding (public_money_leverage). Each of those modules adds a `ComputedIndicatorProvider` of
 * its own (see ../computed.ts; currency.ts and pact.ts here are examples) and registers it below with
 * `indicators.registerProvider(…)`, passing what it needs through `ComputingModules`. Until then their
 * catalogue entries take entered values like any other.
 */
export function registerComputedIndicators(indicators: IndicatorsService, modules: ComputingModules): void {
  indicators.registerProvider(
    currencyIndicatorProvider({ db: modules.db, population: (territory, period) => indicators.populationOf(territory, period) }),
  );
  indicators.registerProvider(pactIndicatorProvider({ commitments: modules.commitments, today: () => modules.clock().toISOString().slice(0, 10) }));
}
