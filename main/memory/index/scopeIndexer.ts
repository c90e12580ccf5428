import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { DocStore, type RowChange, type RowRange } from './docStore';
import type { TokenCounts } from '../context/tokenCountWorker';
import { documentsOf, type IndexDoc } from './indexDocuments';
import { listIndexedFiles, type IndexedFile } from '../files/indexedFiles';
import { hashBytes, readSnapshot, type FileSnapshot } from '../files/memoryFileWriter';
import type { EventLog, MemoryActor, NewMemoryEvent } from '../events/eventLog';
import type { MemoryScope } from '../scopes';
import { SUPERSEDED } from '../kinds';
import { writeTransaction } from '../../db/writeTransaction';

/**
 * Who a re-indexed file's entry changes are credited to on the timeline: a person (an editor,
 * found by a sync), or the Engram writer that wrote the file (a revert: its caller), with a note
 * that prefixes each row's text. null: the writer records its own events (a dream, MemoryWriter).
 */
export interface Attribution {
  actor: MemoryActor;
  note?: string;
}

export interface SyncReport {
  filesIndexed: number;
  filesRemoved: number;
  rowsChanged: number;
}

/** Row changes applied per transaction, so a large file does not hold the event loop. */
const CHUNK = 2000;

interface FileRecord {
  path: string;
  mtime_ms: number;
  size: number;
  hash: string;
}

/**
 * Keeps the index of one scope in step with its files. Cheap checks first: a file whose
 * mtime and size are unchanged is skipped; one whose hash is unchanged is not re-parsed.
 * Sync is a generator that yields between chunks: the CLI drains it in one transaction, the
 * host awaits between chunks (see `runSync`).
 */
export class ScopeIndexer {
  private readonly store: DocStore;
  private readonly stmts;

  constructor(
    private readonly db: Database,
    readonly scope: MemoryScope,
    private readonly events: EventLog,
  ) {
    this.store = new DocStore(db, scope.key, scope.memoryFile.split(path.sep).join('/'));
    this.stmts = {
      files: db.prepare(`SELECT path, mtime_ms, size, hash FROM memory_files WHERE scope = ?`),
      file: db.prepare(`SELECT path, mtime_ms, size, hash FROM memory_files WHERE scope = ? AND path = ?`),
      upsertFile: db.prepare(
        `INSERT INTO memory_files (scope, path, mtime_ms, size, hash) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scope, path) DO UPDATE SET mtime_ms = excluded.mtime_ms, size = excluded.size, hash = excluded.hash`,
      ),
      dropFile: db.prepare(`DELETE FROM memory_files WHERE scope = ? AND path = ?`),
      dropScopeDocs: db.prepare(`DELETE FROM memory_docs WHERE scope = ? AND path IS NOT NULL`),
      dropScopeFiles: db.prepare(`DELETE FROM memory_files WHERE scope = ?`),
    };
  }

  *sync(): Generator<void, SyncReport> {
    const report: SyncReport = { filesIndexed: 0, filesRemoved: 0, rowsChanged: 0 };
    const known = new Map((this.stmts.files.all(this.scope.key) as FileRecord[]).map((r) => [r.path, r]));
    const firstIndexing = known.size === 0;
    const current = listIndexedFiles(this.scope);
    const present = new Set(current.map((f) => f.rel));
    // Removals first: a file renamed on disk shows up as one gone and one new.
    for (const rel of known.keys()) {
      if (present.has(rel)) continue;
      this.tx(() => {
        this.store.dropFile(rel);
        this.stmts.dropFile.run(this.scope.key, rel);
      });
      report.filesRemoved++;
      yield;
    }
    for (const file of current) {
      const rec = known.get(file.rel);
      if (rec && rec.mtime_ms === file.mtimeMs && rec.size === file.size) continue;
      const snap = readSnapshot(path.join(this.scope.root, file.rel));
      if (!snap.exists) continue;
      if (rec && rec.hash === snap.hash) {
        this.stmts.upsertFile.run(this.scope.key, file.rel, file.mtimeMs, file.size, snap.hash);
        continue;
      }
      // A first indexing (a project opened for the first time, or a new one) puts only files
      // changed in the last day on the timeline, dated when they changed: older files are history
      // it did not see happen, while a task just added to a new project is news.
      const onTimeline = !firstIndexing || Date.now() - file.mtimeMs < RECENT_MS;
      report.rowsChanged += yield* this.indexFile(file, snap, rec ? { actor: 'person' } : null, onTimeline, firstIndexing);
      report.filesIndexed++;
    }
    return report;
  }

  /**
   * Re-indexes one file now, after Engram itself wrote it, inside the caller's transaction: the
   * watcher then finds the index current and credits nothing to a person. Without `attribution`
   * the writer records its own events; with it, the entry changes are recorded for that actor.
   */
  indexOwnWrite(rel: string, attribution: Attribution | null = null): void {
    const wanted = rel.split(path.sep).join('/');
    const file = listIndexedFiles(this.scope).find((f) => f.rel === wanted);
    if (!file) {
      // Removed by the writer: forget its rows (a file a revert deleted).
      this.store.dropFile(wanted);
      this.stmts.dropFile.run(this.scope.key, wanted);
      return;
    }
    const snap = readSnapshot(path.join(this.scope.root, file.rel));
    const steps = this.indexFile(file, snap, attribution);
    while (!steps.next().done);
  }

