import { pidLockPolicy, pidLockText, tryLock } from './exclusiveLock';

/** A lock without a readable pid (its creator died before writing it) is abandoned after this. */
const STALE_MS = 10_000;
// As long as the database's busy timeout: writers wait their turn rather than fail.
const WAIT_MS = 60_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
/**
 * The holder's pid decides: alive, the lock is held however long that takes (a write under
 * heavy load can take seconds; taking it over would let two writers swap the file at once);
 * gone (kill -9), it is taken over at once.
 */
const policy = pidLockPolicy(STALE_MS);

/**
 * Runs `fn` while holding `<file>.lock`, so that Engram processes (the app and any number of
 * CLIs) take turns at a read-modify-write of one file. A lock left by a crashed process is
 * taken over at once when its process is gone (a lock without a readable pid, after 10 s);
 * exclusiveLock makes sure a takeover never removes another live writer's lock. People editing
 * the file do not take the lock; writers still compare content before replacing it for them.
 */
export function withFileLock<T>(file: string, fn: () => T, lock = `${file}.lock`): T {
  const deadline = Date.now() + WAIT_MS;
  let delay = 2;
  let release: () => void;
  for (;;) {
    const attempt = tryLock(lock, pidLockText(), policy);
    if (attempt.held) {
      release = attempt.release;
      break;
    }
    if (Date.now() > deadline) throw new Error(`${file} is locked by another Engram process (${lock}); try again.`);
    Atomics.wait(sleeper, 0, 0, delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return fn();
  } finally {
    release();
  }
}
