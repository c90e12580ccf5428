import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { removeStaleTempFiles } from './staleTempFiles';

/**
 * Writes a file so that a reader sees either the old content or the new, never a mix: write a
 * temp file beside it, fsync, rename over, fsync the folder. Keeps the old file's mode.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = tempPathFor(file);
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  writeSyncedTemp(tmp, content, mode ?? 0o644);
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
  // A write killed midway left its temp file; the next write in the folder clears it.
  removeStaleTempFiles(dir);
}

/** A temp file's name beside `file` (its pid lets a later write clear it if the writer died). */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
}

/** Creates `tmp` (never an existing file) with `mode`, writes and fsyncs it; removed on failure. */
export function writeSyncedTemp(tmp: string, content: string | Uint8Array, mode: number): void {
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
}

export function syncDir(dir: string): void {
  // Directory fsync makes the rename durable; not supported on Windows, where it is skipped.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
