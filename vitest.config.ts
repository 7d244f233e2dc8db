import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    reporters: ['default', './test/summary-reporter.ts'],
    // better-sqlite3 and child processes are happiest in forked workers; 2 cores here.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll reads a page until it shows what is expected: 1 s (the default) is too short on a loaded 2-core machine.
    expect: { poll: { timeout: 10_000 } },
  },
});
