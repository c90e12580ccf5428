import type { Database } from 'better-sqlite3';
import { tokenCount } from '../context/tokens';
import { writeTransaction } from '../../db/writeTransaction';

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
  private readonly existing;
  private readonly insert;
  private readonly indexNew;
  private readonly update;
  private readonly removeSession;

  constructor(private readonly db: Database) {
    this.existing = db.prepare(`SELECT rowid FROM memory_docs WHERE scope = ? AND source_type = 'message' AND doc_key = ?`).pluck();
    this.insert = db.prepare(
      `INSERT INTO memory_docs (scope, source_type, doc_key, path, kind, source, at, pinned, body, meta, tokens)
       VALUES (@scope, 'message', @id, NULL, @role, @session, @at, 0, @text, @meta, @tokens)`,
    );
    // No insert trigger (see migration 6): new rows are indexed here; updates follow the trigger.
    this.indexNew = db.prepare(`INSERT INTO memory_fts (rowid, body, meta) VALUES (?, ?, ?)`);
    this.update = db.prepare(
      `UPDATE memory_docs SET kind = @role, source = @session, at = @at, body = @text, meta = @meta, tokens = @tokens WHERE rowid = @rowid`,
    );
    this.removeSession = db.prepare(`DELETE FROM memory_docs WHERE scope = ? AND source_type = 'message' AND source = ?`);
  }

  add(scope: string, messages: IndexedMessage[]): void {
    // Looks each message up before it writes: immediate (see writeTransaction).
    writeTransaction(this.db, () => {
      for (const m of messages) {
        const row = { scope, ...m, meta: `message ${m.role} ${m.session}`, tokens: tokenCount(m.text) };
        const rowid = this.existing.get(scope, m.id) as number | undefined;
        if (rowid !== undefined) this.update.run({ ...row, rowid });
        else this.indexNew.run(this.insert.run(row).lastInsertRowid, row.text, row.meta);
      }
    });
  }

  forgetSession(scope: string, session: string): number {
    return this.removeSession.run(scope, session).changes;
  }
}
