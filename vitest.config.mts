import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (host core through its public surface, plain Node), `e2e` (the built
 * workbench served by `engram serve`, driven in Debian's Chromium) and `bench` (only run by
 * `npm run bench`, never by `npm test`: timing belongs there, not in pass/fail tests).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // One browser at a time on a 2-core machine keeps timings honest and runs stable.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'bench',
          include: ['bench/**/*.bench.ts'],
          environment: 'node',
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
