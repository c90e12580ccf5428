import type { Database, Statement } from 'better-sqlite3';
import type { VectorBackend } from '../../../contract/memory';
import { createEmbeddingTables } from './embeddingTables';
import { loadSqliteVec } from './sqliteVec';

/** An entry, as the index keys it: its vector outlives the index row (reindex renumbers rows). */
export interface EntryKey {
  scope: string;
  sourceType: string;
  docKey: string;
}

export interface StoredVector extends EntryKey {
  hash: string;
  vector: Float32Array;
}

export interface Neighbour extends EntryKey {
  /** Cosine similarity to the query, -1…1. */
  similarity: number;
}

/** sqlite-vec answers at most this many neighbours per query. */
const KNN_MAX = 4096;

/**
 * Entry vectors in engram.db (`memory_embeddings`, float32 BLOBs, the truth) and, when the
 * sqlite-vec extension loads, a vec0 index over the current model's vectors
 * (`memory_vec_<dims>`, partitioned by scope, keyed by the vector's id) for nearest-neighbour
 * queries. Without the extension a query scans the float32 rows of the scope: measured in
 * BENCHMARKS.md (sqlite-vec 6 ms vs 44 ms at 10,000 vectors of 768 dimensions, 66 vs
 * 1,093 ms at 100,000).
 */
export class VectorStore {
  readonly backend: VectorBackend;
  /** Why sqlite-vec did not load; null when it did. */
  readonly backendProblem: string | null;
  private readonly checked = new Set<string>();
  private readonly stmts = new Map<string, Statement<unknown[]>>();

  /**
   * `scanOnly`: never use the extension (to compare the two in `npm run bench`). `newConnection`:
   * the handle reaches a connection opened since (load the extension into it).
   */
  constructor(
    private readonly db: Database,
    options: { scanOnly?: boolean; newConnection?: boolean } = {},
  ) {
    createEmbeddingTables(db);
    this.backendProblem = options.scanOnly ? 'not used (scanOnly)' : loadSqliteVec(db, options.newConnection);
    this.backend = this.backendProblem ? 'float32-scan' : 'sqlite-vec';
  }

  /** Hash of the text each entry of these scopes was embedded from, by entry, for one model. */
  hashes(model: string, scopes: string[]): Map<string, string> {
    const out = new Map<string, string>();
    const stmt = this.stmt('hashes', `SELECT scope, source_type, doc_key, hash FROM memory_embeddings WHERE model = ? AND scope = ?`);
    for (const scope of scopes) {
      for (const [s, t, k, h] of stmt.raw(true).iterate(model, scope) as Iterable<[string, string, string, string]>) out.set(entryId({ scope: s, sourceType: t, docKey: k }), h);
    }
    return out;
  }

  /** The model's dimensions, from a stored vector; null when it has none yet. */
  dimensions(model: string): number | null {
    return (this.stmt('dims', `SELECT dims FROM memory_embeddings WHERE model = ? LIMIT 1`).pluck().get(model) as number | undefined) ?? null;
  }

  count(model: string, scopes: string[]): number {
    const stmt = this.stmt('count', `SELECT count(*) FROM memory_embeddings WHERE model = ? AND scope = ?`).pluck();
    return scopes.reduce((n, scope) => n + (stmt.get(model, scope) as number), 0);
  }

  /** Stores vectors (normalized here) in one transaction, replacing older ones of the same entries. */
  put(model: string, vectors: StoredVector[]): void {
    if (!vectors.length) return;
    const dims = vectors[0].vector.length;
    const upsert = this.stmt(
      'upsert',
      `INSERT INTO memory_embeddings (scope, source_type, doc_key, model, dims, hash, vector) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, source_type, doc_key, model) DO UPDATE SET dims = excluded.dims, hash = excluded.hash, vector = excluded.vector
       RETURNING id`,
    );
    this.db.transaction(() => {
      const index = this.indexFor(model, dims);
      for (const v of vectors) {
        if (v.vector.length !== dims) throw new Error(`the embedding model answered vectors of ${v.vector.length} and ${dims} dimensions in one batch`);
        const blob = toBlob(normalized(v.vector));
        const id = upsert.pluck().get(v.scope, v.sourceType, v.docKey, model, dims, v.hash, blob) as number;
        if (index) {
          this.db.prepare(`DELETE FROM ${index} WHERE rowid = ?`).run(BigInt(id));
          this.db.prepare(`INSERT INTO ${index} (rowid, scope, embedding) VALUES (?, ?, ?)`).run(BigInt(id), v.scope, blob);
        }
      }
    }).immediate();
  }

  /**
   * Drops vectors of other models (a switched model makes them useless: its space differs) and
   * of entries no longer in the index. Returns how many went.
   */
  prune(model: string | null, scopes: string[]): number {
    let gone = 0;
    this.db.transaction(() => {
      const others = this.db.prepare(`SELECT id FROM memory_embeddings WHERE model IS NOT ?`).pluck().all(model) as number[];
      const orphans = scopes.flatMap(
        (scope) =>
          this.db
            .prepare(
              `SELECT e.id FROM memory_embeddings e WHERE e.scope = ? AND NOT EXISTS
                 (SELECT 1 FROM memory_docs d WHERE d.scope = e.scope AND d.source_type = e.source_type AND d.doc_key = e.doc_key)`,
            )
            .pluck()
            .all(scope) as number[],
      );
      const ids = [...others, ...orphans];
      if (ids.length) {
        const list = JSON.stringify(ids);
        for (const index of this.indexTables()) {
          if (this.backend === 'sqlite-vec') this.db.prepare(`DELETE FROM ${index} WHERE rowid IN (SELECT value FROM json_each(?))`).run(list);
        }
        gone = this.db.prepare(`DELETE FROM memory_embeddings WHERE id IN (SELECT value FROM json_each(?))`).run(list).changes;
      }
      // The index of another model's dimensions has nothing left to find.
      const dims = model ? this.dimensions(model) : null;
      if (this.backend === 'sqlite-vec') {
        for (const index of this.indexTables()) if (index !== `memory_vec_${dims}`) this.db.exec(`DROP TABLE ${index}`);
      }
    }).immediate();
    this.checked.clear();
    return gone;
  }

