import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RetryLaterError } from '../errors/domainErrors';
import { crashPoint, pausePoint } from './crashPoint';
import { removeStaleTempFiles } from './staleTempFiles';
import { withFileLock } from './fileLock';
import { syncDir, tempPathFor, writeSyncedTemp } from './atomicWrite';

/** One version of a file as read: its bytes and its identity (inode, size, change time). */
export interface FileVersion {
  exists: boolean;
  bytes: Buffer;
  hash: string;
  ino: number;
  size: number;
  mtimeNs: bigint;
}

export interface GuardedOutcome {
  /** Whether the file's bytes were replaced. */
  written: boolean;
  /** The version the final content was planned on (a person's save, when one landed meanwhile). */
  basis: FileVersion;
  /** The bytes at the path when the call returned. */
  bytes: Buffer;
  /** Saves by someone else that landed while Engram was writing, and were planned on again. */
  concurrentSaves: number;
  /** Conflict copies left beside the file (a person's version that could not be folded in). */
  conflictCopies: string[];
}

/**
 * The change to make, as a pure function of the file's current bytes (`null` when absent):
 * new bytes, or `null` for no change. Called again whenever a person's save lands meanwhile.
 */
export type PlanChange = (current: Buffer | null) => Buffer | string | null;

export interface GuardedOptions {
  /** Called once for every conflict copy kept, with its path. */
  onConflictCopy?: (copy: string) => void;
  /** Rounds of planning again before giving up (nothing of the person's is lost either way). */
  maxAttempts?: number;
  /**
   * Called once the new version is in place and the replaced one has been read back, before
   * it is retired: lets a test write into the replaced version at the narrowest moment.
   */
  afterSwap?: (aside: string) => void;
  /**
   * Where writers take turns (default `<file>.lock`). Files of a person's project take it
   * elsewhere: `Gemfile.lock` beside `Gemfile` is theirs, not a lock.
   */
  lockPath?: string;
  /**
   * Keep the replaced version beside the file until the next write, to catch a late
   * `>>` (default true). Off for a person's project files, where hidden files would pile up
   * beside their sources: a late append there is the one case not caught.
   */
  keepPrevious?: boolean;
}

const MAX_ATTEMPTS = 200;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export class FileKeepsChangingError extends RetryLaterError {
  constructor(file: string) {
    super(`${file} kept changing while Engram tried to write it; nothing of yours was overwritten. Try again.`);
    this.name = 'FileKeepsChangingError';
  }
}

/**
 * The replaced version stays as `.<name>.engram-prev-<size>-<hex>` until the next write: a
 * program that opened the file just before the swap and writes a moment later (an `>>`
 * preempted between its open and its write) writes into that version, not the new one; the next
 * write folds in whatever lies past `<size>` (what this write read and compared) and removes it.
 * Removing it now would drop such an append; truncating it would drop one landing between the
 * read and the truncate.
 *
 * A program that opened the file just before the swap may also still be reading it (an editor
 * reloading before its save): what it reads it saves back. So only the lines this write removed
 * (`now`: the bytes it put in place; a line kept, or kept with more after it, stays) are
 * overwritten with zeros in place, so that text a person removed (a secret a dream redacted)
 * does not linger; every line the file still holds is left for that reader. Zeroing the whole
 * version made such an editor save NUL bytes plus its new line over MEMORY.md, losing every
 * line before it (the stress lost a run of ~400 of a person's lines so).
 */
