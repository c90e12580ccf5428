import type { Database } from 'better-sqlite3';
import type { IndexDoc, SourceType } from './indexDocuments';
import { tokenCount } from '../context/tokens';
import type { TokenCounts } from '../context/tokenCountWorker';

/** A change to the rows of one file, found by comparing old and new rows by key. */
export type RowChange =
  | { op: 'insert'; doc: IndexDoc }
  | { op: 'update'; rowid: number; doc: IndexDoc; old: StoredDoc }
  | { op: 'delete'; rowid: number; old: StoredDoc };

/** The rowids rows were given, first to last (rows inserted in one go get consecutive ones). */
export interface RowRange {
  first: number;
  last: number;
}

export interface StoredDoc extends IndexDoc {
  rowid: number;
  tokens: number;
}

/**
 * Reads and writes `memory_docs` rows for one scope, with each row's token count; new rows are
 * indexed in `memory_fts` here, updates and deletes follow through the triggers.
 */
export class DocStore {
  private readonly stmts;

  /**
   * `memoryFile`: the scope's MEMORY.md, relative to its root with `/`. Its rows (source type
   * `memory`, and only its rows) are found through the UNIQUE key's (scope, source_type): the
   * path index leaves them out, which an import of many entries would otherwise write for each.
   */
  constructor(
    db: Database,
    readonly scope: string,
    private readonly memoryFile: string,
  ) {
    const columns = `rowid, source_type AS sourceType, doc_key AS docKey, kind, source, at, pinned, body, meta, tokens`;
    this.stmts = {
      byPath: db.prepare(`SELECT ${columns} FROM memory_docs WHERE scope = ? AND path = ? AND source_type <> 'memory'`),
      memoryRow: db.prepare(`SELECT ${columns} FROM memory_docs WHERE scope = ? AND source_type = 'memory' AND doc_key = ?`),
      memoryRows: db.prepare(`SELECT ${columns} FROM memory_docs WHERE scope = ? AND source_type = 'memory'`),
      dropPath: db.prepare(`DELETE FROM memory_docs WHERE scope = ? AND path = ? AND source_type <> 'memory'`),
      dropMemoryRows: db.prepare(`DELETE FROM memory_docs WHERE scope = ? AND source_type = 'memory'`),
      insert: db.prepare(
        `INSERT INTO memory_docs (scope, source_type, doc_key, path, kind, source, at, pinned, body, meta, tokens)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      indexNew: db.prepare(`INSERT INTO memory_fts (rowid, body, meta) VALUES (?, ?, ?)`),
      indexRows: db.prepare(`INSERT INTO memory_fts (rowid, body, meta) SELECT rowid, body, meta FROM memory_docs WHERE rowid BETWEEN ? AND ? ORDER BY rowid`),
      update: db.prepare(
        `UPDATE memory_docs SET kind = @kind, source = @source, at = @at, pinned = @pinned, body = @body, meta = @meta,
         tokens = @tokens WHERE rowid = @rowid`,
      ),
      remove: db.prepare(`DELETE FROM memory_docs WHERE rowid = ?`),
    };
  }

  rowsOf(path: string): StoredDoc[] {
    return (path === this.memoryFile ? this.stmts.memoryRows.all(this.scope) : this.stmts.byPath.all(this.scope, path)) as StoredDoc[];
  }

  /** The row of one entry of the memory file, by its id. */
  memoryRow(id: string): StoredDoc | null {
    return (this.stmts.memoryRow.get(this.scope, id) as StoredDoc | undefined) ?? null;
  }

  /** Forgets every row of one file. */
  dropFile(path: string): void {
    if (path === this.memoryFile) this.stmts.dropMemoryRows.run(this.scope);
    else this.stmts.dropPath.run(this.scope, path);
  }

  /**
   * What has to change so the rows of `path` equal `docs`. A hand-typed entry has no date;
   * it keeps the date it was first indexed, which is what recency ranking needs.
   */
  diff(path: string, docs: IndexDoc[], today: string): RowChange[] {
    const old = new Map<string, StoredDoc>();
    for (const row of this.rowsOf(path)) old.set(keyOf(row.sourceType, row.docKey), row);
    const changes: RowChange[] = [];
    for (const doc of docs) {
      const key = keyOf(doc.sourceType, doc.docKey);
      const prev = old.get(key);
      old.delete(key);
      if (!doc.at) doc.at = prev?.at || today;
      if (!prev) changes.push({ op: 'insert', doc });
      else if (!sameDoc(prev, doc)) changes.push({ op: 'update', rowid: prev.rowid, doc, old: prev });
    }
    for (const prev of old.values()) changes.push({ op: 'delete', rowid: prev.rowid, old: prev });
    return changes;
  }

  /**
   * New rows, in order, with their bodies' token counts; the rowids they got. Consecutive: each
   * insert takes the next rowid, and the caller's transaction keeps other writers out (checked).
   */
  insertAll(path: string, docs: IndexDoc[], counted: TokenCounts, options: { indexLater?: boolean } = {}): RowRange | null {
    let first = 0;
    let last = 0;
    for (let i = 0; i < docs.length; i++) {
      const rowid = this.insertRow(path, docs[i], counted.get(i));
      if (!i) first = rowid;
      else if (rowid !== last + 1) throw new Error(`rows got rowids out of order (${last} then ${rowid})`);
      last = rowid;
    }
    if (!docs.length) return null;
    // Indexed from the rows in one statement: the same terms as a row-by-row insert, and at
    // 100,000 entries a quarter of an import's time less (BENCHMARKS.md). `indexLater`: the
    // caller indexes a larger range at once (indexRange), before its transaction ends.
    const rows = { first, last };
    if (!options.indexLater) this.indexRange(rows);
    return rows;
  }

  /** Indexes the text of rows inserted with `indexLater`. */
  indexRange(rows: RowRange): void {
    this.stmts.indexRows.run(rows.first, rows.last);
  }

  /**
   * `counted`: the token counts of the changes' bodies, by position in `changes`, when the
   * caller started counting them ahead (an import: see tokenCountWorker.ts); else each new or
   * changed body is counted here.
   */
  apply(path: string, changes: RowChange[], counted?: TokenCounts): void {
    // New rows are indexed after they are all in (see insertAll), when their rowids follow on.
    const inserted: { rowid: number; doc: IndexDoc }[] = [];
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i];
      if (c.op === 'insert') {
        const tokens = counted ? counted.get(i) : tokenCount(c.doc.body);
        inserted.push({ rowid: this.insertRow(path, c.doc, tokens), doc: c.doc });
      } else if (c.op === 'update') {
        const tokens = c.doc.body === c.old.body ? c.old.tokens : counted ? counted.get(i) : tokenCount(c.doc.body);
        this.stmts.update.run({ rowid: c.rowid, ...c.doc, tokens });
      }
      else this.stmts.remove.run(c.rowid);
    }
    this.index(inserted);
  }

  /** One new row, not yet in memory_fts; its rowid. */
  private insertRow(path: string, d: IndexDoc, tokens: number): number {
    // Positional: an import inserts a row per entry, and binding by name costs an object each.
    const { lastInsertRowid } = this.stmts.insert.run(this.scope, d.sourceType, d.docKey, path, d.kind, d.source, d.at, d.pinned, d.body, d.meta, tokens);
    return Number(lastInsertRowid);
  }

  /** No insert trigger (see migration 6): new rows are indexed here. */
  private index(rows: { rowid: number; doc: IndexDoc }[]): void {
    if (!rows.length) return;
    const first = rows[0].rowid;
    if (rows.every((r, k) => r.rowid === first + k)) this.indexRange({ first, last: rows[rows.length - 1].rowid });
    else for (const r of rows) this.stmts.indexNew.run(r.rowid, r.doc.body, r.doc.meta);
  }
}

function keyOf(sourceType: SourceType, docKey: string): string {
  return `${sourceType}\0${docKey}`;
}

function sameDoc(a: IndexDoc, b: IndexDoc): boolean {
  return (
    a.kind === b.kind &&
    a.source === b.source &&
    a.at === b.at &&
    a.pinned === b.pinned &&
    a.body === b.body &&
    a.meta === b.meta
  );
}
