import fs from 'node:fs';
import os from 'node:os';
import { pausePoint } from './crashPoint';
import { processAlive } from './processAlive';

/**
 * The one owner of lock files shared by Engram processes (the app and any number of CLIs): the
 * memory file lock, the dream lock, a task run's claim. A lock is a file created exclusively,
 * holding what its holder wrote (its pid, …). Each lock keeps its own policy for when a holder
 * is gone (`isStale`); this module takes, takes over and releases, and never removes a lock
 * another live process holds.
 *
 * A takeover cannot be "read the holder, judge it gone, remove the file": between the read and
 * the removal the holder may have released and another process taken the lock, and removing
 * that live lock lets two processes go ahead at once (two writers swapping MEMORY.md, two
 * dreams). So every removal, by a process taking over a stale lock or by the holder releasing
 * its own, happens only if the file at the path is still the one judged (same inode, mtime and
 * text: a lock file is written once and touched only by its holder, a new lock is another
 * file), and a takeover checks and removes while holding `<lock>.break`, a turn every taker
 * takes, so nothing removes or replaces the lock in between. A release takes the turn too where
 * a live holder's lock can be taken over (LockPolicy.staleWhileHeld). Creating needs no turn: it
 * only succeeds at an empty path.
 *
 * A lock held for long (a dream) is refreshed by its holder (LockPolicy.heartbeatMs): its mtime
 * is touched while the holder's process runs, so its age says how long the holder has shown no
 * sign of life, not how long it has held the lock. A refresh changes the mtime a taker judged,
 * so a taker that judged a lock stale before a refresh removes nothing.
 */

/** A lock file as found: what its holder wrote, and which file it is. */
export interface FoundLock {
  /** Empty for an instant after creation, and forever if its creator died right then. */
  text: string;
  /** Since it was written, or last refreshed by its holder (see LockPolicy.heartbeatMs). */
  ageMs: number;
  ino: bigint;
  mtimeNs: bigint;
}

/** When a lock is abandoned: each lock's own. */
export interface LockPolicy {
  /** Whether the lock found was left by a holder that is gone (or hung), and may be taken over. */
  isStale(found: FoundLock): boolean;
  /**
   * Whether a lock can be judged stale while its holder still runs (a dream hung for 30
   * minutes). Then a release takes the turn, since a taker may be removing the lock this
   * instant. Otherwise no one removes a live holder's lock, and a release is a check and an
   * unlink (a writer's lock is taken and released at every write).
   */
  staleWhileHeld: boolean;
  /**
   * While held, the holder touches its lock this often (a timer that keeps no process alive),
   * so that `isStale` can tell a holder still at work from one that is gone or hung by the age.
   */
  heartbeatMs?: number;
}

export type LockAttempt = { held: true; release: () => void } | { held: false; holder: FoundLock | null };

/** A stale lock whose turn another taker holds is that taker's to remove: wait this long for the outcome. */
const SETTLE_MS = 2_000;
/** Past TURN_STALE_MS: a turn left by a process stopped inside it is cleared before a release gives up. */
const RELEASE_WAIT_MS = 15_000;
/** A turn lasts a stat and an unlink: one this old was left by a process stopped inside it. */
const TURN_STALE_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

/**
 * Takes `lock`, writing `body` in it, or says who holds it. A lock that `isStale` judges
 * abandoned is removed (that very file, see above) and taken; a holder that is not is returned
 * at once: waiting, or failing with a message naming the holder, is the caller's policy.
 */
export function tryLock(lock: string, body: string, policy: LockPolicy): LockAttempt {
  const deadline = Date.now() + SETTLE_MS;
  let holder: FoundLock | null = null;
  for (let delay = 1; ; delay = Math.min(delay * 2, 20)) {
    const mine = create(lock, body);
    if (mine) return { held: true, release: hold(lock, mine, policy) };
    holder = readLock(lock);
    if (holder) {
      // Tests hold a process here to let others take, release and take over the lock meanwhile.
      pausePoint('lock-holder-read');
      if (!policy.isStale(holder)) return { held: false, holder };
      // Removed, or found replaced by a new lock: look again at once.
      if (breakStale(lock, holder)) continue;
    }
    if (Date.now() > deadline) return { held: false, holder };
    sleep(delay);
  }
}

