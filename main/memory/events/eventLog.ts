import type { Database } from 'better-sqlite3';

export type MemoryEventType =
  | 'added'
  | 'edited'
  | 'superseded'
  | 'merged'
  | 'removed'
  /** A session's checkpoint, notes, or a task's progress file changed (id: session or task id). */
  | 'checkpoint'
  | 'notes'
  | 'task'
  /** Secrets were replaced by `[redacted: <kind>]` before a write (id: entry, session or task id). */
  | 'redacted';
/** Who made the change: the agent, a person (editor or UI), the CLI, or a dream. */
export type MemoryActor = 'agent' | 'person' | 'cli' | 'dream';

export interface MemoryEvent {
  at: string;
  type: MemoryEventType;
  id: string;
  text: string;
  actor: string;
  session: string | null;
}

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
