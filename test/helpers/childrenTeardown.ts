import { afterAll } from 'vitest';
import { endLeftovers } from './children';

// A setup file of the unit and e2e projects (vitest.config.mts): after each test file's own
// hooks, any process a helper started and the file did not stop is ended, and the file fails.
afterAll(async () => {
  const left = await endLeftovers();
  if (left.length) {
    throw new Error(`this test file left ${left.length} process(es) it started running (ended now):\n${left.join('\n')}`);
  }
});
