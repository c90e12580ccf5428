import type { Database, Statement } from 'better-sqlite3';
import { allTermsQuery, anyPrefixQuery, queryTerms } from './queryTerms';
import type { SourceType } from './indexDocuments';
import { TermStats } from './termStats';

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
const COLUMNS = `d.source_type, d.doc_key, d.kind, d.source, d.path, d.at, d.pinned, d.body`;
/**
 * The columns above, then rowid, the row's index in the scopes asked, and a number: its place
 * in the ranked list, or (from the full join) its score.
 */
type RawRow = [SourceType, string, string, string, string | null, string, number, string, number, number, number];

/**
 * Ranked search over the given scopes: AND of the quoted terms first; when that finds nothing,
 * AND without the very common terms, then prefix OR. Never throws on odd input: a query with
 * no words finds nothing.
 */
export class MemorySearch {
  /** One statement per SQL shape (number of scopes and source types), prepared once. */
  private readonly statements = new Map<string, Statement<unknown[]>>();
  private readonly rankStatements = new Map<number, Statement<unknown[]>>();
  private readonly stats;

  constructor(private readonly db: Database) {
    this.stats = new TermStats(db);
  }

  /** Call when the index changed, so document counts are read again. */
  invalidate(): void {
    this.stats.invalidate();
  }

  search(scopes: string[], query: string, options: SearchOptions): SearchRow[] {
    const terms = queryTerms(query);
    const limit = Math.floor(options.limit);
    if (!terms.length || !(limit > 0) || !scopes.length) return [];
    // Hits come back best first, so the floor keeps a prefix of them: fetching more than
    // `limit` could never change the answer.
    const find = (match: string) => this.run(match, scopes, limit, options.sourceTypes);
    let rows = find(allTermsQuery(terms));
    if (!rows.length) {
      // Common terms can keep AND from matching and would flood the OR fallback.
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
    if (terms.length < 2 || this.stats.docs() < MIN_DOCS_TO_DROP) return terms;
    const kept = terms.filter((t) => !this.stats.isCommon(t, COMMON_FRACTION));
    if (kept.length === terms.length) return terms;
    this.stats.lookUp(kept);
    return kept.some((t) => this.stats.df(t) > 0) ? kept : terms;
  }

  /**
   * Ranks inside FTS5 and reads rows only for the best `depth` matches: joining every match to
   * its row before sorting costs one row read per match, which dominates for broad prefix
   * queries. Ranking is the plain FTS5 query (so a query that matches nothing costs no more
   * than that); rows are read in a second statement only when there are hits. One database
   * serves every project, so some of those rows may belong elsewhere; when that leaves fewer
   * than `limit` hits and more matches exist, a deeper short list is tried, and only then the
   * join over all matches.
   */
  private run(match: string, scopes: string[], limit: number, types?: SourceType[]): SearchRow[] {
    const params = [...scopes, ...(types ?? [])];
    const shape = [scopes.length, types?.length ?? 0] as const;
    for (const depth of [limit, limit * SHORT_LIST]) {
      const ranked = this.query(this.rankStatement(depth), [match]) as unknown as [number, number][];
      if (!ranked.length) return [];
      const rows = this.query(this.statement('rows', ...shape), [...params, JSON.stringify(ranked.map((x) => x[0])), ...params]);
      // The last column is a row's place in the ranked list, which gives back its score. Rows
      // come back in that order (json_each is the outer loop); the floor and the limit rely
      // on it, so it is checked rather than assumed.
      if (rows.some((r, i) => i > 0 && r[10] < rows[i - 1][10])) rows.sort((a, b) => a[10] - b[10]);
      const hits: SearchRow[] = [];
      for (const r of rows) if (hits.length < limit) hits.push(toRow(r, -ranked[r[10]][1], scopes));
      if (ranked.length < depth || hits.length >= limit) return hits;
    }
    return this.query(this.statement('full', ...shape), [...params, match, ...params, limit]).map((r) => toRow(r, r[10], scopes));
  }

  /** The ranking alone, its LIMIT written in (a bound LIMIT measurably slows FTS5's sort). */
  private rankStatement(depth: number): Statement<unknown[]> {
    let stmt = this.rankStatements.get(depth);
    if (!stmt) {
      // Callers use a handful of limits; a caller trying many must not grow this forever.
      if (this.rankStatements.size >= 32) this.rankStatements.clear();
      const sql = `SELECT rowid, bm25(memory_fts, ${WEIGHTS}) AS r FROM memory_fts WHERE memory_fts MATCH ? ORDER BY r LIMIT ${depth}`;
      this.rankStatements.set(depth, (stmt = this.db.prepare<unknown[]>(sql).raw(true)));
    }
    return stmt;
  }

  private statement(plan: 'rows' | 'full', scopes: number, types: number): Statement<unknown[]> {
    const key = `${plan} ${scopes} ${types}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      const sql = plan === 'rows' ? rowsSql(scopes, types) : fullJoinSql(scopes, types);
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

function rowsSql(scopes: number, types: number): string {
  // CROSS JOIN keeps the list the outer loop, so rows come back in rank order.
  return `SELECT ${COLUMNS}, d.rowid, ${scopeIndex(scopes, types)}, j.key
    FROM json_each(?) j CROSS JOIN memory_docs d ON d.rowid = j.value
    WHERE ${scopeIndex(scopes, types)} IS NOT NULL`;
}

function fullJoinSql(scopes: number, types: number): string {
  // CROSS JOIN keeps FTS5 the outer loop: otherwise the planner may walk every row of the
  // scope and probe FTS5 for each.
  return `SELECT ${COLUMNS}, d.rowid, ${scopeIndex(scopes, types)}, -bm25(memory_fts, ${WEIGHTS})
    FROM memory_fts CROSS JOIN memory_docs d ON d.rowid = memory_fts.rowid
    WHERE memory_fts MATCH ? AND ${scopeIndex(scopes, types)} IS NOT NULL ORDER BY bm25(memory_fts, ${WEIGHTS}) LIMIT ?`;
}

/**
 * Which of the scopes asked a row belongs to, or NULL when none (or not one of the source types
 * asked): both the filter and, without copying the long scope key, the row's scope.
 * Parameters: the scopes, then the types.
 */
function scopeIndex(scopes: number, types: number): string {
  const byScope = Array.from({ length: scopes }, (_, i) => `WHEN ? THEN ${i}`).join(' ');
  const typeTest = types ? ` + CASE WHEN d.source_type IN (${Array.from({ length: types }, () => '?').join(', ')}) THEN 0 END` : '';
  return `(CASE d.scope ${byScope} END${typeTest})`;
}

// Rows come back as arrays (cheaper than letting the driver build keyed objects) and get one
// fixed shape here.
function toRow(r: RawRow, score: number, scopes: string[]): SearchRow {
  return {
    rowid: r[8],
    scope: scopes[r[9]],
    sourceType: r[0],
    id: r[1],
    kind: r[2],
    source: r[3],
    path: r[4],
    at: r[5],
    pinned: r[6],
    body: r[7],
    score,
  };
}
