import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run bench` runs every bench/*.bench.ts; `npm run bench -- ledger` only those whose file name
// contains "ledger". A benchmark is a script that prints its own figures. Each runs in its own process,
// one after another, so that none inherits another's warm caches, heap or CPU contention.
const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((filter) => f.includes(filter))))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark file matches ${filters.join(', ')}.`);
  process.exitCode = 1;
}
const failed: string[] = [];
for (const file of files) {
  console.log(`\n# ${file}`);
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit', env: process.env });
  console.log(`# ${file}: ${child.status === 0 ? 'done' : 'FAILED'} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  if (child.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\n${failed.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
