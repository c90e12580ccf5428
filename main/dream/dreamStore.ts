import type { Database } from 'better-sqlite3';
import type { DreamRecord } from './dreamTypes';

export interface DreamFile {
  path: string;
  /** Byte strings; null: the file did not exist before the dream. */
  before: string | null;
  after: string;
}

interface Row {
  id: string;
  project: string;
  started_at: string;
  finished_at: string;
  status: 'done' | 'reverted';
  llm: number;
  merged: number;
  paths_fixed: number;
  paths_flagged: number;
  promoted: number;
  superseded: number;
  bytes_before: number;
  bytes_after: number;
  report: string;
  reverted_at: string | null;
  files_changed: number;
}

const WITH_FILES = `SELECT dream_runs.*, (SELECT count(*) FROM dream_files WHERE dream_files.dream_id = dream_runs.id) AS files_changed FROM dream_runs`;

const toBlob = (s: string | null) => (s === null ? null : Buffer.from(s, 'latin1'));
const fromBlob = (b: Buffer | null) => (b === null ? null : b.toString('latin1'));

/** The dream rows of engram.db: runs, their files' bytes, each project's schedule start. */
export class DreamStore {
  constructor(private readonly db: Database) {}

  insert(record: DreamRecord, files: DreamFile[]): void {
    this.db
      .prepare(
        `INSERT INTO dream_runs (id, project, started_at, finished_at, status, llm, merged, paths_fixed, paths_flagged,
           promoted, superseded, bytes_before, bytes_after, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(record.id, record.project, record.startedAt, record.finishedAt, record.status, record.llm ? 1 : 0, record.merged,
        record.pathsFixed, record.pathsFlagged, record.promoted, record.superseded, record.bytesBefore, record.bytesAfter, record.report);
    const file = this.db.prepare(`INSERT INTO dream_files (dream_id, path, before, after) VALUES (?, ?, ?, ?)`);
    for (const f of files) file.run(record.id, f.path, toBlob(f.before), toBlob(f.after));
  }

  /** Newest first. */
  list(project: string, limit = 200): DreamRecord[] {
    const rows = this.db
      .prepare(`${WITH_FILES} WHERE project = ? ORDER BY started_at DESC, dream_runs.rowid DESC LIMIT ?`)
      .all(project, limit) as Row[];
    return rows.map(toRecord);
  }

  get(project: string, id: string): DreamRecord | null {
    const row = this.db.prepare(`${WITH_FILES} WHERE project = ? AND id = ?`).get(project, id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  files(id: string): DreamFile[] {
    const rows = this.db.prepare(`SELECT path, before, after FROM dream_files WHERE dream_id = ? ORDER BY path`).all(id) as {
      path: string;
      before: Buffer | null;
      after: Buffer;
    }[];
    return rows.map((r) => ({ path: r.path, before: fromBlob(r.before), after: fromBlob(r.after)! }));
  }

  markReverted(id: string, at: string): void {
    this.db.prepare(`UPDATE dream_runs SET status = 'reverted', reverted_at = ? WHERE id = ?`).run(at, id);
  }

  /** When the schedule of a project began: the first time it was seen, kept from then on. */
  scheduleSince(project: string, now: string): string {
    this.db.prepare(`INSERT INTO dream_schedule (project, since) VALUES (?, ?) ON CONFLICT(project) DO NOTHING`).run(project, now);
    return (this.db.prepare(`SELECT since FROM dream_schedule WHERE project = ?`).get(project) as { since: string }).since;
  }

  lastRunAt(project: string): string | null {
    const row = this.db.prepare(`SELECT max(finished_at) AS at FROM dream_runs WHERE project = ?`).get(project) as { at: string | null };
    return row.at;
  }
}

function toRecord(r: Row): DreamRecord {
  return {
    id: r.id,
    project: r.project,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    llm: r.llm === 1,
    merged: r.merged,
    pathsFixed: r.paths_fixed,
    pathsFlagged: r.paths_flagged,
    promoted: r.promoted,
    superseded: r.superseded,
    bytesBefore: r.bytes_before,
    bytesAfter: r.bytes_after,
    report: r.report,
    revertedAt: r.reverted_at,
    filesChanged: r.files_changed,
  };
}
