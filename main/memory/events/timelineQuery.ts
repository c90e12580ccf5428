import type { Database } from 'better-sqlite3';
import type { MemoryEvent } from './eventLog';

export interface TimelineFilter {
  scopes: string[];
  /** Only events older than this sequence number (the cursor of the previous page). */
  before?: number;
  limit: number;
  type?: string;
  actor?: string;
  session?: string;
  entryId?: string;
}

export interface TimelineRow extends MemoryEvent {
  /** Position in the log; newest is highest. Pages are cut by it. */
  seq: number;
}

/**
 * One page of the memory timeline, newest first, straight from SQLite: the window never holds
 * more than a page per request however long the history is.
 */
export function timelinePage(db: Database, f: TimelineFilter): { events: TimelineRow[]; hasMore: boolean } {
  const where = [`scope IN (${f.scopes.map(() => '?').join(', ')})`];
  const args: (string | number)[] = [...f.scopes];
  const add = (sql: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(sql);
    args.push(value);
  };
  add('id < ?', f.before);
  add('type = ?', f.type);
  add('actor = ?', f.actor);
  add('session = ?', f.session);
  add('entry_id = ?', f.entryId);
  const rows = db
    .prepare(
      `SELECT id AS seq, at, type, entry_id AS id, text, actor, session FROM memory_events
       WHERE ${where.join(' AND ')} ORDER BY memory_events.id DESC LIMIT ?`,
    )
    .all(...args, f.limit + 1) as TimelineRow[];
  return { events: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

/** Number of events in the given scopes (for the header and the scrollbar's first estimate). */
export function timelineCount(db: Database, scopes: string[]): number {
  const row = db
    .prepare(`SELECT COUNT(*) AS n FROM memory_events WHERE scope IN (${scopes.map(() => '?').join(', ')})`)
    .get(...scopes) as { n: number };
  return row.n;
}
