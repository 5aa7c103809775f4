#!/usr/bin/env node
import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { createApp, createServices } from './app.js';
import { loadConfig, type Config } from './config.js';
import { connectDatabase } from './platform/db/connect.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { verifyAuditChains } from './platform/audit/audit-trail.js';
import { systemActor } from './platform/auth/actor.js';
import { ProblemError } from './platform/errors.js';
import { DEMO_PASSWORD, DEMO_TERRITORY_SLUG, loadDemo } from './demo/seed.js';
import type { WithServices } from './command-context.js';
import { registerCurrencyCommands } from './modules/currency/commands.js';
import { registerCertificateCommands } from './modules/certificates/commands.js';
import { registerPactCommands } from './modules/pact/commands.js';
import { registerIndicatorsCommands } from './modules/indicators/commands.js';
import { registerFundingCommands } from './modules/funding/commands.js';
import { registerMetabolismCommands } from './modules/metabolism/commands.js';
import { registerConcertationCommands } from './modules/concertation/commands.js';

const program = new Command();
program
  .name('pacte21')
  .description("Pacte 21: run a territory's sustainable-economy pact. Every command reads PACTE21_DATABASE_URL (or DATABASE_URL), default sqlite:var/pacte21.db.")
  .option('-d, --database <url>', 'database URL: sqlite:<file> or postgres://user@host/db');

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535.');
  return n;
}

function configFrom(overrides: Partial<Config> = {}): Config {
  const database = program.opts<{ database?: string }>().database;
  return loadConfig({ ...overrides, ...(database ? { databaseUrl: database } : {}) });
}

const withServices: WithServices = async (work) => {
  const config = configFrom({ logLevel: 'silent' });
  const database = connectDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
    return await work(createServices(database), database);
  } finally {
    await database.close();
  }
};

function printDemoAccounts(accounts: { email: string; displayName: string; roles: string }[]): void {
  if (accounts.length === 0) return;
  console.log(`\nDemo territory "${DEMO_TERRITORY_SLUG}" loaded. Sign in with any of these (password: ${DEMO_PASSWORD}):`);
  for (const a of accounts) console.log(`  ${a.email.padEnd(44)} ${a.displayName.padEnd(24)} ${a.roles}`);
}

program
  .command('serve')
  .description('Start the web app and the API (migrates the database first).')
  .option('-p, --port <port>', 'port to listen on (env PORT, default 3021)', port)
  .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
  .option('--demo', 'load the demo territory on first start')
  .action(async (options: { port?: number; host?: string; demo?: boolean }) => {
    const config = configFrom({ ...(options.port !== undefined ? { port: options.port } : {}), ...(options.host ? { host: options.host } : {}) });
    const app = await createApp(config);
    if (options.demo) printDemoAccounts((await loadDemo(app.database)).accounts);
    const address = await app.http.listen({ port: config.port, host: config.host });
    console.log(`\nPacte 21 is running on ${address.replace('127.0.0.1', 'localhost').replace('0.0.0.0', 'localhost')} (database: ${app.database.dialect}); API docs at /api/docs`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        void app.close().then(() => process.exit(0));
      });
    }
  });

program
  .command('migrate')
  .description('Bring the database schema up to date (serve does it too).')
  .action(async () => {
    await withServices(async () => undefined);
    console.log('The database schema is up to date.');
  });

program
  .command('demo')
  .description('Load the demo territory (Amiens Métropole) if it is not there yet.')
  .action(async () => {
    const { created, accounts } = await withServices((_services, database) => loadDemo(database));
    if (!created) console.log(`The demo territory "${DEMO_TERRITORY_SLUG}" is already loaded.`);
    printDemoAccounts(accounts);
  });

const importCommand = program.command('import').description('Import data from CSV files.');
importCommand
  .command('organisations <file>')
  .description('Import organisations from a CSV file (header: name,kind,siret,naf_code,address,commune_insee,latitude,longitude); all rows or none.')
  .requiredOption('-t, --territory <slug>', 'the territory to import into')
  .action(async (file: string, options: { territory: string }) => {
    if (!fs.existsSync(file)) throw new InvalidArgumentError(`no file at ${file}`);
    const csv = fs.readFileSync(file, 'utf8');
    const items = await withServices((services) => services.territories.importOrganisations(systemActor('cli import'), options.territory, csv));
    console.log(`${items.length} organisation(s) imported into ${options.territory}.`);
  });

