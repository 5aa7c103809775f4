import { execFile } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './config.js';

const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pacte21 --database <url> …args` as a person would, in a child process from the sources (tests
 * of the command line): its exit code and what it printed. `env` adds to the test's environment.
 */
export function runPacte21(databaseUrl: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [path.join(projectRoot, 'src', 'cli.ts'), '--database', databaseUrl, ...args],
      { cwd: projectRoot, env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
