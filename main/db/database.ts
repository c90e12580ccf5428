import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { Migration } from './migration';
import { migrations as allMigrations } from './migrations';
import { writeTransaction } from './writeTransaction';
import { salvageDatabase, type SalvageReport } from './salvage/salvageDatabase';
import { salvageSentence } from './salvage/salvageSummary';
import { ENGRAM_DIR } from '../../contract/engramLayout';

export type { Database };

export interface OpenDatabaseOptions {
  /** Path to a better-sqlite3 binary built for another ABI (the Electron shell uses this). */
  nativeBinding?: string;
  /** Where to say that a corrupt database was moved aside. */
  log?: (line: string) => void;
  migrations?: Migration[];
  /**
   * Run `PRAGMA quick_check` at open, so damage inside the file is found before anything
   * reads it. It reads every page: about 25 ms at 20,000 memory entries and 130 ms at 100,000
   * (BENCHMARKS.md), so long-lived processes and heavy commands ask for it; one-shot commands
   * rely on catching SQLITE_CORRUPT when they meet the damage (see isDatabaseCorruption).
   */
  check?: boolean;
  /** Told when a damaged database was moved aside and rebuilt (the host turns it into a notice). */
  onRebuilt?: (rebuilt: RebuiltDatabase) => void;
}

/** A damaged engram.db moved aside, a fresh one in its place, and what was copied back from the old one. */
export interface RebuiltDatabase {
  db: Database;
  movedTo: string;
  cause: Error;
  salvage: SalvageReport;
}

/** engram.db failed `PRAGMA quick_check`: handled like any other corrupt database. */
export class DatabaseCorruptError extends Error {
  readonly code = 'SQLITE_CORRUPT';
  constructor(detail: string) {
    super(`quick_check found damage: ${detail.split('\n').slice(0, 3).join('; ')}`);
    this.name = 'DatabaseCorruptError';
  }
}

/**
 * Wait this long for a lock held by another process (the CLI and the app share the file).
 * Writers hold it while they write memory files (fsyncs included) and a dream over a large
 * memory holds it for its whole commit; with a dozen processes writing at once, 5 s was not
 * enough and `memory add` failed with "database is locked". Writers wait their turn instead.
 */
const BUSY_TIMEOUT_MS = 60_000;

/**
 * Opens `<dataDir>/engram.db` with WAL and a busy timeout and brings its schema up to date.
 * A file that is not a database, or is corrupt, is moved aside (never deleted) and a fresh
 * database is created: everything derived is rebuilt from the files in each repository.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'engram.db');
  try {
    return openAndMigrate(file, options);
  } catch (err) {
    if (!isDatabaseCorruption(err)) throw err;
    return rebuildDatabase(dataDir, err as Error, options).db;
  }
}

/**
 * Moves a damaged engram.db aside (never deleting it), opens a fresh one in its place, copies
 * back every row still readable from the old file's tables that hold data found nowhere else
 * (sessions, timeline history, usage, dream runs, projects: see salvage/keptTables.ts), and says
 * so in one line. Everything derived (the memory index) is rebuilt from the files by whoever
 * uses the database next. A failure to read the old file never stops the fresh one from being
 * used: the line says what could not be kept. The caller closes a connection to the old file first.
 */
export function rebuildDatabase(dataDir: string, cause: Error, options: OpenDatabaseOptions = {}): RebuiltDatabase {
  const file = path.join(dataDir, 'engram.db');
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const movedTo = moveDatabaseAside(dataDir);
  const db = openAndMigrate(file, { ...options, check: false });
  let salvage: SalvageReport;
  try {
    salvage = salvageDatabase(db, movedTo, { nativeBinding: options.nativeBinding });
  } catch (err) {
    salvage = { from: movedTo, tables: [], error: (err as Error).message };
  }
  log(
    `engram: ${file} was not a readable database (${cause.message}); moved it to ${movedTo} and started a fresh one, ` +
      `rebuilt from the ${ENGRAM_DIR}/ files (memory and dream history live there). ${salvageSentence(salvage)}`,
  );
  const rebuilt = { db, movedTo, cause, salvage };
  options.onRebuilt?.(rebuilt);
  return rebuilt;
}

/** Moves a damaged engram.db (and its -wal and -shm) aside, never deleting it; returns where it went. */
export function moveDatabaseAside(dataDir: string): string {
  const file = path.join(dataDir, 'engram.db');
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

/** SQLite's "not a database" and "database disk image is malformed", however they surface. */
export function isDatabaseCorruption(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'));
}

function openAndMigrate(file: string, options: OpenDatabaseOptions): Database {
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (options.check) {
      const verdict = db.pragma('quick_check(3)', { simple: false }) as Array<{ quick_check: string }>;
      const problems = verdict.map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length) throw new DatabaseCorruptError(problems.join('\n'));
    }
    switchToWal(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? allMigrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * `PRAGMA journal_mode = WAL`, tried again while another process is switching the same new
 * database. On a file not yet in WAL, SQLite reads the header and then writes it, inside the
 * pragma: two processes doing that at once both hold a read lock and both want the write lock,
 * and the one that loses gets SQLITE_BUSY at once, never waiting out the busy timeout (waiting
 * could deadlock). Once the winner is done the file is in WAL and the pragma only reads it, so
 * trying again shortly succeeds; the wait is bounded by the busy timeout all the same.
 */
function switchToWal(db: Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err;
      sleepSync(Math.min(100, 5 * attempt) + Math.random() * 10);
    }
  }
}

/** Blocks the thread (opening the database is synchronous, like everything better-sqlite3 does). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Applies, in one transaction each and in version order, every migration `schema_migrations`
 * does not list. Each domain owns a block of versions (see migrations.ts), so a block's new
 * step can be numbered below another block's last one: `user_version` alone (the highest step
 * applied) would skip it on every existing database, which is why each step is recorded.
 */
export function migrate(db: Database, migrations: Migration[]): void {
  const newest = migrations.length ? migrations[migrations.length - 1].version : 0;
  const userVersion = () => db.pragma('user_version', { simple: true }) as number;
  const newerThanThis = (found: number) =>
    new Error(`engram.db has schema version ${found}, newer than this Engram knows (${newest}). Update Engram.`);
  if (userVersion() > newest) throw newerThanThis(userVersion());
  writeTransaction(db, () => {
    if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get()) return;
    // A database from before this table: user_version says how far it got, and the steps
    // numbered below that which came later say themselves whether they are there.
    const reached = userVersion();
    db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    for (const m of migrations) if (m.version <= reached && (m.present?.(db) ?? true)) record(db, m);
  });
  const known = new Set(migrations.map((m) => m.version));
  const applied = new Set((db.prepare(`SELECT version FROM schema_migrations`).raw(true).all() as [number][]).map(([v]) => v));
  const unknown = [...applied].filter((v) => !known.has(v));
  if (unknown.length) throw newerThanThis(Math.max(...unknown));
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    // IMMEDIATE takes the write lock first, and the step is looked up again under it: another
    // process (the CLI next to the app) opening the same database may have just applied it.
    writeTransaction(db, () => {
      if (db.prepare(`SELECT 1 FROM schema_migrations WHERE version = ?`).get(m.version)) return;
      m.up(db);
      record(db, m);
      if (m.version > userVersion()) db.pragma(`user_version = ${m.version}`);
    });
  }
}

function record(db: Database, m: Migration): void {
  db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`).run(m.version, m.name, new Date().toISOString());
}
