import type { Database } from 'better-sqlite3';
import type { SourceType } from '../index/indexDocuments';
import type { SearchRow } from '../index/memorySearch';
import { SUPERSEDED } from '../kinds';

export type ContextRow = Omit<SearchRow, 'score'>;

const COLUMNS = `rowid, scope, source_type AS sourceType, doc_key AS id, kind, source, path, at, pinned, body`;

/** The rows `context()` draws from, besides search hits. */
export class ContextSources {
  constructor(private readonly db: Database) {}

  /** Rules and pinned entries: always first in the block. */
  standing(scopes: string[], limit: number): ContextRow[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM memory_docs
         WHERE scope IN (${marks(scopes)}) AND source_type = 'memory' AND kind != '${SUPERSEDED}'
           AND (kind = 'rules' OR pinned = 1)
         ORDER BY kind = 'rules' DESC, at DESC LIMIT ?`,
      )
      .all(...scopes, limit) as ContextRow[];
  }

  /** The newest memory entries that are still current. */
  recentEntries(scopes: string[], limit: number): ContextRow[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM memory_docs
         WHERE scope IN (${marks(scopes)}) AND source_type = 'memory' AND kind != '${SUPERSEDED}'
         ORDER BY at DESC, rowid DESC LIMIT ?`,
      )
      .all(...scopes, limit) as ContextRow[];
  }

  /** A session's checkpoint or notes: the given session's, else the most recent. */
  sessionDoc(scope: string, type: Extract<SourceType, 'checkpoint' | 'notes'>, session?: string): ContextRow | undefined {
    if (session) {
      return this.db
        .prepare(`SELECT ${COLUMNS} FROM memory_docs WHERE scope = ? AND source_type = ? AND doc_key = ?`)
        .get(scope, type, `${type}:${session}`) as ContextRow | undefined;
    }
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM memory_docs WHERE scope = ? AND source_type = ? ORDER BY at DESC LIMIT 1`)
      .get(scope, type) as ContextRow | undefined;
  }

  /** Tasks not yet done, most recently updated first. */
  openTasks(scope: string, limit: number): ContextRow[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM memory_docs WHERE scope = ? AND source_type = 'task' AND kind != 'done'
         ORDER BY at DESC LIMIT ?`,
      )
      .all(scope, limit) as ContextRow[];
  }
}

function marks(values: unknown[]): string {
  return values.map(() => '?').join(', ');
}
