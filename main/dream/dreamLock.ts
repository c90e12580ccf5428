import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DreamBusyError } from './dreamTypes';
import { engramLayout } from '../../contract/engramLayout';
import { tryLock, type FoundLock } from '../fs/exclusiveLock';
import { processAlive } from '../fs/processAlive';

/** A dream that has held the lock this long has crashed or hung: the lock may be taken over. */
export const DREAM_LOCK_STALE_MS = 30 * 60_000;
/** A lock that does not say who holds it is garbage once this old (younger, it is being written). */
const UNREADABLE_STALE_MS = 60_000;

export function dreamLockFile(root: string): string {
  return path.join(root, engramLayout.dreamLock);
}

/**
 * One dream per project at a time, across processes (the app and any CLI): `.engram/dreams/.lock`
 * created exclusively, holding pid, host and time. A lock whose process is gone (same host) or
 * that is older than 30 minutes is taken over (exclusiveLock removes only that very lock, never
 * one another process took meanwhile). Returns the release function, which removes only this
 * lock. A live holder is a DreamBusyError naming its pid.
 */
export function acquireDreamLock(root: string, now = Date.now()): () => void {
  const file = dreamLockFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date(now).toISOString() });
  // Taken over from a live dream too, once 30 minutes old: its release must take the turn.
  const attempt = tryLock(file, body, { isStale: (found) => isStale(found, now), staleWhileHeld: true });
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

function isStale(found: FoundLock, now: number): boolean {
  const holder = readHolder(found);
  if (!holder) return found.ageMs > UNREADABLE_STALE_MS;
  if (now - Date.parse(holder.at) > DREAM_LOCK_STALE_MS) return true;
  if (holder.host !== os.hostname()) return false;
  return !processAlive(holder.pid);
}
