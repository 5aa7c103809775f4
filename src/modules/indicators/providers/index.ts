import type { Executor } from '../../../platform/db/transaction.js';
import type { Clock } from '../../../platform/clock.js';
import type { CommitmentsService } from '../../pact/commitments.js';
import type { PactService } from '../../pact/service.js';
import type { CertificatesService } from '../../certificates/certificates.js';
import type { MetabolismAnalysisService } from '../../metabolism/analysis.js';
import type { FundingService } from '../../funding/service.js';
import type { Territory } from '../../territories/model.js';
import type { TerritoriesService } from '../../territories/service.js';
import type { IndicatorsService } from '../service.js';
import { currencyIndicatorProvider } from './currency.js';
import { pactIndicatorProvider } from './pact.js';
import { metabolismIndicatorProvider } from './metabolism.js';
import { certificatesIndicatorProvider } from './certificates.js';
import { fundingIndicatorProvider } from './funding.js';

export interface ComputingModules {
  readonly db: Executor;
  readonly clock: Clock;
  readonly territories: TerritoriesService;
  readonly commitments: CommitmentsService;
  readonly pact: PactService;
  readonly certificates: CertificatesService;
  readonly metabolismAnalysis: MetabolismAnalysisService;
  readonly funding: FundingService;
}

/**
 * The one place where modules' computed indicators are wired, called once by `createServices`.
 *
 * Wired: currency (currency_circulation, currency_circulation_per_inhabitant, currency_velocity,
 * salary_share_converted), pact (commitments_kept_on_time), metabolism (dmc_per_inhabitant,
 * local_loop_rate, for year periods), certificates (certified_partners_share) and funding
 * (public_money_leverage): every code of the catalogue marked `computedBy`.
 *
 * Each provider reads its module through that module's services (see ../computed.ts), except the
 * currency provider's payroll totals, which the currency module has no territory-wide reader for yet.
 * A new module adds a `ComputedIndicatorProvider` of its own and registers it below, passing what it
 * needs through `ComputingModules`.
 */
export function registerComputedIndicators(indicators: IndicatorsService, modules: ComputingModules): void {
  const population = (territory: Territory, period: string) => indicators.populationOf(territory, period);
  const now = () => modules.clock().toISOString();
  indicators.registerProvider(currencyIndicatorProvider({ db: modules.db, population }));
  indicators.registerProvider(pactIndicatorProvider({ commitments: modules.commitments, today: () => now().slice(0, 10) }));
  indicators.registerProvider(metabolismIndicatorProvider({ analysis: modules.metabolismAnalysis, population }));
  indicators.registerProvider(certificatesIndicatorProvider({ pact: modules.pact, certificates: modules.certificates, now }));
  indicators.registerProvider(fundingIndicatorProvider({ funding: modules.funding, territories: modules.territories }));
}
