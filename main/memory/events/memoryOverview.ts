import type { Database } from 'better-sqlite3';
import type { MemoryOverview } from '../../../contract/memory';

/**
 * The Memory view's picture, aggregated in SQLite: the window gets one row per day and kind,
 * never the events or entries themselves (100,000 events cost it a few hundred numbers).
 *
 * - entries by kind over time: current entries of MEMORY.md and topic files, counted by the day
 *   they record (`at:`), cumulated per day (index memory_docs_recent covers it);
 * - changes per day, from the timeline (so a click on a day can filter the timeline to it);
 * - dreams that merged or moved entries, by day;
 * - how many entries are superseded and how many name a stale path now.
 */
export function memoryOverview(db: Database, scopes: string[], projectRoot: string): MemoryOverview {
  const marks = scopes.map(() => '?').join(', ');
  const byKindDay = db
    .prepare(
      `SELECT kind, substr(at, 1, 10) AS day, count(*) AS n FROM memory_docs
       WHERE scope IN (${marks}) AND source_type IN ('memory', 'topic') AND at IS NOT NULL
       GROUP BY kind, day`,
    )
    .all(...scopes) as { kind: string; day: string; n: number }[];
  const changes = db
    .prepare(`SELECT substr(at, 1, 10) AS day, count(*) AS n FROM memory_events WHERE scope IN (${marks}) GROUP BY day`)
    .all(...scopes) as { day: string; n: number }[];
  const dreams = db
    .prepare(
      `SELECT id, substr(finished_at, 1, 10) AS day, merged, superseded, status FROM dream_runs
       WHERE project = ? AND (merged > 0 OR superseded > 0) ORDER BY finished_at`,
    )
    .all(projectRoot) as { id: string; day: string; merged: number; superseded: number; status: string }[];
  // Entries whose text names a path that no longer exists ('[stale path]', which a dream writes):
  // the full-text index finds the few candidates, where looking into every body took half a
  // second at 100,000 entries.
  const stale = db
    .prepare(
      `SELECT count(*) AS n FROM memory_docs
       WHERE rowid IN (SELECT rowid FROM memory_fts WHERE memory_fts MATCH 'body : "stale path"')
         AND scope IN (${marks}) AND source_type IN ('memory', 'topic') AND kind != 'superseded' AND instr(body, '[stale path]') > 0`,
    )
    .get(...scopes) as { n: number };
  // How many entries and superseded ones: the per-day counts already hold every row (at is NOT NULL).
  let entryCount = 0;
  let supersededCount = 0;
  for (const r of byKindDay) {
    if (r.kind === 'superseded') supersededCount += r.n;
    else entryCount += r.n;
  }

  const days = [...new Set([...byKindDay.map((r) => r.day), ...changes.map((r) => r.day), ...dreams.map((d) => d.day)])]
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort();
  const index = new Map(days.map((d, i) => [d, i]));
  const kinds = [...new Set(byKindDay.map((r) => r.kind))].sort();
  const perDay: Record<string, number[]> = Object.fromEntries(kinds.map((k) => [k, days.map(() => 0)]));
  for (const r of byKindDay) {
    const i = index.get(r.day);
    if (i !== undefined) perDay[r.kind][i] += r.n;
  }
  // Cumulative: how many entries of each kind memory held by the end of each day.
  const entries: Record<string, number[]> = {};
  for (const k of kinds) {
    let sum = 0;
    entries[k] = perDay[k].map((n) => (sum += n));
  }
  const changesPerDay = days.map(() => 0);
  for (const r of changes) {
    const i = index.get(r.day);
    if (i !== undefined) changesPerDay[i] = r.n;
  }
  return {
    days,
    entries,
    changes: changesPerDay,
    dreams: dreams.map((d) => ({ id: d.id, day: d.day, merged: d.merged, superseded: d.superseded, reverted: d.status === 'reverted' })),
    totals: { entries: entryCount, superseded: supersededCount, stalePaths: stale.n },
  };
}