function create(lock: string, body: string): FoundLock | null {
  let fd: number;
  try {
    fd = fs.openSync(lock, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw err;
  }
  try {
    fs.writeSync(fd, body);
    const st = fs.fstatSync(fd, { bigint: true });
    return { text: body, ageMs: 0, ino: st.ino, mtimeNs: st.mtimeNs };
  } catch (err) {
    // Not written (disk full): an empty lock would keep others waiting until it ages out.
    fs.rmSync(lock, { force: true });
    throw err;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Holds the lock just created, refreshing it if the policy asks, and returns its release. The
 * lock as last written or refreshed is what the release removes; null once released, or once
 * a refresh found the lock is no longer this one (taken over from a holder that looked hung).
 */
function hold(lock: string, created: FoundLock, policy: LockPolicy): () => void {
  let mine: FoundLock | null = created;
  const beat = () => {
    try {
      if (mine) mine = refresh(lock, mine, policy.staleWhileHeld);
    } catch {
      // A refresh that failed (the folder gone, a disk error) is tried again at the next beat;
      // a timer must not throw into whatever the holder is doing.
    }
  };
  const timer = policy.heartbeatMs ? setInterval(beat, policy.heartbeatMs) : null;
  timer?.unref();
  return () => {
    if (timer) clearInterval(timer);
    const own = mine;
    mine = null;
    if (own) removeOwn(lock, own, policy.staleWhileHeld);
  };
}

/**
 * Touches the holder's own lock: the same file (inode, mtime, text) as it last left it, checked
 * and touched through one open file, so no other lock is ever refreshed. Where a live holder's
 * lock can be taken over, inside the turn: a taker then either judged the refreshed lock, or
 * removed the old one before the refresh, which then says so (null).
 */
function refresh(lock: string, mine: FoundLock, staleWhileHeld: boolean): FoundLock | null {
  const turn = staleWhileHeld ? takeTurn(lock, RELEASE_WAIT_MS) : null;
  // Never had (a live process stuck in its turn): tried again at the next beat.
  if (staleWhileHeld && !turn) return mine;
  try {
    let fd: number;
    try {
      fd = fs.openSync(lock, 'r+');
    } catch (err) {
      // Gone: taken over (and released since). Any other failure is tried again at the next beat.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      if (!same(foundAt(fd), mine)) return null;
      const now = new Date();
      fs.futimesSync(fd, now, now);
      return { ...mine, ageMs: 0, mtimeNs: fs.fstatSync(fd, { bigint: true }).mtimeNs };
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    if (turn) giveTurn(lock, turn);
  }
}

/** The lock at `file` now, or null when there is none. Text and identity come from one open file. */
function readLock(file: string): FoundLock | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    return foundAt(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The lock open at `fd`, just opened (its text is read from the position, the start). */
function foundAt(fd: number): FoundLock | null {
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    const text = fs.readFileSync(fd, 'utf8');
    return { text, ageMs: Date.now() - Number(st.mtimeNs / 1_000_000n), ino: st.ino, mtimeNs: st.mtimeNs };
  } catch {
    return null;
  }
}

function same(a: FoundLock | null, b: FoundLock): boolean {
  return a !== null && a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.text === b.text;
}

/** Removes the stale lock judged, only if it is still the one at the path. False when another remover has the turn. */
function breakStale(lock: string, stale: FoundLock): boolean {
  const turn = takeTurn(lock, 0);
  if (!turn) return false;
  try {
    pausePoint('lock-turn');
    if (same(readLock(lock), stale)) fs.rmSync(lock, { force: true });
  } finally {
    giveTurn(lock, turn);
  }
  return true;
}

/**
 * The holder's release: its own lock only. A lock a policy lets others take over from a live
 * holder (a dream hung for 30 minutes) may be someone else's by now, written at a reused inode
 * even; it stays.
 */
function removeOwn(lock: string, mine: FoundLock, staleWhileHeld: boolean): void {
  if (!staleWhileHeld) {
    if (same(readLock(lock), mine)) fs.rmSync(lock, { force: true });
    return;
  }
  const turn = takeTurn(lock, RELEASE_WAIT_MS);
  // Never had (a live process stuck in its turn): the lock stays ours until our process is gone.
  if (!turn) return;
  try {
    pausePoint('lock-turn');
    if (same(readLock(lock), mine)) fs.rmSync(lock, { force: true });
  } finally {
    giveTurn(lock, turn);
  }
}

const turnFile = (lock: string) => `${lock}.break`;
const TURN_TEXT = /^(\d+)@(.*)\n$/;

function takeTurn(lock: string, waitMs: number): FoundLock | null {
  const file = turnFile(lock);
  const deadline = Date.now() + waitMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 20)) {
    const mine = create(file, `${process.pid}@${os.hostname()}\n`);
    if (mine) return mine;
    // A turn left by a process killed inside it goes once that process is gone (or in 10 s).
    // Unguarded, this check and unlink: two processes clearing one dead turn in the same instant
    // could both enter, which needs a crash inside a turn (a stat and an unlink) first.
    const left = readLock(file);
    const m = left ? TURN_TEXT.exec(left.text) : null;
    const gone = m !== null && m[2] === os.hostname() && !processAlive(Number(m[1]));
    if (left && (gone || left.ageMs > TURN_STALE_MS)) {
      if (same(readLock(file), left)) fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) return null;
    sleep(delay);
  }
}

function giveTurn(lock: string, turn: FoundLock): void {
  const file = turnFile(lock);
  // Ours unless we were stopped in it past TURN_STALE_MS and another process took it since.
  if (same(readLock(file), turn)) fs.rmSync(file, { force: true });
}

/** The text of a lock that says only who holds it (the file lock, a task run's claim). */
export const pidLockText = (): string => `${process.pid}\n`;

/** The pid a pid lock names; null while it is being written, or if its creator died before. */
export function lockPid(found: FoundLock): number | null {
  const pid = Number(found.text.trim());
  return found.text.trim() !== '' && Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Policy of a pid lock: abandoned the moment its process is gone (kill -9), never while it is
 * alive however long it holds; one without a readable pid once `unreadableMs` old.
 */
export function pidLockPolicy(unreadableMs: number): LockPolicy {
  return {
    isStale: (found) => {
      const pid = lockPid(found);
      return pid === null ? found.ageMs > unreadableMs : !processAlive(pid);
    },
    staleWhileHeld: false,
  };
}