  /**
   * After Engram appended entries to the memory file: when the index held exactly the content
   * the append was based on, only the new rows are inserted, which keeps adding to a large
   * file cheap; returns the rowids they got. Returns null (and changes nothing) when it did not;
   * then re-index the file.
   */
  indexAppend(baseHash: string, written: string, docs: IndexDoc[], counted: TokenCounts): { rows: RowRange | null } | null {
    const rel = this.scope.memoryFile.split(path.sep).join('/');
    const rec = this.stmts.file.get(this.scope.key, rel) as FileRecord | undefined;
    if (!rec || rec.hash !== baseHash) return null;
    const file = listIndexedFiles(this.scope).find((f) => f.rel === rel);
    if (!file) return null;
    const rows = this.store.insertAll(rel, docs, counted);
    this.stmts.upsertFile.run(this.scope.key, rel, file.mtimeMs, file.size, hashBytes(written));
    return { rows };
  }

  /**
   * After Engram replaced entries of the memory file in place (an edit): when the index held
   * exactly the content the write was based on, only those rows are updated; re-indexing a
   * 100,000-entry file for one edit parsed and diffed all of it (about 2.5 s). Returns false
   * (and changes nothing) when it did not, or a row is missing; then re-index the file.
   */
  indexReplace(baseHash: string, written: string, docs: IndexDoc[]): boolean {
    const rel = this.scope.memoryFile.split(path.sep).join('/');
    const rec = this.stmts.file.get(this.scope.key, rel) as FileRecord | undefined;
    if (!rec || rec.hash !== baseHash) return false;
    const file = listIndexedFiles(this.scope).find((f) => f.rel === rel);
    if (!file) return false;
    const changes: RowChange[] = [];
    for (const doc of docs) {
      const old = this.store.memoryRow(doc.docKey);
      if (!old) return false;
      // A hand-typed entry keeps the date it was first indexed (as a full re-index would).
      if (!doc.at) doc.at = old.at;
      changes.push({ op: 'update', rowid: old.rowid, doc, old });
    }
    this.store.apply(rel, changes);
    this.stmts.upsertFile.run(this.scope.key, rel, file.mtimeMs, file.size, hashBytes(written));
    return true;
  }

  /** The hash of `rel` as the index holds it, or null when it is not indexed. */
  indexedHash(rel: string): string | null {
    return (this.stmts.file.get(this.scope.key, rel) as FileRecord | undefined)?.hash ?? null;
  }

  /**
   * Rows of entries Engram appended to `rel` (a streamed import checks indexedHash first), with
   * their bodies' token counts in the same order; the rowids they got. Their text is indexed by
   * `indexInserted`, which the caller must call before its transaction ends.
   */
  insertRows(rel: string, docs: IndexDoc[], counted: TokenCounts): RowRange | null {
    return this.store.insertAll(rel, docs, counted, { indexLater: true });
  }

  /** Indexes the text of the rows `insertRows` inserted (all of them at once, in one statement). */
  indexInserted(rows: RowRange): void {
    this.store.indexRange(rows);
  }

  /** Records `rel` as indexed with these bytes (their hash), as it is on disk now. */
  markIndexed(rel: string, hash: string): void {
    const file = listIndexedFiles(this.scope).find((f) => f.rel === rel);
    if (file) this.stmts.upsertFile.run(this.scope.key, rel, file.mtimeMs, file.size, hash);
  }

  /** Forgets every file-derived row of the scope (rows without a path, e.g. messages, stay). */
  clear(): void {
    this.tx(() => {
      this.stmts.dropScopeDocs.run(this.scope.key);
      this.stmts.dropScopeFiles.run(this.scope.key);
    });
  }

  isIndexed(rel: string): boolean {
    return Boolean(this.stmts.file.get(this.scope.key, rel));
  }

