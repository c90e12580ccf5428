import type { Database } from 'better-sqlite3';

import type { MemoryActor, MemoryEvent, MemoryEventType } from '../../../contract/memory';
import type { RowRange } from '../index/docStore';

/** The event shapes are the contract's (contract/memory.ts): the Memory view's timeline shows them. */
export type { MemoryActor, MemoryEvent, MemoryEventType };

export interface NewMemoryEvent {
  type: MemoryEventType;
  id: string;
  text: string;
  actor: MemoryActor;
  session?: string | null;
}

/** The memory timeline: every change to memory, in the order it happened. */
export class EventLog {
  private readonly insert;

  private readonly insertAdded;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      `INSERT INTO memory_events (scope, at, type, entry_id, text, actor, session) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAdded = db.prepare(
      `INSERT INTO memory_events (scope, at, type, entry_id, text, actor, session)
       SELECT scope, ?, 'added', doc_key, body, ?, ? FROM memory_docs WHERE rowid BETWEEN ? AND ? ORDER BY rowid`,
    );
  }

  record(scope: string, event: NewMemoryEvent, at = new Date().toISOString()): void {
    this.insert.run(scope, at, event.type, event.id, event.text, event.actor, event.session ?? null);
  }

  /**
   * An `added` event for each memory entry row in `rows`, just inserted, in row order: the same
   * events `record` would make from each entry's id and text, made by one statement that reads
   * them from the rows (an import adds 100,000: binding each from JavaScript was a fifth of its
   * time).
   */
  recordAddedRows(rows: RowRange, by: { actor: MemoryActor; session?: string | null }, at: string): void {
    // By rowid alone: the range holds only the rows the batch inserted (they got consecutive
    // rowids). Naming the scope too let the planner walk the scope's whole key instead, once
    // per chunk of a streamed import.
    this.insertAdded.run(at, by.actor, by.session ?? null, rows.first, rows.last);
  }

  /** Newest first, across the given scopes. */
  list(scopes: string[], limit: number): MemoryEvent[] {
    const marks = scopes.map(() => '?').join(', ');
    return this.db
      .prepare(
        `SELECT at, type, entry_id AS id, text, actor, session FROM memory_events
         WHERE scope IN (${marks}) ORDER BY memory_events.id DESC LIMIT ?`,
      )
      .all(...scopes, limit) as MemoryEvent[];
  }
}
