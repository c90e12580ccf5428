import type { Database, Statement } from 'better-sqlite3';
import { allTermsQuery, anyPrefixQuery, queryTerms } from './queryTerms';
import type { SourceType } from './indexDocuments';

export interface SearchRow {
  rowid: number;
  scope: string;
  sourceType: SourceType;
  id: string;
  kind: string;
  source: string;
  path: string | null;
  at: string;
  pinned: number;
  body: string;
  /** Higher is better: the negated bm25. */
  score: number;
}

export interface SearchOptions {
  limit: number;
  sourceTypes?: SourceType[];
}

/** Text counts ten times what id, kind and source count. */
export const BM25_WEIGHTS = [10.0, 1.0];
/** Hits scoring under this fraction of the best one are noise. */
const RELATIVE_FLOOR = 0.15;
/** A term in more than this fraction of documents barely ranks and costs the most to match. */
const COMMON_FRACTION = 0.3;
/** How many FTS5 hits, per wanted row, the second try reads before the scope filter. */
const SHORT_LIST = 4;
/** Below this many documents, every term counts. */
const MIN_DOCS_TO_DROP = 20;

const WEIGHTS = BM25_WEIGHTS.join(', ');
const COLUMNS = `d.rowid, d.scope, d.source_type, d.doc_key, d.kind, d.source, d.path, d.at, d.pinned, d.body`;
type RawRow = [number, string, SourceType, string, string, string, string | null, string, number, string, number, number | null];

/**
 * Ranked search over the given scopes: AND of the quoted terms first; when that finds nothing,
 * AND without the very common terms, then prefix OR. Never throws on odd input: a query with
 * no words finds nothing.
 */
export class MemorySearch {
  private dfCache = new Map<string, number>();
  /** One statement per SQL shape (number of scopes and source types), prepared once. */
  private readonly statements = new Map<string, Statement<unknown[]>>();
  private docCount = -1;
  private readonly dfStmt;
  private readonly countStmt;

  constructor(private readonly db: Database) {
    this.dfStmt = db.prepare(`SELECT doc FROM memory_vocab WHERE term = ?`).pluck();
    this.countStmt = db.prepare(`SELECT count(*) FROM memory_docs`).pluck();
  }

  /** Call when the index changed, so document frequencies are looked up again. */
  invalidate(): void {
    this.dfCache.clear();
    this.docCount = -1;
  }

  search(scopes: string[], query: string, options: SearchOptions): SearchRow[] {
    const terms = queryTerms(query);
    if (!terms.length || options.limit <= 0 || !scopes.length) return [];
    // Hits come back best first, so the floor keeps a prefix of them: fetching more than
    // `limit` could never change the answer.
    const find = (match: string) => this.run(match, scopes, options.limit, options.sourceTypes);
    let rows = find(allTermsQuery(terms));
    if (!rows.length) {
      // Only now are common terms worth looking up (that costs about as much as matching
      // them): they can keep AND from matching and would flood the OR fallback.
      const selective = this.selectiveTerms(terms);
      if (selective.length < terms.length) rows = find(allTermsQuery(selective));
      if (!rows.length) rows = find(anyPrefixQuery(selective));
    }
    if (!rows.length) return [];
    const floor = rows[0].score * RELATIVE_FLOOR;
    const end = rows.findIndex((r) => r.score < floor);
    return end < 0 ? rows : rows.slice(0, end);
  }

  /**
   * Drops very common terms, as long as a rarer term that occurs at all is left: they add
   * little to the ranking and are the costliest to match.
   */
  private selectiveTerms(terms: string[]): string[] {
    if (terms.length < 2) return terms;
    if (this.docCount < 0) this.docCount = this.countStmt.get() as number;
    if (this.docCount < MIN_DOCS_TO_DROP) return terms;
    const limit = this.docCount * COMMON_FRACTION;
    const kept = terms.filter((t) => this.df(t) <= limit);
    return kept.some((t) => this.df(t) > 0) ? kept : terms;
  }

