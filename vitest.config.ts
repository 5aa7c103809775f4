import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Each integration suite opens its own databases; files run in parallel workers, tests in order.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
