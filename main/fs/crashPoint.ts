import fs from 'node:fs';
import path from 'node:path';

/**
 * Tests prove crash recovery by killing a real process at each step of a multi-file write:
 * `ENGRAM_TEST_CRASH_AT=<step>` makes the process SIGKILL itself when it reaches that step.
 * Unset (always, outside tests) it does nothing.
 */
export function crashPoint(step: string): void {
  const at = process.env.ENGRAM_TEST_CRASH_AT;
  if (at && at === step) process.kill(process.pid, 'SIGKILL');
}

let pauses = 0;

/**
 * Tests prove an interleaving of processes by holding one at a step: with
 * `ENGRAM_TEST_PAUSE_AT=<step>` and `ENGRAM_TEST_PAUSE_DIR=<dir>`, the n-th time the process
 * reaches that step it creates `<dir>/<step>-<n>.reached` and waits until `<dir>/<step>-<n>.go`
 * exists. Unset (always, outside tests) it does nothing.
 */
export function pausePoint(step: string): void {
  const at = process.env.ENGRAM_TEST_PAUSE_AT;
  const dir = process.env.ENGRAM_TEST_PAUSE_DIR;
  if (!at || at !== step || !dir) return;
  const n = ++pauses;
  fs.writeFileSync(path.join(dir, `${step}-${n}.reached`), `${process.pid}\n`);
  const wait = new Int32Array(new SharedArrayBuffer(4));
  while (!fs.existsSync(path.join(dir, `${step}-${n}.go`))) Atomics.wait(wait, 0, 0, 5);
}
