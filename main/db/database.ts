import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { Migration } from './migration';
import { migrations as allMigrations } from './migrations';

export type { Database };

export interface OpenDatabaseOptions {
  /** Path to a better-sqlite3 binary built for another ABI (the Electron shell uses this). */
  nativeBinding?: string;
  /** Where to say that a corrupt database was moved aside. */
  log?: (line: string) => void;
  migrations?: Migration[];
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
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  try {
    return openAndMigrate(file, options);
  } catch (err) {
    if (!isCorruption(err)) throw err;
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
    }
    log(
      `engram: ${file} was not a readable database (${(err as Error).message}); ` +
        `moved it to ${aside} and started a fresh one. Memory lives in .engram/ files and is re-indexed from them.`,
    );
    return openAndMigrate(file, options);
  }
}

function openAndMigrate(file: string, options: OpenDatabaseOptions): Database {
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
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
 * Applies, in one transaction each and in version order, every migration newer than
 * `PRAGMA user_version`. Each domain owns a block of versions (see migrations.ts), so versions
 * increase but need not be contiguous.
 */
export function migrate(db: Database, migrations: Migration[]): void {
  let current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (current > newest) {
    throw new Error(
      `engram.db has schema version ${current}, newer than this Engram knows (${newest}). Update Engram.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    // IMMEDIATE takes the write lock first, and the version is read again under it: another
    // process (the CLI next to the app) opening the same new database may have just applied it.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    current = m.version;
  }
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}