  private df(term: string): number {
    let n = this.dfCache.get(term);
    if (n === undefined) {
      n = (this.dfStmt.get(term) as number | undefined) ?? 0;
      this.dfCache.set(term, n);
    }
    return n;
  }

  /**
   * Ranks inside FTS5 and reads rows only for the best `depth` matches, in the same
   * statement: joining every match to its row before sorting costs one row read per match,
   * which dominates for broad prefix queries. One database serves every project, so some of
   * those rows may belong elsewhere; when that leaves fewer than `limit` hits and more matches
   * exist, a deeper short list is tried, and only then the join over all matches.
   */
  private run(match: string, scopes: string[], limit: number, types?: SourceType[]): SearchRow[] {
    const params = [...scopes, ...(types ?? [])];
    const shape = [scopes.length, types?.length ?? 0] as const;
    for (const depth of [limit, limit * SHORT_LIST]) {
      const got = this.query(this.statement('short', ...shape), [...params, match, depth]);
      const hits: SearchRow[] = [];
      for (const r of got) if (r[11] === 1 && hits.length < limit) hits.push(toRow(r));
      if (got.length < depth || hits.length >= limit) return hits;
    }
    return this.query(this.statement('full', ...shape), [match, ...params, limit]).map(toRow);
  }

  private statement(plan: 'short' | 'full', scopes: number, types: number): Statement<unknown[]> {
    const key = `${plan} ${scopes} ${types}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      const sql = plan === 'short' ? shortListSql(scopes, types) : fullJoinSql(scopes, types);
      this.statements.set(key, (stmt = this.db.prepare<unknown[]>(sql).raw(true)));
    }
    return stmt;
  }

  private query(stmt: Statement<unknown[]>, params: unknown[]): RawRow[] {
    try {
      return stmt.all(...params) as RawRow[];
    } catch (err) {
      // The terms are quoted, so only a tokenizer oddity could get here: treat it as no hits.
      if ((err as { code?: string }).code === 'SQLITE_ERROR') return [];
      throw err;
    }
  }
}

function shortListSql(scopes: number, types: number): string {
  // LEFT JOIN: a match whose row is gone still counts as seen, so `got.length < depth`
  // keeps meaning "FTS5 had no more matches".
  return `SELECT ${COLUMNS}, -r.r, ${scopeFilter(scopes, types)}
    FROM (SELECT rowid, bm25(memory_fts, ${WEIGHTS}) AS r FROM memory_fts WHERE memory_fts MATCH ? ORDER BY r LIMIT ?) r
    LEFT JOIN memory_docs d ON d.rowid = r.rowid ORDER BY r.r`;
}

function fullJoinSql(scopes: number, types: number): string {
  // CROSS JOIN keeps FTS5 the outer loop: otherwise the planner may walk every row of the
  // scope and probe FTS5 for each.
  return `SELECT ${COLUMNS}, -bm25(memory_fts, ${WEIGHTS}), 1
    FROM memory_fts CROSS JOIN memory_docs d ON d.rowid = memory_fts.rowid
    WHERE memory_fts MATCH ? AND ${scopeFilter(scopes, types)} ORDER BY bm25(memory_fts, ${WEIGHTS}) LIMIT ?`;
}

/** The scope (and source type) test; its parameters follow the SQL text order. */
function scopeFilter(scopes: number, types: number): string {
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  return `(d.scope IN (${marks(scopes)})${types ? ` AND d.source_type IN (${marks(types)})` : ''})`;
}

// Rows come back as arrays (cheaper than letting the driver build keyed objects) and get one
// fixed shape here.
function toRow(r: RawRow): SearchRow {
  return {
    rowid: r[0],
    scope: r[1],
    sourceType: r[2],
    id: r[3],
    kind: r[4],
    source: r[5],
    path: r[6],
    at: r[7],
    pinned: r[8],
    body: r[9],
    score: r[10],
  };
}
