import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Each integration suite opens its own databases; files run in parallel workers, tests in order.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on two cores: PostgreSQL tests wait on the server, and the other file
    // uses the core meanwhile (measured: 316 s against 614 s for the whole suite with one at a time).
    maxWorkers: 2,
    // Hundreds of accounts are created: a cheaper scrypt for them (production keeps 2^15).
    env: { PACTE21_PASSWORD_HASH_COST: '10' },
  },
});
