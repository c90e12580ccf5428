import type { Database } from 'better-sqlite3';
import type { MemoryTimelineEvent } from '../../../contract/memory';

export interface TimelineFilter {
  scopes: string[];
  /** Only events older than this sequence number (the cursor of the previous page). */
  before?: number;
  /** Skip this many events (newest first): for a list that jumps to any position. */
  offset?: number;
  limit: number;
  type?: string;
  actor?: string;
  session?: string;
  entryId?: string;
  /** YYYY-MM-DD: only that day's events (UTC). */
  day?: string;
}

/** One row of the timeline: the contract's shape (contract/memory.ts). */
export type TimelineRow = MemoryTimelineEvent;

/**
 * One page of the memory timeline, newest first, straight from SQLite: the window never holds
 * more than a page per request however long the history is.
 */
export function timelinePage(db: Database, f: TimelineFilter): { events: TimelineRow[]; hasMore: boolean } {
  const { where, args } = conditions(f);
  const rows = db
    .prepare(
      `SELECT id AS seq, at, type, entry_id AS id, text, actor, session FROM memory_events
       WHERE ${where} ORDER BY memory_events.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, f.limit + 1, f.offset ?? 0) as TimelineRow[];
  return { events: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

/** Number of events the filter matches (the list's length, so its scrollbar is right from the start). */
export function timelineCount(db: Database, f: Omit<TimelineFilter, 'limit' | 'before' | 'offset'>): number {
  const { where, args } = conditions(f);
  const row = db.prepare(`SELECT COUNT(*) AS n FROM memory_events WHERE ${where}`).get(...args) as { n: number };
  return row.n;
}

function conditions(f: Partial<TimelineFilter> & { scopes: string[] }): { where: string; args: (string | number)[] } {
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
  if (f.day) {
    const next = new Date(Date.parse(`${f.day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    add('at >= ?', f.day);
    add('at < ?', next);
  }
  return { where: where.join(' AND '), args };
}
