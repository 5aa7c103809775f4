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
import { systemClock, type Clock } from './platform/clock.js';

/** Every use case of the platform, wired once; the HTTP server and the command line both use this. */
export interface Services {
  readonly auth: AuthService;
  readonly territories: TerritoriesService;
  readonly currency: CurrencyService;
}

export function createServices(database: DatabaseHandle, clock: Clock = systemClock): Services {
  const territories = new TerritoriesService(database.db, clock);
  const auth = new AuthService(database.db, territories, clock);
  const currency = new CurrencyService(database.db, territories, clock);
  return Object.freeze({ auth, territories, currency });
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
    resolveActor: async ({ bearer, sessionSecret }) => {
      if (bearer) return services.auth.actorFromToken(bearer);
      return sessionSecret ? services.auth.actorFromSession(sessionSecret) : undefined;
    },
  });
  registerAuthRoutes(http, services.auth, { secureCookies: config.secureCookies, signInRateLimit: config.signInRateLimit });
  registerTerritoriesRoutes(http, services.territories);
  registerCurrencyRoutes(http, services.currency);
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
