import type { Database } from 'better-sqlite3';

/**
 * Runs `fn` in an IMMEDIATE transaction, or inside the caller's transaction if one is open.
 *
 * Why never a plain (deferred) `db.transaction()`: a deferred transaction starts as a reader
 * and asks for the write lock at its first write. If another process (the CLI next to the app,
 * a second CLI) holds that lock or committed since this one read, SQLite answers SQLITE_BUSY
 * at once, without waiting out the busy timeout: it cannot wait, since the reader's snapshot
 * would be stale. Taking the write lock first makes every writer wait its turn instead.
 */
export function writeTransaction<T>(db: Database, fn: () => T): T {
  const t = db.transaction(fn);
  return db.inTransaction ? t() : t.immediate();
}
