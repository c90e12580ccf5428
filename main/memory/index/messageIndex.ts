import type { Database } from 'better-sqlite3';

/** A session message as the agent's session store (issue 6) hands it to the index. */
export interface IndexedMessage {
  /** Unique per project, e.g. the message's id in the sessions table. */
  id: string;
  session: string;
  /** user | assistant | tool …: becomes the hit's `kind`. */
  role: string;
  text: string;
  /** ISO time. */
  at: string;
}

/**
 * Session messages in the search index: rows with `source_type = 'message'` and no file path.
 * Their truth is the sessions table, not a file, so file syncs and `reindex` leave them
 * alone; the session store adds them as they are written and removes a deleted session's.
 */
export class MessageIndex {
  private readonly upsert;
  private readonly removeSession;

  constructor(private readonly db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO memory_docs (scope, source_type, doc_key, path, kind, source, at, pinned, body, meta)
       VALUES (@scope, 'message', @id, NULL, @role, @session, @at, 0, @text, @meta)
       ON CONFLICT (scope, source_type, doc_key) DO UPDATE SET
         kind = excluded.kind, source = excluded.source, at = excluded.at, body = excluded.body, meta = excluded.meta`,
    );
    this.removeSession = db.prepare(`DELETE FROM memory_docs WHERE scope = ? AND source_type = 'message' AND source = ?`);
  }

  add(scope: string, messages: IndexedMessage[]): void {
    this.db.transaction(() => {
      for (const m of messages) {
        this.upsert.run({ scope, ...m, meta: `message ${m.role} ${m.session}` });
      }
    })();
  }

  forgetSession(scope: string, session: string): number {
    return this.removeSession.run(scope, session).changes;
  }
}