  /** The entries of these scopes nearest to `query`, best first, at most `k` per scope. */
  nearest(model: string, scopes: string[], query: Float32Array, k: number): Neighbour[] {
    const dims = this.dimensions(model);
    if (!dims || dims !== query.length || k <= 0) return [];
    const q = normalized(query);
    const found: Neighbour[] = [];
    const index = this.backend === 'sqlite-vec' ? this.indexFor(model, dims) : null;
    for (const scope of scopes) {
      if (index) {
        const rows = this.stmt(
          `knn ${index}`,
          `SELECT e.scope, e.source_type, e.doc_key, v.distance FROM
             (SELECT rowid, distance FROM ${index} WHERE embedding MATCH ? AND k = ? AND scope = ?) v
           JOIN memory_embeddings e ON e.id = v.rowid WHERE e.model = ?`,
        )
          .raw(true)
          .all(toBlob(q), Math.min(k, KNN_MAX), scope, model) as [string, string, string, number][];
        for (const [s, t, key, distance] of rows) found.push({ scope: s, sourceType: t, docKey: key, similarity: 1 - distance });
      } else {
        found.push(...this.scan(model, scope, q, k));
      }
    }
    return found.sort((a, b) => b.similarity - a.similarity);
  }

  /** Brute force over the float32 rows of one scope (no extension). */
  private scan(model: string, scope: string, q: Float32Array, k: number): Neighbour[] {
    const top: Neighbour[] = [];
    const stmt = this.stmt('scan', `SELECT source_type, doc_key, vector FROM memory_embeddings WHERE model = ? AND scope = ?`).raw(true);
    for (const [t, key, blob] of stmt.iterate(model, scope) as Iterable<[string, string, Buffer]>) {
      const v = fromBlob(blob);
      if (v.length !== q.length) continue;
      let dot = 0;
      for (let i = 0; i < q.length; i++) dot += v[i] * q[i];
      top.push({ scope, sourceType: t, docKey: key, similarity: dot });
    }
    return top.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  /**
   * The vec0 table of this model's dimensions, made (and filled from the float32 rows) when it
   * is missing or holds another count than they do: a process without the extension may have
   * written meanwhile. Null without the extension.
   */
  private indexFor(model: string, dims: number): string | null {
    if (this.backend !== 'sqlite-vec') return null;
    const name = `memory_vec_${dims}`;
    if (this.checked.has(name)) return name;
    const exists = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(name);
    const rows = this.db.prepare(`SELECT count(*) FROM memory_embeddings WHERE model = ? AND dims = ?`).pluck().get(model, dims) as number;
    const indexed = exists ? (this.db.prepare(`SELECT count(*) FROM ${name}`).pluck().get() as number) : -1;
    if (indexed !== rows) {
      this.db.transaction(() => {
        if (exists) this.db.exec(`DROP TABLE ${name}`);
        this.db.exec(`CREATE VIRTUAL TABLE ${name} USING vec0(scope text partition key, embedding float[${dims}] distance_metric=cosine)`);
        const insert = this.db.prepare(`INSERT INTO ${name} (rowid, scope, embedding) VALUES (?, ?, ?)`);
        // In pages: a connection cannot write while a statement of it is still iterating.
        const page = this.db.prepare(`SELECT id, scope, vector FROM memory_embeddings WHERE model = ? AND dims = ? AND id > ? ORDER BY id LIMIT 1000`).raw(true);
        for (let after = 0; ; ) {
          const rows = page.all(model, dims, after) as [number, string, Buffer][];
          for (const [id, scope, blob] of rows) insert.run(BigInt(id), scope, blob);
          if (rows.length < 1000) break;
          after = rows[rows.length - 1][0];
        }
      }).immediate();
    }
    this.checked.add(name);
    return name;
  }

  private indexTables(): string[] {
    return this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'memory_vec_[0-9]*' AND name NOT GLOB '*_*_*_*'`).pluck().all() as string[];
  }

  private stmt(key: string, sql: string): Statement<unknown[]> {
    let s = this.stmts.get(key);
    if (!s) this.stmts.set(key, (s = this.db.prepare<unknown[]>(sql)));
    return s;
  }
}

export function entryId(k: EntryKey): string {
  return `${k.scope}\0${k.sourceType}\0${k.docKey}`;
}

function normalized(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n);
  if (!n || Math.abs(n - 1) < 1e-6) return v;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / n;
  return out;
}

function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function fromBlob(b: Buffer): Float32Array {
  // A Buffer from SQLite may not be 4-byte aligned: copy when it is not.
  if (b.byteOffset % 4 === 0) return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  return new Float32Array(new Uint8Array(b).buffer);
}
