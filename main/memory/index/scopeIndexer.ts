import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { DocStore, type RowChange } from './docStore';
import { documentsOf, type IndexDoc } from './indexDocuments';
import { listIndexedFiles, type IndexedFile } from '../files/indexedFiles';
import { hashBytes, readSnapshot, type FileSnapshot } from '../files/memoryFileWriter';
import type { EventLog, NewMemoryEvent } from '../events/eventLog';
import type { MemoryScope } from '../scopes';
import { SUPERSEDED } from '../kinds';

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
    this.store = new DocStore(db, scope.key);
    this.stmts = {
      files: db.prepare(`SELECT path, mtime_ms, size, hash FROM memory_files WHERE scope = ?`),
      file: db.prepare(`SELECT path, mtime_ms, size, hash FROM memory_files WHERE scope = ? AND path = ?`),
      upsertFile: db.prepare(
        `INSERT INTO memory_files (scope, path, mtime_ms, size, hash) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scope, path) DO UPDATE SET mtime_ms = excluded.mtime_ms, size = excluded.size, hash = excluded.hash`,
      ),
      dropFile: db.prepare(`DELETE FROM memory_files WHERE scope = ? AND path = ?`),
      dropDocs: db.prepare(`DELETE FROM memory_docs WHERE scope = ? AND path = ?`),
      dropScopeDocs: db.prepare(`DELETE FROM memory_docs WHERE scope = ? AND path IS NOT NULL`),
      dropScopeFiles: db.prepare(`DELETE FROM memory_files WHERE scope = ?`),
    };
  }

  *sync(): Generator<void, SyncReport> {
    const report: SyncReport = { filesIndexed: 0, filesRemoved: 0, rowsChanged: 0 };
    const known = new Map((this.stmts.files.all(this.scope.key) as FileRecord[]).map((r) => [r.path, r]));
    const current = listIndexedFiles(this.scope);
    const present = new Set(current.map((f) => f.rel));
    // Removals first: a file renamed on disk shows up as one gone and one new.
    for (const rel of known.keys()) {
      if (present.has(rel)) continue;
      this.tx(() => {
        this.stmts.dropDocs.run(this.scope.key, rel);
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
      report.rowsChanged += yield* this.indexFile(file, snap, rec ? 'person' : null, known.size > 0);
      report.filesIndexed++;
    }
    return report;
  }

  /**
   * Re-indexes one file now, after Engram itself wrote it (so no person-edit events). Runs
   * inside the caller's transaction.
   */
  indexOwnWrite(rel: string): void {
    const file = listIndexedFiles(this.scope).find((f) => f.rel === rel.split(path.sep).join('/'));
    if (!file) return;
    const snap = readSnapshot(path.join(this.scope.root, file.rel));
    const steps = this.indexFile(file, snap, null);
    while (!steps.next().done);
  }

  /**
   * After Engram appended entries to the memory file: when the index held exactly the content
   * the append was based on, only the new rows are inserted, which keeps adding to a large
   * file cheap. Returns false (and changes nothing) when it did not; then re-index the file.
   */
  indexAppend(baseHash: string, written: string, docs: IndexDoc[]): boolean {
    const rel = this.scope.memoryFile.split(path.sep).join('/');
    const rec = this.stmts.file.get(this.scope.key, rel) as FileRecord | undefined;
    if (!rec || rec.hash !== baseHash) return false;
    const file = listIndexedFiles(this.scope).find((f) => f.rel === rel);
    if (!file) return false;
    this.store.apply(rel, docs.map((doc) => ({ op: 'insert', doc })));
    this.stmts.upsertFile.run(this.scope.key, rel, file.mtimeMs, file.size, hashBytes(written));
    return true;
  }

  /** The hash of `rel` as the index holds it, or null when it is not indexed. */
  indexedHash(rel: string): string | null {
    return (this.stmts.file.get(this.scope.key, rel) as FileRecord | undefined)?.hash ?? null;
  }

  /** Rows of entries Engram appended to `rel` (a streamed import checks indexedHash first). */
  insertRows(rel: string, docs: IndexDoc[]): void {
    this.store.apply(rel, docs.map((doc) => ({ op: 'insert', doc })), false);
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

  private *indexFile(file: IndexedFile, snap: FileSnapshot, editor: 'person' | null, onTimeline = false): Generator<void, number> {
    const docs = documentsOf(file, snap.bytes);
    const changes = this.store.diff(file.rel, docs, new Date().toISOString().slice(0, 10));
    for (let i = 0; i < changes.length; i += CHUNK) {
      const chunk = changes.slice(i, i + CHUNK);
      this.tx(() => {
        this.store.apply(file.rel, chunk);
        if (editor && file.role === 'memory') this.recordEdits(chunk);
      });
      yield;
    }
    // A checkpoint written, a note taken, a task moved: one timeline event per changed file
    // (not on a first indexing of the scope, which would date old files today).
    // Topic files are written by dreams, which record their own events.
    if (onTimeline && file.role !== 'memory' && file.role !== 'topic' && changes.length) {
      this.events.record(this.scope.key, fileEvent(file, changes));
    }
    this.stmts.upsertFile.run(this.scope.key, file.rel, file.mtimeMs, file.size, snap.hash);
    return changes.length;
  }

  /** Changes a person made in an editor, as timeline events. */
  private recordEdits(changes: RowChange[]): void {
    for (const c of changes) {
      const event: NewMemoryEvent | null =
        c.op === 'insert'
          ? { type: 'added', id: c.doc.docKey, text: c.doc.body, actor: 'person' }
          : c.op === 'delete'
            ? { type: 'removed', id: c.old.docKey, text: c.old.body, actor: 'person' }
            : c.doc.kind === SUPERSEDED && c.old.kind !== SUPERSEDED
              ? { type: 'superseded', id: c.doc.docKey, text: c.doc.body, actor: 'person' }
              : c.doc.body !== c.old.body
                ? { type: 'edited', id: c.doc.docKey, text: c.doc.body, actor: 'person' }
                : null;
      if (event) this.events.record(this.scope.key, event);
    }
  }

  private tx(fn: () => void): void {
    // Immediate for the same reason as runSyncBlocking: a deferred one that reads, then writes,
    // fails at once with "database is locked" when another process wrote meanwhile.
    const t = this.db.transaction(fn);
    if (this.db.inTransaction) t();
    else t.immediate();
  }
}

/** Drains a sync at once (CLI), inside one transaction for speed. */
export function runSyncBlocking<T>(db: Database, steps: Generator<void, T>): T {
  // Immediate: a read transaction that later writes cannot wait for another process's lock
  // (SQLite answers SQLITE_BUSY at once); taking the write lock first makes it wait its turn.
  const drain = db.transaction(() => {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  });
  return db.inTransaction ? drain() : drain.immediate();
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

/**
 * The timeline event of a changed checkpoint, notes or task file. Checkpoints and notes belong
 * to their session's agent; a task line that names a session was the agent's, else a person's.
 */
function fileEvent(file: IndexedFile, changes: RowChange[]): NewMemoryEvent {
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
  return { type: 'task', id: file.owner, text: session ? text.slice(session.length + 1).trim() : text, actor: session ? 'agent' : 'person', session };
}
