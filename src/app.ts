import { sql } from 'kysely';
import type { Config } from './config.js';
import { connectDatabase, type DatabaseHandle } from './platform/db/connect.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { createHttpServer, type HttpServer } from './platform/http/server.js';
import { AuthService } from './platform/auth/service.js';
import { registerAuthRoutes } from './platform/auth/routes.js';
import { TerritoriesService } from './modules/territories/service.js';
import { registerTerritoriesRoutes } from './modules/territories/routes.js';
import { CurrencyService } from './modules/currency/service.js';
import { registerCurrencyRoutes } from './modules/currency/routes.js';
import { registerAccountingRoutes } from './modules/currency/accounting-routes.js';
import { SalaryShareService } from './modules/currency/salary-share.js';
import { registerSalaryShareRoutes } from './modules/currency/salary-share-routes.js';
import { TimeBankService } from './modules/currency/time-bank.js';
import { PaymentRequestsService } from './modules/currency/payment-requests.js';
import { CurrencyAcceptanceService } from './modules/currency/acceptance.js';
import { registerTimeBankRoutes } from './modules/currency/time-bank-routes.js';
import { ChronicleService } from './modules/pact/chronicle.js';
import { PactService } from './modules/pact/service.js';
import { TaskForcesService } from './modules/pact/task-forces.js';
import { CommitmentsService } from './modules/pact/commitments.js';
import { registerPactRoutes } from './modules/pact/routes.js';
import { DecisionsService } from './modules/pact/decisions.js';
import { registerDecisionRoutes } from './modules/pact/decision-routes.js';
import { systemClock, type Clock } from './platform/clock.js';

/** Every use case of the platform, wired once; the HTTP server and the command line both use this. */
export interface Services {
  readonly auth: AuthService;
  readonly territories: TerritoriesService;
  readonly currency: CurrencyService;
  readonly timeBank: TimeBankService;
  readonly paymentRequests: PaymentRequestsService;
  readonly currencyAcceptance: CurrencyAcceptanceService;
  readonly salaryShare: SalaryShareService;
  readonly chronicle: ChronicleService;
  readonly pact: PactService;
  readonly taskForces: TaskForcesService;
  readonly commitments: CommitmentsService;
  readonly decisions: DecisionsService;
}

export function createServices(database: DatabaseHandle, clock: Clock = systemClock): Services {
  const territories = new TerritoriesService(database.db, clock);
  const auth = new AuthService(database.db, territories, clock);
  const currency = new CurrencyService(database.db, territories, clock);
  const timeBank = new TimeBankService(database.db, territories, currency, clock);
  const paymentRequests = new PaymentRequestsService(database.db, territories, currency, clock);
  const currencyAcceptance = new CurrencyAcceptanceService(database.db, territories, clock);
  const salaryShare = new SalaryShareService(database.db, territories, currency, clock);
  const chronicle = new ChronicleService(database.db, territories, clock);
  const pact = new PactService(database.db, territories, chronicle, clock);
  const taskForces = new TaskForcesService(database.db, territories, chronicle, clock);
  const commitments = new CommitmentsService(database.db, territories, chronicle, clock);
  const decisions = new DecisionsService(database.db, territories, chronicle, clock);
  return Object.freeze({ auth, territories, currency, salaryShare, timeBank, paymentRequests, currencyAcceptance, chronicle, pact, taskForces, commitments, decisions });
}

export interface App {
  readonly database: DatabaseHandle;
  readonly services: Services;
  readonly http: HttpServer;
  close(): Promise<void>;
}

/** Composition root: config → database → modules → HTTP server. */
export async function createApp(config: Config, options: { database?: DatabaseHandle; clock?: Clock; migrate?: boolean } = {}): Promise<App> {
  const database = options.database ?? connectDatabase(config.databaseUrl);
  if (options.migrate !== false) await migrateToLatest(database.db);
  const services = createServices(database, options.clock);
  const http = await createHttpServer({
    cookieSecret: config.cookieSecret,
    secureCookies: config.secureCookies,
    logLevel: config.logLevel,
    webRoot: config.webRoot,
    databaseDialect: database.dialect,
    trustProxy: config.trustProxy,
    pingDatabase: async () => {
      await sql`select 1`.execute(database.db);
    },
    resolveActor: async ({ bearer, sessionSecret }) => {
      if (bearer) return services.auth.actorFromToken(bearer);
      return sessionSecret ? services.auth.actorFromSession(sessionSecret) : undefined;
    },
  });
  registerAuthRoutes(http, services.auth, { secureCookies: config.secureCookies, signInRateLimit: config.signInRateLimit });
  registerTerritoriesRoutes(http, services.territories);
  registerPactRoutes(http, services);
  registerDecisionRoutes(http, services.decisions);
  registerCurrencyRoutes(http, services.currency);
  registerTimeBankRoutes(http, services.timeBank, services.paymentRequests, services.currencyAcceptance);
  registerAccountingRoutes(http, services.currency, { db: database.db, territories: services.territories, clock: options.clock });
  registerSalaryShareRoutes(http, services.salaryShare);
  await http.ready();
  return {
    database,
    services,
    http,
    async close() {
      await http.close();
      if (!options.database) await database.close();
    },
  };
}
