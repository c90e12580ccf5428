import fs from 'node:fs';
import { pausePoint } from './crashPoint';

const STALE_MS = 10_000;
// As long as the database's busy timeout: writers wait their turn rather than fail.
const WAIT_MS = 60_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** One lock file as found: who wrote it, and which file it is (a new lock is another file). */
interface LockSeen {
  pid: number;
  ino: bigint;
  mtimeNs: bigint;
}

/**
 * Runs `fn` while holding `<file>.lock`, so that Engram processes (the app and any number of
 * CLIs) take turns at a read-modify-write of one file. A lock left by a crashed process is
 * taken over at once when its process is gone (a lock without a readable pid, after 10 s). People editing the file do not take the lock; writers still compare
 * content before replacing it for them.
 */
export function withFileLock<T>(file: string, fn: () => T, lock = `${file}.lock`): T {
  const deadline = Date.now() + WAIT_MS;
  let delay = 2;
  let mine: bigint;
  for (;;) {
    try {
      const fd = fs.openSync(lock, 'wx');
      try {
        fs.writeSync(fd, `${process.pid}\n`);
        mine = fs.fstatSync(fd, { bigint: true }).ino;
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const stale = staleLock(lock);
      if (stale) {
        breakLock(lock, stale);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${file} is locked by another Engram process (${lock}); try again.`);
      Atomics.wait(sleeper, 0, 0, delay);
      delay = Math.min(delay * 2, 50);
    }
  }
  try {
    return fn();
  } finally {
    // Only our own lock: were it ever taken over, the new holder's must stay.
    if (identity(lock)?.ino === mine) fs.rmSync(lock, { force: true });
  }
}

function identity(lock: string): { ino: bigint; mtimeNs: bigint } | null {
  try {
    const st = fs.statSync(lock, { bigint: true });
    return { ino: st.ino, mtimeNs: st.mtimeNs };
  } catch {
    return null;
  }
}

/**
 * The lock as found, when its holder is gone; null while it is held. The holder's pid decides:
 * alive, the lock is held however long that takes (a write under heavy load can take seconds;
 * taking it over would let two writers swap the file at once); gone (kill -9), it is taken over
 * at once. Only a lock without a readable pid goes by age.
 */
function staleLock(lock: string): LockSeen | null {
  let fd: number;
  try {
    fd = fs.openSync(lock, 'r');
  } catch {
    return null;
  }
  let pid = NaN;
  let seen: LockSeen;
  try {
    pid = Number(fs.readFileSync(fd, 'utf8').trim());
    const st = fs.fstatSync(fd, { bigint: true });
    seen = { pid, ino: st.ino, mtimeNs: st.mtimeNs };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
  // Tests pause here to let the holder finish and exit while another process takes the lock.
  pausePoint('lock-holder-read');
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return null;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH' ? seen : null;
    }
  }
  return Date.now() - Number(seen.mtimeNs / 1_000_000n) > STALE_MS ? seen : null;
}

/**
 * Removes the lock judged stale, and only that one. Its pid was read a moment ago: the holder
 * may have released it and exited since, and the lock now at the path be another live writer's
 * (removing that one let two writers swap the file at once and lose a person's save). So the
 * file at the path must still be the one read (same inode and mtime: a lock file never changes
 * once written). Breakers take turns on `<lock>.break`, so that two waiters who both found the
 * dead lock do not remove it once and then the lock one of them took in its place.
 */
function breakLock(lock: string, stale: LockSeen): void {
  const turn = `${lock}.break`;
  try {
    fs.writeFileSync(turn, `${process.pid}\n`, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // A breaker is at it this instant (a stat and an unlink); one killed meanwhile left its turn.
    const at = identity(turn);
    if (at && Date.now() - Number(at.mtimeNs / 1_000_000n) > STALE_MS) fs.rmSync(turn, { force: true });
    return;
  }
  try {
    const now = identity(lock);
    if (now && now.ino === stale.ino && now.mtimeNs === stale.mtimeNs) fs.rmSync(lock, { force: true });
  } finally {
    fs.rmSync(turn, { force: true });
  }
}
