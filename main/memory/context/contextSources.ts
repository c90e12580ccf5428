import type { Database, Statement } from 'better-sqlite3';
import type { SourceType } from '../index/indexDocuments';
import type { SearchRow } from '../index/memorySearch';
import { SUPERSEDED } from '../kinds';

export type ContextRow = Omit<SearchRow, 'score'>;

const COLUMNS = `rowid, scope, source_type AS sourceType, doc_key AS id, kind, source, path, at, pinned, body, tokens`;

/** The rows `context()` draws from, besides search hits. */
export class ContextSources {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /**
   * Rules, then pinned entries, newest first: always first in the block. Asked scope by scope
   * so each query walks an index backwards and stops at the limit, however large memory is.
   */
  standing(scopes: string[], limit: number): ContextRow[] {
    const rules = this.perScope(
      scopes,
      limit,
      // Named, as below: the planner would walk every entry's recency key looking for rules.
      `SELECT ${COLUMNS} FROM memory_docs INDEXED BY memory_docs_rules
       WHERE scope = ? AND source_type = 'memory' AND kind = 'rules' ORDER BY at DESC LIMIT ?`,
    );
    const pinned = this.perScope(
      scopes,
      limit,
      // Named: without statistics the planner prefers memory_docs_recent (more equality
      // columns) and walks every entry of the scope looking for a pin: 78 ms at 100k entries.
      `SELECT ${COLUMNS} FROM memory_docs INDEXED BY memory_docs_pinned
       WHERE scope = ? AND source_type = 'memory' AND pinned = 1 ORDER BY at DESC LIMIT ?`,
    ).filter((r) => r.kind !== 'rules' && r.kind !== SUPERSEDED);
    return [...rules, ...pinned].slice(0, limit);
  }

  /** The newest memory entries that are still current. */
  recentEntries(scopes: string[], limit: number): ContextRow[] {
    return this.perScope(
      scopes,
      limit,
      `SELECT ${COLUMNS} FROM memory_docs WHERE scope = ? AND source_type = 'memory' AND kind != '${SUPERSEDED}'
       ORDER BY at DESC LIMIT ?`,
    );
  }

  private perScope(scopes: string[], limit: number, sql: string): ContextRow[] {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return scopes
      .flatMap((scope) => stmt.all(scope, limit) as ContextRow[])
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.rowid - a.rowid))
      .slice(0, limit);
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
