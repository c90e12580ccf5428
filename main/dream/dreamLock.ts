import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DreamBusyError } from './dreamTypes';
import { engramLayout } from '../../contract/engramLayout';

/** A dream that has held the lock this long has crashed or hung: the lock may be taken over. */
export const DREAM_LOCK_STALE_MS = 30 * 60_000;

export function dreamLockFile(root: string): string {
  return path.join(root, engramLayout.dreamLock);
}

/**
 * One dream per project at a time, across processes (the app and any CLI): `.engram/dreams/.lock`
 * created exclusively, holding pid, host and time. A lock whose process is gone (same host) or
 * that is older than 30 minutes is taken over. Returns the release function.
 */
export function acquireDreamLock(root: string, now = Date.now()): () => void {
  const file = dreamLockFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date(now).toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, body, { flag: 'wx' });
      return () => {
        // Only our own lock: a takeover by another process must not be undone by us.
        try {
          if (fs.readFileSync(file, 'utf8') === body) fs.rmSync(file, { force: true });
        } catch {
          // Already gone.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (!isStale(holder, now, file)) {
        throw new DreamBusyError(holder ? `pid ${holder.pid} since ${holder.at}` : `locked by ${file}`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DreamBusyError(`could not take ${file}`);
}

interface Holder {
  pid: number;
  host: string;
  at: string;
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Holder;
    return typeof h.pid === 'number' && typeof h.at === 'string' ? h : null;
  } catch {
    return null;
  }
}

function isStale(holder: Holder | null, now: number, file: string): boolean {
  if (!holder) {
    // Unreadable: being written this instant, or garbage. Garbage is stale once it is a minute old.
    try {
      return now - fs.statSync(file).mtimeMs > 60_000;
    } catch {
      return true;
    }
  }
  if (now - Date.parse(holder.at) > DREAM_LOCK_STALE_MS) return true;
  if (holder.host !== os.hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