const audit = program.command('audit').description('The hash-chained audit trail.');
audit
  .command('verify')
  .description('Recompute every hash chain and report the first broken link, if any (exit code 1 when broken).')
  .option('-t, --territory <slug>', 'only this territory')
  .action(async (options: { territory?: string }) => {
    const results = await withServices(async (services, database) => {
      const territoryId = options.territory ? (await services.territories.requireTerritory(options.territory)).id : undefined;
      return verifyAuditChains(database.db, territoryId);
    });
    let broken = false;
    for (const r of results) {
      if (r.firstBrokenSeq === null) console.log(`✔ chain ${r.territoryId}: ${r.eventsChecked} event(s), intact`);
      else {
        broken = true;
        console.log(`✘ chain ${r.territoryId}: broken at event ${r.firstBrokenSeq} (${r.reason}); ${r.eventsChecked} event(s) before it are intact`);
      }
    }
    if (broken) process.exitCode = 1;
  });

const users = program.command('users').description('Accounts.');
users
  .command('create')
  .description('Create an account with a password, optionally in a territory with roles.')
  .requiredOption('--email <email>', 'email address (the sign-in)')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--password <password>', 'password (at least 12 characters)')
  .option('-t, --territory <slug>', 'add the person to this territory')
  .option('--roles <roles>', 'comma-separated territory roles: facilitator,currency_operator,auditor', '')
  .action(async (options: { email: string; name: string; password: string; territory?: string; roles: string }) => {
    await withServices(async (services) => {
      const actor = systemActor('cli users create');
      const person = await services.auth.createAccount(actor, { email: options.email, password: options.password, displayName: options.name });
      if (options.territory) {
        await services.territories.addPerson(actor, options.territory, { email: person.email, displayName: person.displayName });
        const roles = options.roles.split(',').map((r) => r.trim()).filter(Boolean);
        if (roles.length > 0) await services.territories.setRoles(actor, options.territory, person.id, roles);
      }
      console.log(`Account ${person.email} created${options.territory ? ` in ${options.territory}` : ''}.`);
    });
  });

const territoriesCommand = program.command('territories').description('Territories on this platform.');
territoriesCommand
  .command('create')
  .description('Create a territory from its official code (checked against the INSEE geography).')
  .requiredOption('--slug <slug>', 'short name used in addresses, e.g. amiens-metropole')
  .requiredOption('--level <level>', 'commune | epci | departement | region')
  .requiredOption('--insee <code>', 'INSEE commune code, SIREN of the EPCI, or département / région code')
  .requiredOption('--currency-code <code>', 'local currency code, e.g. GRAIN')
  .requiredOption('--currency-name <name>', 'local currency name')
  .option('--name <name>', 'display name (default: the official name)')
  .action(async (options: { slug: string; level: string; insee: string; currencyCode: string; currencyName: string; name?: string }) => {
    const territory = await withServices((services) =>
      services.territories.createTerritory(systemActor('cli territories create'), {
        slug: options.slug,
        level: options.level,
        inseeCode: options.insee,
        currencyCode: options.currencyCode,
        currencyName: options.currencyName,
        ...(options.name ? { name: options.name } : {}),
      }),
    );
    console.log(`Territory ${territory.name} created at /t/${territory.slug}.`);
  });

registerCurrencyCommands(program, withServices);
registerCertificateCommands(program, withServices);
registerPactCommands(program, withServices);
registerIndicatorsCommands(program, withServices);
registerFundingCommands(program, withServices);
registerMetabolismCommands(program, withServices);
registerConcertationCommands(program, withServices);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ProblemError) {
    console.error(`Error (${error.code}): ${error.message}`);
    for (const e of error.errors) console.error(`  ${e.row !== undefined ? `row ${e.row}, ` : ''}${e.field}: ${e.message}`);
  } else {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
});
