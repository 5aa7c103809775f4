import type { Executor } from '../../platform/db/transaction.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { TerritoriesService } from '../territories/service.js';
import type { CurrencyService } from './service.js';
import { StatementsService } from './statements.js';
import { FecService } from './fec.js';
import { DemurrageService } from './demurrage.js';

/** The currency's accounting use cases: account statements, the FEC, demurrage. */
export interface AccountingServices {
  readonly statements: StatementsService;
  readonly fec: FecService;
  readonly demurrage: DemurrageService;
}

export function createAccountingServices(db: Executor, territories: TerritoriesService, currency: CurrencyService, clock: Clock = systemClock): AccountingServices {
  return Object.freeze({
    statements: new StatementsService(db, territories),
    fec: new FecService(db, territories, clock),
    demurrage: new DemurrageService(db, territories, currency, clock),
  });
}