function retire(file: string, aside: string, old: Buffer, now: Buffer | null, options: GuardedOptions): void {
  if (options.keepPrevious === false) {
    fs.rmSync(aside, { force: true });
    return;
  }
  const removed = now ? removedLines(old, now) : [];
  if (removed.length) {
    try {
      const fd = fs.openSync(aside, 'r+');
      try {
        for (const [start, end] of removed) fs.writeSync(fd, Buffer.alloc(end - start), 0, end - start, start);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // A read-only file: it stays as it was, hidden and git-ignored, until the next write.
    }
  }
  fs.renameSync(aside, path.join(path.dirname(file), `.${path.basename(file)}.engram-prev-${old.length}-${crypto.randomBytes(3).toString('hex')}`));
}

/** Old files of at most this many lines are looked up in the new one without splitting it. */
const FEW_LINES = 64;

/** Byte ranges of the lines of `old` that `now` no longer holds anywhere. */
function removedLines(old: Buffer, now: Buffer): [number, number][] {
  // Lines in the stretch both versions begin and end with are held by `now` where they were:
  // only the lines between can be gone. One edit of a 100,000-line file is a few lines there,
  // where splitting both files took most of a second.
  const { from, to } = changedLines(old, now);
  const nowText = now.toString('latin1');
  const lines: [number, number][] = [];
  for (let start = from; start < to; ) {
    let end = old.indexOf(0x0a, start);
    if (end < 0 || end > to) end = to;
    if (end > start) lines.push([start, end]);
    start = end + 1;
  }
  // Splitting the new file into a set costs a string per line: worth it for many lines,
  // not for the template an import of 100,000 entries replaces.
  const kept = lines.length > FEW_LINES ? new Set(nowText.split('\n')) : null;
  return lines.filter(([start, end]) => {
    const line = old.toString('latin1', start, end);
    return !kept?.has(line) && !nowText.includes(line);
  });
}

/** The byte range of `old`'s lines that are not in the prefix or suffix `now` shares with it. */
function changedLines(old: Buffer, now: Buffer): { from: number; to: number } {
  const max = Math.min(old.length, now.length);
  let prefix = commonLength(old, now, max, false);
  const suffix = commonLength(old, now, max - prefix, true);
  // Whole lines only: back to the start of the line the prefix ends in, on to the end of the
  // line the suffix starts in.
  prefix = prefix > 0 ? old.lastIndexOf(0x0a, prefix - 1) + 1 : 0;
  let to = old.length - suffix;
  if (to > 0 && old[to - 1] !== 0x0a) {
    const next = old.indexOf(0x0a, to);
    to = next < 0 ? old.length : next;
  }
  return { from: prefix, to: Math.max(prefix, to) };
}

const CHUNK = 64 * 1024;

/**
 * How many bytes `a` and `b` share from their start (or, `fromEnd`, their end), up to `max`:
 * chunks compared natively, then byte by byte.
 */
function commonLength(a: Buffer, b: Buffer, max: number, fromEnd: boolean): number {
  const slice = (buf: Buffer, i: number, n: number) => (fromEnd ? buf.subarray(buf.length - i - n, buf.length - i) : buf.subarray(i, i + n));
  let n = 0;
  while (n + CHUNK <= max && slice(a, n, CHUNK).equals(slice(b, n, CHUNK))) n += CHUNK;
  while (n < max && (fromEnd ? a[a.length - 1 - n] === b[b.length - 1 - n] : a[n] === b[n])) n++;
  return n;
}

/**
 * Previous versions that were there when this write started (`folded`: how much of each it
 * read) go, unless written into since: then they stay, named after what was read, for the next
 * write. Those this write retired stay until the next one.
 */
function dropFoldedPrevious(file: string, folded: Map<string, number>): void {
  for (const old of previousVersions(file)) {
    const read = folded.get(old.path);
    if (read === undefined) continue;
    let now = read;
    try {
      now = fs.statSync(old.path).size;
    } catch {
      continue;
    }
    if (now > read) fs.renameSync(old.path, path.join(path.dirname(file), `.${path.basename(file)}.engram-prev-${read}-${crypto.randomBytes(3).toString('hex')}`));
    else fs.rmSync(old.path, { force: true });
  }
}

function previousVersions(file: string): { path: string; size: number }[] {
  const prefix = `.${path.basename(file)}.engram-prev-`;
  try {
    return fs
      .readdirSync(path.dirname(file))
      .filter((n) => n.startsWith(prefix) && /^\d+(-[0-9a-f]+)?$/.test(n.slice(prefix.length)))
      .map((n) => ({ path: path.join(path.dirname(file), n), size: Number(n.slice(prefix.length).split('-')[0]) }));
  } catch {
    return [];
  }
}

/** Bytes appended to previous versions after they were replaced (see retire). */
function lateAppends(file: string): { bytes: Buffer[]; folded: Map<string, number> } {
  const bytes: Buffer[] = [];
  const folded = new Map<string, number>();
  for (const prev of previousVersions(file)) {
    try {
      const all = fs.readFileSync(prev.path);
      folded.set(prev.path, all.length);
      if (all.length > prev.size) {
        const late = all.subarray(prev.size);
        let start = 0;
        while (start < late.length && late[start] === 0) start++;
        if (start < late.length) bytes.push(late.subarray(start));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return { bytes, folded };
}

/** `.<name>.engram-swap`: where the version being replaced sits during the swap. */
export function swapAsidePath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.engram-swap`);
}

/**
 * Replaces a file that a person may be editing at the same moment, without ever dropping
 * their save. POSIX has no compare-and-swap for "rename over a path", so the swap is done in
 * two steps that each report what they replaced:
 *
 * 1. Under `<file>.lock` (Engram writers take turns), read the file, plan the new bytes, write
 *    them to a temp file and fsync it.
 * 2. Check the file's identity again (inode, size, mtime, hash): a save since the read means
 *    planning again on it.
 * 3. `rename(file → .file.engram-swap)` moves aside exactly the version that is there at that
 *    instant. If it is not the version planned on (a person's save landed between 2 and 3), it
 *    is linked back and the change is planned again on it: ours never goes in over a version it
 *    was not planned on. Otherwise `link(temp → file)` puts ours in place only if nothing new
 *    appeared at the path meanwhile (link never replaces).
 * 4. The moved-aside version is read again (after the directory fsync, so a late `>>` into it
 *    shows): if it changed since 3, it is kept as a conflict copy, the change is planned again
 *    on it, and written the same way; the copy is removed once the file holds their content
 *    with the change re-applied.
 *    If a file appeared at the path while it was aside (an append that created it, or an
 *    editor's rename), it stays: the next round plans on it (with the moved-aside text in
 *    front when it is a fragment), and the moved-aside version is kept as a conflict copy.
 *
 * Readers may find the path missing for the microseconds between the two steps of 3:
 * `readFileVersion` waits for the swap to finish, and a crash in between is repaired by the
 * next write (`recoverSwap`).
 */
export function replaceGuarded(file: string, plan: PlanChange, options: GuardedOptions = {}): GuardedOutcome {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (options.lockPath) fs.mkdirSync(path.dirname(options.lockPath), { recursive: true });
  return withFileLock(file, () => replaceLocked(file, plan, options), options.lockPath);
}

function replaceLocked(file: string, plan: PlanChange, options: GuardedOptions): GuardedOutcome {
  recoverSwap(file, options);
  // Temp files of writers killed mid-write (kill -9) do not pile up.
  removeStaleTempFiles(path.dirname(file));
  let cur = readFileVersion(file);
  const late = lateAppends(file);
  let basis = late.bytes.length && cur.exists ? versionOf(Buffer.concat([cur.bytes, separator(cur.bytes), ...late.bytes])) : cur;
  let basisCopy: string | null = null;
  let saves = 0;
  const copies: string[] = [];
  const keep = (bytes: Buffer): string => {
    const copy = keepConflictCopy(file, bytes);
    copies.push(copy);
    return copy;
  };
  const max = options.maxAttempts ?? MAX_ATTEMPTS;
  for (let attempt = 0; attempt < max; attempt++) {
    let wanted: Buffer | string | null;
    try {
      wanted = plan(basis.exists ? basis.bytes : null);
    } catch (err) {
      // The change does not apply to the person's version: theirs stays. If the path holds our
      // write or a fragment (a collision was being resolved), their version is put back first.
      if (saves > 0 && !(cur.exists && basis.exists && cur.bytes.equals(basis.bytes))) {
        const expected = cur.bytes;
        const back = replaceLocked(
          file,
          (c) => (c && c.subarray(0, expected.length).equals(expected) ? Buffer.concat([basis.bytes, c.subarray(expected.length)]) : null),
          { ...options, onConflictCopy: (c) => copies.push(c) },
        );
        if (basisCopy && containsEveryLine(back.bytes, basis.bytes)) {
          fs.rmSync(basisCopy, { force: true });
          copies.splice(copies.indexOf(basisCopy), 1);
        }
      }
      reportCopies(copies, options);
      throw err;
    }
    const target = wanted === null ? (basis.exists ? basis.bytes : null) : Buffer.isBuffer(wanted) ? wanted : Buffer.from(wanted);
    if (target === null || (cur.exists && target.equals(cur.bytes))) {
      // Nothing to write: the file already holds what the change asks (on the person's version, if any).
      if (basisCopy && target) return done(target, false);
      reportCopies(copies, options);
      return { written: false, basis, bytes: cur.bytes, concurrentSaves: saves, conflictCopies: copies };
    }
    const tmp = writeTemp(file, target, cur);
    const now = readFileVersion(file);
    if (!sameVersion(now, cur)) {
      // A save since the read: plan again on it. While a person's earlier version is still to be
      // put back (basis is not what is at the path), what they appended since goes after it.
      fs.rmSync(tmp, { force: true });
      basis = basis !== cur ? appendedTo(basis, cur, now) : now;
      cur = now;
      continue;
    }
    if (!cur.exists) {
      // Nothing to move aside: link creates the file only if it is still absent.
      const created = linkNoReplace(tmp, file);
      fs.rmSync(tmp, { force: true });
      syncDir(path.dirname(file));
      if (created) return done(target);
      cur = readFileVersion(file);
      basis = cur;
      continue;
    }
    pausePoint('swap');
    const aside = swapAsidePath(file);
    fs.renameSync(file, aside);
    crashPoint('swap');
    pausePoint('swap-aside');
    // What was moved aside is compared before ours goes in: a save that landed between the check
    // and the move is put back at once, so the path never holds a version of ours that lacks a
    // line the person saved (an editor reloading that moment would save it back without it).
    const moved = readFileVersion(aside);
    const planned = moved.ino === cur.ino && moved.bytes.equals(cur.bytes);
    if (!planned && linkNoReplace(aside, file)) {
      fs.rmSync(tmp, { force: true });
      fs.rmSync(aside, { force: true });
      syncDir(path.dirname(file));
      saves++;
      basis = basis !== cur ? appendedTo(basis, cur, moved) : moved;
      cur = moved;
      continue;
    }
    const linked = planned && linkNoReplace(tmp, file);
    fs.rmSync(tmp, { force: true });
    syncDir(path.dirname(file));
    const replaced = readFileVersion(aside);
    options.afterSwap?.(aside);
    if (!linked) {
      // Something appeared at the path while it was aside: a person's save, whole or a fragment.
      const appeared = readFileVersion(file);
      keep(replaced.bytes);
      retire(file, aside, replaced.bytes, null, options);
      saves++;
      const whole = looksWhole(replaced.bytes, appeared.bytes);
      basis = whole ? appeared : versionOf(Buffer.concat([replaced.bytes, separator(replaced.bytes), appeared.bytes]));
      basisCopy = null;
      cur = appeared;
      continue;
    }
    if (replaced.ino === cur.ino && replaced.bytes.equals(cur.bytes)) {
      retire(file, aside, replaced.bytes, target, options);
      // Late appends folded in at the start but planned away since (a person's whole save
      // landed on top of them meanwhile): their lines are kept beside the file, never dropped.
      const lateText = Buffer.concat(late.bytes);
      if (late.bytes.length && !containsEveryLine(target, lateText)) keep(lateText);
      dropFoldedPrevious(file, late.folded);
      return done(target);
    }
    // A person's save was written into the version being replaced after it was compared (an
    // `>>` that opened it before the swap): keep it beside the file, and plan again on it. If it
    // was made on a version of ours while an earlier save of theirs was still to be put back,
    // what they added goes after that earlier save.
    let next = basis !== cur ? appendedTo(basis, cur, replaced) : replaced;
    if (next === replaced || !basisCopy) basisCopy = keep(replaced.bytes);
    retire(file, aside, replaced.bytes, null, options);
    saves++;
    cur = readFileVersion(file);
    if (!(cur.exists && cur.bytes.equals(target))) {
      // Another save landed on top of our version before theirs was put back (an editor that
      // reloaded ours): what it added goes after their version; a whole other text is kept too.
      const stacked = appendedTo(next, versionOf(target), cur);
      if (stacked !== cur) next = stacked;
      else if (cur.exists) keep(cur.bytes);
    }
    basis = next;
  }
  reportCopies(copies, options);
  throw new FileKeepsChangingError(file);

  function done(bytes: Buffer, written = true): GuardedOutcome {
    if (basisCopy && containsEveryLine(bytes, basis.bytes)) {
      // Their content, with the change re-applied, is in the file now: the copy is not needed.
      fs.rmSync(basisCopy, { force: true });
      copies.splice(copies.indexOf(basisCopy), 1);
    }
    reportCopies(copies, options);
    return { written, basis, bytes, concurrentSaves: saves, conflictCopies: copies };
  }
}

function reportCopies(copies: string[], options: GuardedOptions): void {
  for (const c of copies) (options.onConflictCopy ?? sayConflictCopy)(c);
}

/** Without a caller's reporter, the person is told on stderr (the CLI's and the host's log). */
function sayConflictCopy(copy: string): void {
  process.stderr.write(`engram: a save landed while Engram was writing ${path.basename(copy).replace(/\.conflict-[^.]*/, '')}; that version is kept at ${copy}\n`);
}

/**
 * Reads a file's bytes and identity. A path missing because an Engram write is swapping it
 * this instant (its aside exists) is read again once the swap is done, or from the aside when
 * the writer died mid-swap.
 */
export function readFileVersion(file: string): FileVersion {
  for (let i = 0; ; i++) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const aside = swapAsidePath(file);
      if (!fs.existsSync(aside)) return absent();
      if (i < 200) {
        Atomics.wait(sleeper, 0, 0, 1);
        continue;
      }
      // The writer died between its two steps: the version moved aside is the file's content.
      return file === aside ? absent() : { ...readFileVersion(aside) };
    }
    try {
      const bytes = fs.readFileSync(fd);
      const st = fs.fstatSync(fd, { bigint: true });
      return { exists: true, bytes, hash: sha256(bytes), ino: Number(st.ino), size: Number(st.size), mtimeNs: st.mtimeNs };
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * A crash between moving the file aside and linking the new one leaves the path missing (put
 * the aside back) or both present (the aside is the old version: kept as a conflict copy if it
 * holds any line the file does not).
 */
export function recoverSwap(file: string, options: GuardedOptions = {}): void {
  const aside = swapAsidePath(file);
  if (!fs.existsSync(aside)) return;
  if (!linkNoReplace(aside, file)) {
    const old = fs.readFileSync(aside);
    const now = readFileVersion(file);
    if (!containsEveryLine(now.bytes, old)) reportCopies([keepConflictCopy(file, old)], options);
  }
  fs.rmSync(aside, { force: true });
  syncDir(path.dirname(file));
}

/** Puts back a file whose writer was killed mid-swap (cheap when there is nothing to do). */
export function repairInterruptedSwap(file: string): void {
  if (fs.existsSync(swapAsidePath(file))) withFileLock(file, () => recoverSwap(file));
}

/** `MEMORY.md` → `MEMORY.conflict-20261202T001500Z-1234-ab12.md`, beside it. */
export function keepConflictCopy(file: string, bytes: Buffer): string {
  const ext = path.extname(file);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const copy = path.join(path.dirname(file), `${path.basename(file, ext)}.conflict-${stamp}-${process.pid}-${crypto.randomBytes(2).toString('hex')}${ext}`);
  // As private as the file it copies (a config holding an API key stays 0600).
  let mode = 0o644;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    // Gone: the default.
  }
  fs.writeFileSync(copy, bytes, { flag: 'wx', mode });
  const fd = fs.openSync(copy, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return copy;
}

/** Conflict copies are a person's versions: never indexed or read as memory. */
export function isConflictCopy(name: string): boolean {
  return /\.conflict-\d{8}T\d{6}Z-/.test(name);
}

/** `basis` with what was appended to `was` to make `now`; `now` itself if it is not an append. */
function appendedTo(basis: FileVersion, was: FileVersion, now: FileVersion): FileVersion {
  if (!now.exists || !was.exists || now.bytes.length < was.bytes.length || !now.bytes.subarray(0, was.bytes.length).equals(was.bytes)) return now;
  return versionOf(Buffer.concat([basis.bytes, now.bytes.subarray(was.bytes.length)]));
}

function containsEveryLine(bytes: Buffer, of: Buffer): boolean {
  const lines = new Set(bytes.toString('latin1').split('\n'));
  return of.toString('latin1').split('\n').every((l) => lines.has(l));
}

/** A file that appeared mid-swap is a whole version when it starts like the one moved aside. */
function looksWhole(aside: Buffer, appeared: Buffer): boolean {
  const firstLine = (b: Buffer) => b.subarray(0, Math.max(0, b.indexOf(0x0a))).toString('latin1');
  return appeared.length >= aside.length / 2 || (firstLine(aside) !== '' && firstLine(aside) === firstLine(appeared));
}

function separator(bytes: Buffer): Buffer {
  return bytes.length && bytes[bytes.length - 1] !== 0x0a ? Buffer.from('\n') : Buffer.alloc(0);
}

function versionOf(bytes: Buffer): FileVersion {
  return { exists: true, bytes, hash: sha256(bytes), ino: -1, size: bytes.length, mtimeNs: -1n };
}

function absent(): FileVersion {
  return { exists: false, bytes: Buffer.alloc(0), hash: '', ino: -1, size: 0, mtimeNs: -1n };
}

function sameVersion(a: FileVersion, b: FileVersion): boolean {
  if (a.exists !== b.exists) return false;
  if (!a.exists) return true;
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.hash === b.hash;
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function writeTemp(file: string, bytes: Buffer, like: FileVersion): string {
  const tmp = tempPathFor(file);
  let mode = 0o644;
  if (like.exists) {
    try {
      mode = fs.statSync(file).mode & 0o7777;
    } catch {
      // Gone meanwhile: the identity check that follows notices.
    }
  }
  writeSyncedTemp(tmp, bytes, mode);
  return tmp;
}

function linkNoReplace(from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

