import type { Database } from 'better-sqlite3';

import type { MemoryActor, MemoryEvent, MemoryEventType } from '../../../contract/memory';

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

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      `INSERT INTO memory_events (scope, at, type, entry_id, text, actor, session) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  record(scope: string, event: NewMemoryEvent, at = new Date().toISOString()): void {
    this.insert.run(scope, at, event.type, event.id, event.text, event.actor, event.session ?? null);
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
