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
import { NotificationsService } from './modules/pact/notifications.js';
import { PactDataService } from './modules/pact/pact-data.js';
import { EvidenceStore } from './modules/pact/evidence-store.js';
import { startLateSweep } from './modules/pact/late-sweep.js';
import { startPeriodic } from './platform/periodic.js';
import { systemActor } from './platform/auth/actor.js';
import { evidenceDirFrom } from './config.js';
import { certificateSettingsFromEnvironment, createCertificateServices, type CertificateServices, type CertificateSettings } from './modules/certificates/service.js';
import { registerCertificateRoutes } from './modules/certificates/routes.js';
import { FundingService } from './modules/funding/service.js';
import { CampaignsService } from './modules/funding/campaigns.js';
import { ExpensesService } from './modules/funding/expenses.js';
import { FundingOpenData } from './modules/funding/open-data.js';
import { registerFundingRoutes } from './modules/funding/routes.js';
import { registerCampaignRoutes } from './modules/funding/campaign-routes.js';
import { registerExpenseRoutes } from './modules/funding/expense-routes.js';
import { IndicatorsService } from './modules/indicators/service.js';
import { IndicatorsPortal } from './modules/indicators/portal.js';
import { registerIndicatorsRoutes } from './modules/indicators/routes.js';
import { registerComputedIndicators } from './modules/indicators/providers/index.js';
import { MetabolismService } from './modules/metabolism/service.js';
import { MetabolismAnalysisService } from './modules/metabolism/analysis.js';
import { SymbiosisService } from './modules/metabolism/symbiosis.js';
import { registerMetabolismRoutes } from './modules/metabolism/routes.js';
import { registerSymbiosisRoutes } from './modules/metabolism/symbiosis-routes.js';
import { metabolismEvidenceSources } from './modules/metabolism/evidence-sources.js';
import { ConcertationService } from './modules/concertation/service.js';
import { EvaluationService } from './modules/concertation/evaluation.js';
import { EvaluationReports } from './modules/concertation/reports.js';
import { registerConcertationRoutes } from './modules/concertation/routes.js';
import type { Executor } from './platform/db/transaction.js';
import { systemClock, type Clock } from './platform/clock.js';
import { hashParameters } from './platform/auth/passwords.js';

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
  readonly notifications: NotificationsService;
  readonly pactData: PactDataService;
  readonly certificates: CertificateServices;
  readonly funding: FundingService;
  readonly fundingCampaigns: CampaignsService;
  readonly fundingExpenses: ExpensesService;
  readonly fundingOpenData: FundingOpenData;
  readonly indicators: IndicatorsService;
  readonly indicatorsPortal: IndicatorsPortal;
  readonly metabolism: MetabolismService;
  readonly metabolismAnalysis: MetabolismAnalysisService;
  readonly symbiosis: SymbiosisService;
  readonly concertation: ConcertationService;
  readonly evaluation: EvaluationService;
  readonly evaluationReports: EvaluationReports;
}

