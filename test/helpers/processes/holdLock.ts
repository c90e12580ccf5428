/**
 * Run as its own process (see startTsProcess): takes one of Engram's cross-process locks as
 * Engram does, and holds it until told to let go, so tests can race real processes on it.
 * Prints one JSON line: `{"held":true,"pid":…}`, or `{"busy":"<the error's message>"}` and
 * exits. Holding, it releases on a line "release" on stdin, prints "released" and exits. On a
 * line "hang <file>" it blocks its event loop (a hung holder: no heartbeat runs) until <file>
 * exists, then prints "woke".
 *
 * argv: dream <project root> [ms since the dream started] [the lock's stale age in ms]
 *       run <run record file>
 */
import fs from 'node:fs';
import { acquireDreamLock } from '../../../main/dream/dreamLock';
import { claimRun } from '../../../main/worktrees/runRecord';

const [kind, target] = [process.argv[2], process.argv[3]];
const age = Number(process.argv[4] ?? 0);
const staleMs = process.argv[5] ? Number(process.argv[5]) : undefined;

let release: () => void;
try {
  if (kind === 'dream') release = acquireDreamLock(target, { now: Date.now() - age, staleMs });
  else if (kind === 'run') {
    const handle = claimRun(target, null);
    release = () => handle.release({ state: 'done', error: null });
  } else throw new Error(`unknown lock ${kind}`);
} catch (err) {
  process.stdout.write(JSON.stringify({ busy: (err as Error).message }) + '\n');
  process.exit(0);
}
process.stdout.write(JSON.stringify({ held: true, pid: process.pid }) + '\n');
process.stdin.setEncoding('utf8');
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let pending = '';
process.stdin.on('data', (d) => {
  pending += String(d);
  for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
    const line = pending.slice(0, nl).trim();
    pending = pending.slice(nl + 1);
    if (line.startsWith('hang ')) {
      const file = line.slice('hang '.length);
      while (!fs.existsSync(file)) Atomics.wait(sleeper, 0, 0, 10);
      process.stdout.write('woke\n');
    } else if (line === 'release') {
      release();
      process.stdout.write('released\n');
      process.exit(0);
    }
  }
});
