/**
 * Run as its own process (see startTsProcess): takes one of Engram's cross-process locks as
 * Engram does, and holds it until told to let go, so tests can race real processes on it.
 * Prints one JSON line: `{"held":true,"pid":…}`, or `{"busy":"<the error's message>"}` and
 * exits. Holding, it releases on a line "release" on stdin, prints "released" and exits.
 *
 * argv: dream <project root> [age of the lock in ms: a dream hung that long]
 *       run <run record file>
 */
import { acquireDreamLock } from '../../../main/dream/dreamLock';
import { claimRun } from '../../../main/worktrees/runRecord';

const [kind, target, age] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 0)];

let release: () => void;
try {
  if (kind === 'dream') release = acquireDreamLock(target, Date.now() - age);
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
process.stdin.on('data', (d) => {
  if (!String(d).includes('release')) return;
  release();
  process.stdout.write('released\n');
  process.exit(0);
});
