import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests start real login shells, git and Chromium. A HOME of their own keeps the machine's rc
// files (a slow ~/.bashrc, a pyenv lock left by a killed shell: 60 s per shell) and its global
// git config out of the results, so a run means the same on every machine.
const testHome = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-test-home-'));
const env = { HOME: testHome };

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
          setupFiles: ['test/helpers/childrenTeardown.ts'],
          environment: 'node',
          env,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          setupFiles: ['test/helpers/childrenTeardown.ts'],
          environment: 'node',
          env,
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
          env,
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
