/**
 * The public portal's indicator page under load: requests per second and latency of
 * GET /api/v1/t/{territory}/indicators/{code} with the in-process page cache on and off, against a
 * plain static file of the same bytes served by the same server (@fastify/static), measured in the same
 * run. The server runs in this process (createApp, the real routes, helmet, the actor hook); the load
 * comes from autocannon in a second process over loopback. Target: ≥ 5,000 requests/s with a p99
 * ≤ 50 ms for the cached page. SQLite always; PostgreSQL when PACTE21_BENCH_POSTGRES_URL or
 * PACTE21_TEST_POSTGRES_URL is set.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../src/app.js';
import { loadConfig, projectRoot } from '../src/config.js';
import type { DatabaseHandle } from '../src/platform/db/connect.js';
import { systemActor } from '../src/platform/auth/actor.js';
import { benchDatabases, formatCount, formatRatio, printTable } from './harness.js';

const SLUG = 'bench';
const CODE = 'employment_rate';
const CONNECTIONS = 32;
const SECONDS = Number(process.env.PACTE21_BENCH_SECONDS ?? 10);
const TARGET_RPS = 5000;
const TARGET_P99_MS = 50;
const autocannon = path.join(projectRoot, 'node_modules', 'autocannon', 'autocannon.js');

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

/** Ten years of a rate by sex, a target and a revision: what a real indicator page carries. */
async function seed(app: App): Promise<void> {
  const system = systemActor('bench');
  const { territories, indicators } = app.services;
  await territories.createTerritory(system, { slug: SLUG, level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
  const rows = ['Year,Sexe,Value,OBS_STATUS,COMMENT_OBS'];
  for (let year = 2016; year <= 2025; year += 1) {
    const total = 60 + (year - 2016) * 0.5;
    const note = year === 2021 ? 'Rupture de série : nouveau questionnaire.' : '';
    rows.push(`${year},,${total.toFixed(1)},${year === 2025 ? 'P' : 'A'},${note}`, `${year},Femmes,${(total - 2.6).toFixed(1)},A,`, `${year},Hommes,${(total + 2.7).toFixed(1)},A,`);
  }
  await indicators.importObservations(system, SLUG, CODE, rows.join('\n'), { source: 'INSEE, recensement' });
  await indicators.recordObservation(system, SLUG, CODE, { period: '2024', value: 64.2, footnote: 'Révisé.' });
  await indicators.setTarget(system, SLUG, CODE, { targetYear: 2030, targetValue: 68 });
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
function load(url: string, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [autocannon, '--json', '-c', String(CONNECTIONS), '-d', String(seconds), url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err}`));
      const r = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; throughput: { average: number } };
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, bytes: r.throughput.average });
    });
  });
}

async function run(label: string, database: DatabaseHandle): Promise<void> {
  const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-portal-bench-'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>bench</title>');
  const app = await createApp(loadConfig({ logLevel: 'silent', webRoot, cookieSecret: 'bench-secret-bench-secret-bench-secret' }), { database, migrate: false });
  try {
    await seed(app);
    const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    const page = `${address}/api/v1/t/${SLUG}/indicators/${CODE}`;
    // The baseline: the very bytes of the page, as a file next to the web app.
    const body = await (await fetch(page)).text();
    fs.writeFileSync(path.join(webRoot, 'indicator.json'), body);
    const staticUrl = `${address}/indicator.json`;

    await load(page, 2);
    await load(staticUrl, 2);
    const baseline = await load(staticUrl, SECONDS);
    app.services.indicators.pageCache.enabled = true;
    const cached = await load(page, SECONDS);
    app.services.indicators.pageCache.enabled = false;
    app.services.indicators.pageCache.clear();
    const uncached = await load(page, SECONDS);
    app.services.indicators.pageCache.enabled = true;

    console.log(`${label}: GET …/indicators/${CODE} (${formatCount(body.length)} bytes of JSON), ${CONNECTIONS} connections, ${SECONDS} s each, autocannon in a second process`);
    const row = (name: string, r: LoadResult) => [name, formatCount(r.rps), `${r.p50} ms`, `${r.p99} ms`, formatRatio(r.rps / baseline.rps), formatCount(r.non2xx + r.errors)];
    printTable(['', 'requests/s', 'p50', 'p99', 'vs static', 'failed'], [
      row('static file (@fastify/static)', baseline),
      row('indicator page, cached', cached),
      row('indicator page, no cache', uncached),
    ]);
    const met = cached.rps >= TARGET_RPS && cached.p99 <= TARGET_P99_MS && cached.non2xx + cached.errors === 0;
    console.log(`  target ≥ ${formatCount(TARGET_RPS)} requests/s with p99 ≤ ${TARGET_P99_MS} ms (cached page): ${met ? 'met' : 'NOT met'}; cache speed-up ${formatRatio(cached.rps / uncached.rps)}`);
  } finally {
    await app.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  }
}

for (const database of benchDatabases()) {
  const { handle, dispose } = await database.open();
  try {
    await run(database.label, handle);
  } finally {
    await dispose();
  }
}