export function createServices(database: DatabaseHandle, clock: Clock = systemClock, certificateSettings: CertificateSettings = certificateSettingsFromEnvironment(), evidenceDir: string = evidenceDirFrom()): Services {
  const territories = new TerritoriesService(database.db, clock);
  const auth = new AuthService(database.db, territories, clock);
  const currency = new CurrencyService(database.db, territories, clock);
  const timeBank = new TimeBankService(database.db, territories, currency, clock);
  const paymentRequests = new PaymentRequestsService(database.db, territories, currency, clock);
  const currencyAcceptance = new CurrencyAcceptanceService(database.db, territories, clock);
  const salaryShare = new SalaryShareService(database.db, territories, currency, clock);
  const chronicle = new ChronicleService(database.db, territories, clock);
  const pact = new PactService(database.db, territories, chronicle, clock);
  const notifications = new NotificationsService(database.db, territories, clock);
  const taskForces = new TaskForcesService(database.db, territories, chronicle, notifications, clock);
  const commitments = new CommitmentsService(database.db, territories, chronicle, notifications, new EvidenceStore(evidenceDir), clock);
  const decisions = new DecisionsService(database.db, territories, chronicle, notifications, clock);
  const pactData = new PactDataService(database.db, territories, chronicle, clock);
  const funding = new FundingService(database.db, territories, taskForces, chronicle, clock);
  const fundingCampaigns = new CampaignsService(database.db, territories, taskForces, currency, funding, chronicle, clock);
  const fundingExpenses = new ExpensesService(database.db, territories, taskForces, clock);
  const fundingOpenData = new FundingOpenData(territories, taskForces, funding, fundingCampaigns, fundingExpenses, clock);
  const certificates = createCertificateServices(database.db, { territories, chronicle, salaryShare, currency, commitments, taskForces }, certificateSettings, clock);
  const indicators = new IndicatorsService(database.db, territories, pact, clock);
  const indicatorsPortal = new IndicatorsPortal(indicators);
  const metabolism = new MetabolismService(database.db, territories, clock);
  const metabolismAnalysis = new MetabolismAnalysisService(database.db, territories, metabolism, clock);
  const symbiosis = new SymbiosisService(database.db, territories, metabolism, chronicle, clock);
  for (const source of metabolismEvidenceSources(metabolism, symbiosis)) certificates.registerEvidenceSource(source);
  registerComputedIndicators(indicators, { db: database.db, clock, territories, commitments, pact, certificates: certificates.certificates, metabolismAnalysis, funding });
  // The Pact's services bound to one transaction, for the workshops' writes that create Pact records.
  const pactIn = (trx: Executor) => {
    const territoriesIn = new TerritoriesService(trx, clock);
    const chronicleIn = new ChronicleService(trx, territoriesIn, clock);
    const notificationsIn = new NotificationsService(trx, territoriesIn, clock);
    return {
      pact: new PactService(trx, territoriesIn, chronicleIn, clock),
      taskForces: new TaskForcesService(trx, territoriesIn, chronicleIn, notificationsIn, clock),
      commitments: new CommitmentsService(trx, territoriesIn, chronicleIn, notificationsIn, new EvidenceStore(evidenceDir), clock),
    };
  };
  const concertation = new ConcertationService(database.db, territories, pact, taskForces, commitments, chronicle, pactIn, clock);
  const evaluation = new EvaluationService(database.db, territories, { territories, pact, commitments, taskForces, indicators, funding, fundingExpenses, currency, metabolismAnalysis, symbiosis, certificates: certificates.certificates }, clock);
  const evaluationReports = new EvaluationReports(concertation, evaluation);
  return Object.freeze({ auth, territories, currency, salaryShare, timeBank, paymentRequests, currencyAcceptance, chronicle, pact, taskForces, commitments, decisions, notifications, pactData, funding, fundingCampaigns, fundingExpenses, fundingOpenData, certificates, indicators, indicatorsPortal, metabolism, metabolismAnalysis, symbiosis, concertation, evaluation, evaluationReports });
}

export interface App {
  readonly database: DatabaseHandle;
  readonly services: Services;
  readonly http: HttpServer;
  close(): Promise<void>;
}

/** Composition root: config → database → modules → HTTP server. */
export async function createApp(config: Config, options: { database?: DatabaseHandle; clock?: Clock; migrate?: boolean } = {}): Promise<App> {
  hashParameters(); // a wrong PACTE21_PASSWORD_HASH_COST stops the start, not the first sign-up
  const database = options.database ?? connectDatabase(config.databaseUrl);
  if (options.migrate !== false) await migrateToLatest(database.db);
  const services = createServices(database, options.clock, { publicUrl: config.publicUrl, keySecret: () => config.keySecret }, config.evidenceDir);
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
  registerCertificateRoutes(http, services.certificates);
  registerFundingRoutes(http, services.funding, services.fundingOpenData);
  registerCampaignRoutes(http, services.fundingCampaigns);
  registerExpenseRoutes(http, services.fundingExpenses);
  registerConcertationRoutes(http, services.concertation, services.evaluation, services.evaluationReports);
  registerIndicatorsRoutes(http, services.indicators, services.indicatorsPortal);
  registerMetabolismRoutes(http, services.metabolism, services.metabolismAnalysis);
  registerSymbiosisRoutes(http, services.symbiosis);
  await http.ready();
  const lateSweep = config.lateSweepMinutes > 0 ? startLateSweep(services.commitments, config.lateSweepMinutes, (error) => http.log.error(error)) : undefined;
  const holdExpiry =
    config.holdExpirySeconds > 0
      ? startPeriodic(() => services.currency.expireHolds(systemActor('hold expiry')), config.holdExpirySeconds * 1000, (error) => http.log.error(error))
      : undefined;
  return {
    database,
    services,
    http,
    async close() {
      await lateSweep?.stop();
      await holdExpiry?.stop();
      await http.close();
      if (!options.database) await database.close();
    },
  };
}
