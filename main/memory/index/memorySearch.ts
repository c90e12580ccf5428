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
const OVERFETCH = 3;
/** How many FTS5 hits, per wanted row, are read before the scope filter. */
const SHORT_LIST = 4;
/** Below this many documents, every term counts. */
const MIN_DOCS_TO_DROP = 20;

/**
 * Ranked search over the given scopes: AND of the quoted terms first; when that finds nothing,
 * AND without the very common terms, then prefix OR. Never throws on odd input: a query with
 * no words finds nothing.
 */
export class MemorySearch {
  private dfCache = new Map<string, number>();
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
    if (!terms.length || options.limit <= 0) return [];
    const fetch = options.limit * OVERFETCH;
    let rows = this.run(allTermsQuery(terms), scopes, fetch, options.sourceTypes);
    if (!rows.length) {
      // Only now are common terms worth looking up (that costs about as much as matching
      // them): they can keep AND from matching and would flood the OR fallback.
      const selective = this.selectiveTerms(terms);
      if (selective.length < terms.length) rows = this.run(allTermsQuery(selective), scopes, fetch, options.sourceTypes);
      if (!rows.length) rows = this.run(anyPrefixQuery(selective), scopes, fetch, options.sourceTypes);
    }
    if (!rows.length) return [];
    const floor = rows[0].score * RELATIVE_FLOOR;
    return rows.filter((r) => r.score >= floor).slice(0, options.limit);
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
   * Ranks inside FTS5 first and reads rows only for a short list of the best matches: joining
   * every match to its row before sorting costs one row read per match, which dominates for
   * broad prefix queries. Rows of other projects can crowd the short list out, so when it was
   * cut and leaves fewer than `limit` hits, the query runs again joined over all matches.
   * CROSS JOIN keeps FTS5 the outer loop: otherwise the planner may walk every row of the
   * scope and probe FTS5 for each.
   */
  private run(match: string, scopes: string[], limit: number, types?: SourceType[]): SearchRow[] {
    const weights = BM25_WEIGHTS.join(', ');
    const filter = `d.scope IN (${scopes.map(() => '?').join(', ')})${
      types?.length ? ` AND d.source_type IN (${types.map(() => '?').join(', ')})` : ''
    }`;
    const columns = `d.rowid, d.scope, d.source_type AS sourceType, d.doc_key AS id, d.kind, d.source, d.path, d.at, d.pinned, d.body`;
    const params = [...scopes, ...(types ?? [])];
    const wanted = limit * SHORT_LIST;
    const ranked = this.query(
      `SELECT rowid, bm25(memory_fts, ${weights}) AS r FROM memory_fts WHERE memory_fts MATCH ? ORDER BY r LIMIT ?`,
      [match, wanted],
    ) as unknown as { rowid: number; r: number }[];
    if (!ranked.length) return [];
    const byRowid = new Map(
      (
        this.query(
          `SELECT ${columns} FROM json_each(?) j CROSS JOIN memory_docs d ON d.rowid = j.value WHERE ${filter}`,
          [JSON.stringify(ranked.map((x) => x.rowid)), ...params],
        ) as SearchRow[]
      ).map((row) => [row.rowid, row]),
    );
    const shortList = ranked.flatMap((x) => {
      const row = byRowid.get(x.rowid);
      return row ? [{ ...row, score: -x.r }] : [];
    });
    // Every match was in the short list, or enough of them belong here: done.
    if (ranked.length < wanted || shortList.length >= limit) return shortList.slice(0, limit);
    return this.query(
      `SELECT ${columns}, -bm25(memory_fts, ${weights}) AS score
       FROM memory_fts CROSS JOIN memory_docs d ON d.rowid = memory_fts.rowid
       WHERE memory_fts MATCH ? AND ${filter} ORDER BY bm25(memory_fts, ${weights}) LIMIT ?`,
      [match, ...params, limit],
    );
  }

  private query(sql: string, params: unknown[]): SearchRow[] {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare<unknown[]>(sql)));
    try {
      return stmt.all(...params) as SearchRow[];
    } catch (err) {
      // The terms are quoted, so only a tokenizer oddity could get here: treat it as no hits.
      if ((err as { code?: string }).code === 'SQLITE_ERROR') return [];
      throw err;
    }
  }
}
