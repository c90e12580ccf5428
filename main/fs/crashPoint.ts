/**
 * Tests prove crash recovery by killing a real process at each step of a multi-file write:
 * `ENGRAM_TEST_CRASH_AT=<step>` makes the process SIGKILL itself when it reaches that step.
 * Unset (always, outside tests) it does nothing.
 */
export function crashPoint(step: string): void {
  const at = process.env.ENGRAM_TEST_CRASH_AT;
  if (at && at === step) process.kill(process.pid, 'SIGKILL');
}
