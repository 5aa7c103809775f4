import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { AxeResults, Result } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const screenshotDir = join(projectRoot, 'e2e', 'screenshots');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  stop: () => Promise<void>;
}

/** Starts the built server (`npm run build` first) on a free port with a fresh SQLite demo database (a copy of the template). */
export async function startServer(): Promise<RunningServer> {
  const cli = join(projectRoot, 'dist', 'src', 'cli.js');
  if (!existsSync(cli) || !existsSync(join(projectRoot, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` before the browser tests (npm run test:e2e does).');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'pacte21-e2e-'));
  // global-setup.ts loaded the demo once into this file; the server below finds it loaded.
  await copyFile(inject('demoTemplateDatabase'), join(dataDir, 'e2e.db'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'serve', '--port', String(port), '--host', '127.0.0.1', '--database', `sqlite:${join(dataDir, 'e2e.db')}`, '--demo'],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return { baseUrl, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`The server did not become healthy on ${baseUrl}. Its output:\n${output}`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

function describeViolation(violation: Result): string {
  const nodes = violation.nodes
    .slice(0, 5)
    .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replaceAll('\n', '\n      ') ?? ''}`)
    .join('\n');
  return `  [${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
}

/** Runs axe-core on the page and returns the serious and critical violations, described for a person. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(async () => {
    const injected = (globalThis as unknown as { axe: { run: () => Promise<AxeResults> } }).axe;
    return injected.run();
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(describeViolation);
}

/** Fails the test with axe-core's serious and critical violations of the page, printed for a person. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await seriousAccessibilityViolations(page);
  if (violations.length > 0) console.error(`axe-core on ${name}:\n${violations.join('\n')}`);
  expect(violations, `serious or critical accessibility violations on ${name}`).toEqual([]);
}

/**
 * A page in a browser context of its own (its own cookies, so each person of a story keeps their
 * session), in French. The server's Content-Security-Policy forbids inline scripts, which is how
 * axe-core is injected: the context bypasses it. The caller closes the context (`contexts`).
 */
export async function newPage(browser: Browser, server: RunningServer, contexts: BrowserContext[], timeout = 15_000): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: 'fr-FR' });
  context.setDefaultTimeout(timeout);
  contexts.push(context);
  return context.newPage();
}

/** Signs a demo person in through the sign-in page, as they would. */
export async function signInOn(page: Page, email: string, password = 'pacte21-demo'): Promise<Page> {
  await page.goto('/sign-in');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}