  private *indexFile(
    file: IndexedFile,
    snap: FileSnapshot,
    editor: Attribution | null,
    onTimeline = false,
    datedByFile = false,
  ): Generator<void, number> {
    let changes: RowChange[] = [];
    let stale = false;
    // The file is read again and diffed inside the (immediate) transaction that applies the
    // diff: Engram's writers change a file and its rows under the same write lock, so what is
    // read here matches the index. Read before it, a CLI's add could land in between: its rows
    // would be diffed against an older file (removed, then added again, credited to a person)
    // or inserted twice (UNIQUE constraint failed: memory_docs…).
    this.tx(() => {
      const fresh = readSnapshot(path.join(this.scope.root, file.rel));
      if (fresh.exists) snap = fresh;
      const now = this.stmts.file.get(this.scope.key, file.rel) as FileRecord | undefined;
      if (now?.hash === snap.hash) {
        stale = true;
        return;
      }
      changes = this.store.diff(file.rel, documentsOf(file, snap.bytes), new Date().toISOString().slice(0, 10));
      const first = changes.slice(0, CHUNK);
      this.store.apply(file.rel, first);
      if (editor && file.role === 'memory') this.recordEdits(first, editor);
    });
    if (stale) {
      this.stmts.upsertFile.run(this.scope.key, file.rel, file.mtimeMs, file.size, snap.hash);
      return 0;
    }
    yield;
    for (let i = CHUNK; i < changes.length; i += CHUNK) {
      const chunk = changes.slice(i, i + CHUNK);
      this.tx(() => {
        this.store.apply(file.rel, chunk);
        if (editor && file.role === 'memory') this.recordEdits(chunk, editor);
      });
      yield;
    }
    // A checkpoint written, a note taken, a task moved: one timeline event per changed file
    // (not on a first indexing of the scope, which would date old files today).
    // Topic files are written by dreams, which record their own events.
    // An Engram writer's own write of such a file (a task changed by the CLI) goes on the
    // timeline too, credited to that writer.
    if ((onTimeline || editor) && file.role !== 'memory' && file.role !== 'topic' && changes.length) {
      this.events.record(this.scope.key, fileEvent(file, changes, editor?.actor), datedByFile ? new Date(file.mtimeMs).toISOString() : undefined);
    }
    this.stmts.upsertFile.run(this.scope.key, file.rel, file.mtimeMs, file.size, snap.hash);
    return changes.length;
  }

  /** Entry changes found in a re-read file (a person's edit, a revert), as timeline events. */
  private recordEdits(changes: RowChange[], by: Attribution): void {
    const { actor } = by;
    const text = (body: string) => (by.note ? `(${by.note}) ${body}` : body);
    for (const c of changes) {
      const event: NewMemoryEvent | null =
        c.op === 'insert'
          ? { type: 'added', id: c.doc.docKey, text: text(c.doc.body), actor }
          : c.op === 'delete'
            ? { type: 'removed', id: c.old.docKey, text: text(c.old.body), actor }
            : c.doc.kind === SUPERSEDED && c.old.kind !== SUPERSEDED
              ? { type: 'superseded', id: c.doc.docKey, text: text(c.doc.body), actor }
              : c.doc.body !== c.old.body || c.doc.kind !== c.old.kind
                ? { type: 'edited', id: c.doc.docKey, text: text(c.doc.body), actor }
                : null;
      if (event) this.events.record(this.scope.key, event);
    }
  }

  /**
   * Immediate: these transactions read (the file's record, the rows to diff) before they write,
   * and a deferred one would get SQLITE_BUSY at once, without waiting, when another process
   * (a CLI) commits in between. Inside a caller's transaction it simply joins it.
   */
  private tx(fn: () => void): void {
    writeTransaction(this.db, fn);
  }
}

/** Drains a sync at once (CLI), inside one transaction for speed. */
export function runSyncBlocking<T>(db: Database, steps: Generator<void, T>): T {
  // Immediate: a read transaction that later writes cannot wait for another process's lock
  // (SQLite answers SQLITE_BUSY at once); taking the write lock first makes it wait its turn.
  return writeTransaction(db, () => {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  });
}

/** Runs a sync giving the event loop a turn between chunks (host, watcher). */
export async function runSyncYielding<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const SUMMARY_MAX = 300;
const RECENT_MS = 24 * 3600_000;

/**
 * The timeline event of a changed checkpoint, notes or task file. Checkpoints and notes belong
 * to their session's agent; a task line that names a session was the agent's, else the writer's
 * that indexed its own write (`by`: the CLI), else a person's (an editor, found by a sync).
 */
function fileEvent(file: IndexedFile, changes: RowChange[], by: MemoryActor = 'person'): NewMemoryEvent {
  const bodies = changes.flatMap((c) => (c.op === 'delete' ? [] : [c.doc.body]));
  // Headings' and log lines' markup is noise in a one-line summary.
  const lines = (bodies.at(-1) ?? '')
    .split('\n')
    .map((l) => l.trim().replace(/^#+\s*/, '').replace(/^- \d{4}-\d\d-\d\dT[\d:.]+Z?\s+/, ''))
    .filter((l) => l && l.toLowerCase() !== 'checkpoint');
  const last = lines.at(-1) ?? '';
  const text = (file.role === 'checkpoint' ? lines.slice(0, 2).join(': ') : last).slice(0, SUMMARY_MAX) || file.rel;
  if (file.role === 'checkpoint' || file.role === 'notes') return { type: file.role, id: file.owner, text, actor: 'agent', session: file.owner };
  const session = /^(ses_[A-Za-z0-9_-]+):/.exec(last)?.[1] ?? null;
  // A task's row names the task (its title, the body's first line), then what happened.
  const title = lines[0] ?? '';
  const what = session ? text.slice(session.length + 1).trim() : text;
  const summary = lines.length > 1 && what !== title ? `${title}: ${what}` : title || what;
  return { type: 'task', id: file.owner, text: summary.slice(0, SUMMARY_MAX), actor: session ? 'agent' : by, session };
}
