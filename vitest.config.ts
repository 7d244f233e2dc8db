import { defineConfig } from 'vitest/config';
import { SlowFoldersFirst } from './test/sequencer';

export default defineConfig({
  test: {
    environment: 'node',
    reporters: ['default', './test/summary-reporter.ts'],
    // better-sqlite3 and child processes are happiest in forked workers; 2 cores here.
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: SlowFoldersFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll reads a page until it shows what is expected: 1 s (the default) is too short on a loaded 2-core machine.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      // Pure functions: a fresh process per file cost more than the tests (half the time of test/unit).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: ['test/unit/**'] } },
    ],
  },
});
