import type { Database } from 'better-sqlite3';

/** An entry as the index holds it: its row in `memory_docs`. */
export interface IndexedEntry {
  kind: string;
  text: string;
  /** The file, relative to its scope's root. */
  path: string;
  at: string;
  source: string;
}

/**
 * An entry of MEMORY.md or of a topic file (a dream moved it there), found by id through the
 * (scope, source_type, doc_key) key. Opening an entry used to parse its whole file: 1.3 s per
 * click at 100,000 entries, with the server's event loop held all along.
 */
export function indexedEntry(db: Database, scope: string, id: string): IndexedEntry | null {
  const row = db
    .prepare(
      `SELECT kind, body AS text, path, at, source FROM memory_docs
       WHERE scope = ? AND source_type IN ('memory', 'topic') AND doc_key = ?
       ORDER BY source_type = 'memory' DESC LIMIT 1`,
    )
    .get(scope, id) as IndexedEntry | undefined;
  return row ?? null;
}
