import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** The project's root, whether running from `src/` (tsx, tests) or from `dist/src/` (built). */
export const projectRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();

export interface Config {
  readonly databaseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly cookieSecret: string;
  readonly secureCookies: boolean;
  readonly logLevel: string;
  /** Trust X-Forwarded-For (client address for rate limits) only behind a proxy that sets it. */
  readonly trustProxy: boolean;
  readonly webRoot: string;
  readonly signInRateLimit: { max: number; timeWindow: string };
  /** Where uploaded evidence files are kept, by SHA-256 (PACTE21_EVIDENCE_DIR, default var/evidence). */
  readonly evidenceDir: string;
  /** How often the server announces late commitments, in minutes (PACTE21_LATE_SWEEP_MINUTES, default 60; 0: never). */
  readonly lateSweepMinutes: number;
  /** How often the server voids the ledger's holds past their timeout, in seconds (PACTE21_HOLD_EXPIRY_SECONDS, default 60; 0: never). */
  readonly holdExpirySeconds: number;
  /** The public origin (and path prefix) of this deployment: the territories' did:web and the links in certificates. */
  readonly publicUrl: string;
  /** Seals the certificate signing keys at rest; the cookie secret unless PACTE21_KEY_SECRET is set. */
  readonly keySecret: string;
}

export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3021';

export function publicUrlFrom(env: NodeJS.ProcessEnv = process.env): string {
  return (env.PACTE21_PUBLIC_URL || DEFAULT_PUBLIC_URL).replace(/\/+$/, '');
}

export const DEFAULT_DATABASE_URL = 'sqlite:var/pacte21.db';

export function evidenceDirFrom(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(projectRoot, env.PACTE21_EVIDENCE_DIR || path.join('var', 'evidence'));
}

/**
 * One typed config from the environment, overridden by command-line flags. The cookie secret must be
 * shared by every server of a deployment; on a single machine it is generated once into var/.
 */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = overrides.databaseUrl ?? env.PACTE21_DATABASE_URL ?? env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const cookieSecret = overrides.cookieSecret ?? env.PACTE21_COOKIE_SECRET ?? localSecret();
  return Object.freeze({
    databaseUrl,
    // Local by default: the demo's accounts have a published password. Set HOST=0.0.0.0 to serve a network.
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port: overrides.port ?? portFrom(env.PORT),
    cookieSecret,
    secureCookies: overrides.secureCookies ?? env.PACTE21_SECURE_COOKIES === 'true',
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    trustProxy: overrides.trustProxy ?? env.PACTE21_TRUST_PROXY === 'true',
    webRoot: overrides.webRoot ?? path.join(projectRoot, 'dist', 'web'),
    signInRateLimit: overrides.signInRateLimit ?? { max: Number(env.PACTE21_SIGN_IN_PER_MINUTE ?? 10), timeWindow: '1 minute' },
    evidenceDir: overrides.evidenceDir ?? evidenceDirFrom(env),
    lateSweepMinutes: overrides.lateSweepMinutes ?? Math.max(0, Number(env.PACTE21_LATE_SWEEP_MINUTES ?? 60) || 0),
    holdExpirySeconds: overrides.holdExpirySeconds ?? Math.max(0, Number(env.PACTE21_HOLD_EXPIRY_SECONDS ?? 60) || 0),
    publicUrl: overrides.publicUrl ?? publicUrlFrom(env),
    keySecret: overrides.keySecret ?? env.PACTE21_KEY_SECRET ?? cookieSecret,
  });
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 3021;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a number from 0 to 65535, not "${value}".`);
  return port;
}

function localSecret(): string {
  const file = path.join(projectRoot, 'var', 'cookie-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
