import type { Database } from 'better-sqlite3';
import { DataVersionWatch } from '../db/dataVersionWatch';
import { USER_SCOPE_KEY } from '../memory/scopes';

/** What another process can change only in engram.db, as the views know it. */
export const OUTSIDE_WRITE_KINDS = ['agent', 'memory', 'dreams', 'usage'] as const;
export type OutsideWriteKind = (typeof OUTSIDE_WRITE_KINDS)[number];

export interface OutsideChange {
  kind: OutsideWriteKind;
  /** The open project it concerns; absent for what is not per project (usage). */
  projectId?: string;
}

interface Options {
  db: Database;
  /** The open projects: their ids and paths (a path is also their memory scope's key). */
  projects(): Array<{ id: string; path: string }>;
  onChange(changes: OutsideChange[]): void;
  log?: (line: string) => void;
}

/**
 * Notices what other processes wrote to engram.db that no file watcher sees: an `engram run`
 * beside the window (its session, messages and usage rows), the timeline rows and dream
 * history written by CLI commands. A cheap `PRAGMA data_version` poll says THAT another
 * connection committed; then one small marker per kind and open project (a count and a
 * newest timestamp, or a newest row id, each read through an index) says WHAT changed, so only
 * the views concerned refetch.
 */
export class OutsideWrites {
  private readonly watch: DataVersionWatch;
  private readonly stmts;
  private markers = new Map<string, string>();

  constructor(private readonly options: Options) {
    const { db } = options;
    this.stmts = {
      // Sessions listed, renamed, deleted, continued (updated_at), and their token/cost totals.
      agent: db.prepare(
        `SELECT count(*) || '|' || ifnull(max(updated_at), '') || '|' || total(cost) || '|' || total(input_tokens + output_tokens)
         FROM agent_sessions WHERE project_path = ?`,
      ),
      memory: db.prepare(`SELECT ifnull(max(id), 0) FROM memory_events WHERE scope = ?`),
      dreams: db.prepare(
        `SELECT count(*) || '|' || ifnull(max(finished_at), '') || '|' || count(reverted_at) || '|' || ifnull(max(reverted_at), '')
         FROM dream_runs WHERE project = ?`,
      ),
      usage: db.prepare(`SELECT ifnull(max(id), 0) FROM agent_requests`),
    };
    for (const s of Object.values(this.stmts)) s.pluck();
    this.watch = new DataVersionWatch(db, () => this.compare(), options.log);
    this.markers = this.read();
  }

  start(intervalMs?: number): void {
    this.watch.start(intervalMs);
  }

  stop(): void {
    this.watch.stop();
  }

  /**
   * The open projects changed: a project just opened gets its markers now, so the next write
   * another process makes to it is compared against what its views just fetched.
   */
  projectsChanged(): void {
    const now = this.read();
    for (const [k, v] of now) if (!this.markers.has(k)) this.markers.set(k, v);
  }

  /** Looks now (tests, and a shell that knows it just woke up). */
  check(): boolean {
    return this.watch.check();
  }

  private compare(): void {
    const before = this.markers;
    const now = this.read();
    this.markers = now;
    const changes: OutsideChange[] = [];
    const userMemoryMoved = before.get(key('memory', USER_SCOPE_KEY)) !== now.get(key('memory', USER_SCOPE_KEY));
    for (const { id, path } of this.options.projects()) {
      for (const kind of ['agent', 'memory', 'dreams'] as const) {
        const k = key(kind, path);
        if (!before.has(k)) continue; // opened meanwhile: see projectsChanged
        if (before.get(k) !== now.get(k) || (kind === 'memory' && userMemoryMoved)) changes.push({ kind, projectId: id });
      }
    }
    if (before.get('usage') !== now.get('usage')) changes.push({ kind: 'usage' });
    if (changes.length) this.options.onChange(changes);
  }

  private read(): Map<string, string> {
    const m = new Map<string, string>();
    for (const { path } of this.options.projects()) {
      m.set(key('agent', path), String(this.stmts.agent.get(path)));
      m.set(key('memory', path), String(this.stmts.memory.get(path)));
      m.set(key('dreams', path), String(this.stmts.dreams.get(path)));
    }
    m.set(key('memory', USER_SCOPE_KEY), String(this.stmts.memory.get(USER_SCOPE_KEY)));
    m.set('usage', String(this.stmts.usage.get()));
    return m;
  }
}

const key = (kind: OutsideWriteKind, scope: string) => `${kind}\0${scope}`;
