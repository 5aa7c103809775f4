import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot } from './harness.js';

/**
 * Loads the demo territory once, into a template SQLite file that every browser-test file copies before
 * starting its own server: each file still gets a fresh database of its own, without paying for the demo
 * load (every module's history) again.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cli = join(projectRoot, 'dist', 'src', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` before the browser tests (npm run test:e2e does).');
  const dir = await mkdtemp(join(tmpdir(), 'pacte21-e2e-template-'));
  const file = join(dir, 'demo.db');
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, '--database', `sqlite:${file}`, 'demo'], { cwd: projectRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`Loading the demo template failed:\n${result.stdout}\n${result.stderr}`);
  console.log(`demo template loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  project.provide('demoTemplateDatabase', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplateDatabase: string;
  }
}
