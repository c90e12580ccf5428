import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DreamBusyError } from './dreamTypes';
import { engramLayout } from '../../contract/engramLayout';
import { tryLock, type FoundLock } from '../fs/exclusiveLock';
import { processAlive } from '../fs/processAlive';

/**
 * A dream whose lock has not been refreshed for this long is hung (or its pid was reused after
 * a crash): the lock may be taken over. A dream at work refreshes it far more often.
 */
export const DREAM_LOCK_STALE_MS = 30 * 60_000;
/** Refreshes per stale age: a holder misses several in a row (a busy machine) before it looks hung. */
const BEATS_PER_STALE_AGE = 6;
/** A lock that does not say who holds it is garbage once this old (younger, it is being written). */
const UNREADABLE_STALE_MS = 60_000;

export function dreamLockFile(root: string): string {
  return path.join(root, engramLayout.dreamLock);
}

export interface DreamLockOptions {
  /** When the dream started, as the lock says ("since …"); now by default. */
  now?: number;
  /** How long a holder may go without refreshing its lock before it counts as hung (tests shorten it). */
  staleMs?: number;
}

/**
 * One dream per project at a time, across processes (the app and any CLI): `.engram/dreams/.lock`
 * created exclusively, holding pid, host and start time, and refreshed by its holder while it
 * runs (exclusiveLock's heartbeat), however long the dream takes. A lock whose process is gone
 * (same host) is taken over at once; one not refreshed for 30 minutes (a hung holder, a holder on
 * another host that is gone, a pid reused after a crash) too. exclusiveLock removes only that very
 * lock, never one another process took or refreshed meanwhile. Returns the release function,
 * which removes only this lock. A live holder is a DreamBusyError naming its pid.
 */
export function acquireDreamLock(root: string, options: DreamLockOptions = {}): () => void {
  const { now = Date.now(), staleMs = DREAM_LOCK_STALE_MS } = options;
  const file = dreamLockFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date(now).toISOString() });
  // A hung holder's lock is taken over while its process lives: its release must take the turn.
  const attempt = tryLock(file, body, { isStale: (found) => isStale(found, staleMs), staleWhileHeld: true, heartbeatMs: staleMs / BEATS_PER_STALE_AGE });
  if (attempt.held) return attempt.release;
  const holder = attempt.holder && readHolder(attempt.holder);
  throw new DreamBusyError(holder ? `pid ${holder.pid}${holder.host === os.hostname() ? '' : ` on ${holder.host}`} since ${holder.at}` : `locked by ${file}`);
}

interface Holder {
  pid: number;
  host: string;
  at: string;
}

function readHolder(found: FoundLock): Holder | null {
  try {
    const h = JSON.parse(found.text) as Holder;
    return typeof h.pid === 'number' && typeof h.at === 'string' ? h : null;
  } catch {
    return null;
  }
}

/**
 * Liveness, not the time held: gone on this host, or silent (not refreshed) for the stale age.
 * The age is the lock file's (its holder's last refresh), never the start time it names.
 */
function isStale(found: FoundLock, staleMs: number): boolean {
  const holder = readHolder(found);
  if (!holder) return found.ageMs > UNREADABLE_STALE_MS;
  if (holder.host === os.hostname() && !processAlive(holder.pid)) return true;
  return found.ageMs > staleMs;
}
