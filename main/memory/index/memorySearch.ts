import type { Database, Statement } from 'better-sqlite3';
import { anyPrefixQuery, anyTermQuery, queryTerms } from './queryTerms';
import type { SourceType } from './indexDocuments';
import { ENTRY_ID } from '../ids';

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
  /** The body's o200k token count, as stored when the row was written (-1: not counted). */
  tokens: number;
  /** Higher is better: the negated bm25. */
  score: number;
}

export interface SearchOptions {
  limit: number;
  sourceTypes?: SourceType[];
}

/** Text counts ten times what kind and source count. */
export const BM25_WEIGHTS = [10.0, 1.0];
/** How many FTS5 hits, per wanted row, the second try reads before the scope filter. */
const SHORT_LIST = 4;
/**
 * Dialog neighbours: an entry written right next to a hit, the same day, shares its subject (the
 * reply to a question, the detail after a claim) even when it shares none of the query's words.
 * It gets these shares of its neighbours' scores, at distance 1 and 2. Measured on LoCoMo
 * (BENCHMARKS.md): +0.09 recall at 1,000 tokens, on each of the five conversations; the gain
 * is flat from 0.5 to 0.8 at distance 1.
 */
const NEIGHBOUR_SHARE = [0.5, 0.2];
const SHARE_SUM = NEIGHBOUR_SHARE.reduce((a, b) => a + b, 0);
/**
 * Only the best hits lend their score: a neighbour of a weak hit gains too little to enter a
 * block, and each one costs a row read. LoCoMo recall is the same from 30 to 200.
 */
const NEIGHBOURS_OF = 50;

const WEIGHTS = BM25_WEIGHTS.join(', ');
const COLUMNS = `d.source_type, d.doc_key, d.kind, d.source, d.path, d.at, d.pinned, d.body`;
/**
 * The columns above, then rowid, the row's index in the scopes asked (NULL: not one of them),
 * and a number: its bm25 (ranked rows), its score (the full join) or 0 (neighbours); last, its
 * stored token count.
 */
type RawRow = [SourceType, string, string, string, string | null, string, number, string, number, number | null, number, number];

/**
 * Ranked search over the given scopes: bm25 over any of the quoted terms (stemmed by the
 * index), then each hit's score lifted by its dialog neighbours'. Never throws on odd input: a
 * query with no words finds nothing.
 */
export class MemorySearch {
  /** One statement per SQL shape (number of scopes and source types), prepared once. */
  private readonly statements = new Map<string, Statement<unknown[]>>();
  private readonly rankedStatements = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: Database) {}

  /**
   * The best `limit` rows. The pool is the bm25 top `limit`, plus the rows written next to them
   * that can still enter the ranking through their neighbours' scores. Hits first come as bm25
   * orders them, then are lifted by their neighbours. (A fusion with other rankings belongs
   * after this, on its result, as the priors in ranking.ts are.)
   */
  search(scopes: string[], query: string, options: SearchOptions): SearchRow[] {
    const terms = queryTerms(query);
    const limit = Math.floor(options.limit);
    if (!terms.length || !(limit > 0) || !scopes.length) return [];
    const named = this.entriesNamed(terms, scopes, options.sourceTypes);
    let found = this.run(anyTermQuery(terms), scopes, limit, options.sourceTypes);
    // No word matched as a word: try them as prefixes (a partial identifier, "gam" for gamma).
    // Only here: on every query, prefixes of short words would flood the ranking.
    if (!found.hits.length) found = this.run(anyPrefixQuery(terms), scopes, limit, options.sourceTypes);
    if (!found.hits.length) return named.slice(0, limit);
    const near = found.near ?? this.neighbourRows(found.hits, scopes, options.sourceTypes);
    const ranked = withNeighbourScores(found.hits.concat(near), limit);
    if (!named.length) return ranked;
    // An entry named by its id is what was asked for: first, above the best text match.
    const top = ranked[0].score;
    const ids = new Set(named.map((r) => r.rowid));
    named.forEach((r, i) => (r.score = top + named.length - i));
    return named.concat(ranked.filter((r) => !ids.has(r.rowid))).slice(0, limit);
  }

  /**
   * The entries whose id is one of the terms (`m3f9a2c`). Ids are looked up by key rather than
   * indexed as words: a hundred thousand unique words made the text index a fifth slower to
   * build, and an id is only ever looked for whole.
   */
  private entriesNamed(terms: string[], scopes: string[], types?: SourceType[]): SearchRow[] {
    const ids = terms.filter((t) => ENTRY_ID.test(t));
    const entryTypes = (['memory', 'topic'] as const).filter((t) => !types || types.includes(t));
    if (!ids.length || !entryTypes.length) return [];
    const sql = `SELECT ${COLUMNS}, d.rowid, ${scopeIndex(scopes.length, 0)}, 0, d.tokens FROM memory_docs d
      WHERE d.scope IN (${scopes.map(() => '?').join(', ')}) AND d.source_type IN (${entryTypes.map((t) => `'${t}'`).join(', ')})
      AND d.doc_key IN (SELECT value FROM json_each(?)) ORDER BY d.rowid`;
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare<unknown[]>(sql).raw(true)));
    return this.query(stmt, [...scopes, ...scopes, JSON.stringify(ids)]).map((r) => toRow(r, 0, scopes));
  }

  /**
   * Rows within two places of one of the best hits that are not hits themselves, scored 0: for
   * the rare full-join path (`run` reads them with the hits otherwise).
   */
  private neighbourRows(hits: SearchRow[], scopes: string[], types?: SourceType[]): SearchRow[] {
    const have = new Set(hits.map((h) => h.rowid));
    const want = new Set<number>();
    for (const h of hits.slice(0, NEIGHBOURS_OF)) {
      for (let d = -NEIGHBOUR_SHARE.length; d <= NEIGHBOUR_SHARE.length; d++) {
        if (d && !have.has(h.rowid + d)) want.add(h.rowid + d);
      }
    }
    if (!want.size) return [];
    const params = [...scopes, ...(types ?? [])];
    const rows = this.query(this.statement('rows', scopes.length, types?.length ?? 0), [...params, JSON.stringify([...want]), ...params]);
    return rows.map((r) => toRow(r, 0, scopes));
  }

  /**
   * Ranks inside FTS5 and reads rows only for the best `depth` matches, in one statement: the
   * ranking is the plain FTS5 query (so a query that matches nothing costs no more than that),
   * and only its `depth` rows are joined to their rows (joining every match before sorting
   * costs one row read per match, which dominates for broad prefix queries). One database
   * serves every project, so some of those rows may belong elsewhere; when that leaves fewer
   * than `limit` hits and more matches exist, a deeper short list is tried, and only then the
   * join over all matches. The rows written beside the best hits are read in a second
   * statement, and only those that can still reach the top (see neighboursWorthReading).
   */
  private run(match: string, scopes: string[], limit: number, types?: SourceType[]): { hits: SearchRow[]; near?: SearchRow[] } {
    const params = [...scopes, ...(types ?? [])];
    const shape = [scopes.length, types?.length ?? 0] as const;
    for (const depth of [limit, limit * SHORT_LIST]) {
      const ranked = this.query(this.rankedStatement(depth, ...shape), [...params, match]);
      if (!ranked.length) return { hits: [] };
      // Rows come in rank order (the ranking is the outer loop); the limit relies on it, so it
      // is checked rather than assumed.
      if (ranked.some((r, i) => i > 0 && r[10] < ranked[i - 1][10])) ranked.sort((a, b) => a[10] - b[10]);
      const hits: SearchRow[] = [];
      const near: SearchRow[] = [];
      for (const r of ranked) {
        // No scope index: another project's row, or a source type not asked for.
        if (r[9] === null) continue;
        if (-r[10] > 0 && hits.length < limit) hits.push(toRow(r, -r[10], scopes));
        else near.push(toRow(r, -r[10], scopes));
      }
      // Neighbours that cannot reach the top are ruled out against the limit-th ranked score, a
      // floor for the limit-th result only when the first `limit` ranked rows all came back as
      // hits (none belonged to another project or source type); otherwise every one is read.
      const allHits = hits.length >= limit && hits[limit - 1].rowid === ranked[limit - 1][8];
      const wanted = neighboursWorthReading(ranked, allHits ? -ranked[limit - 1][10] : 0);
      if (wanted.length) {
        for (const r of this.query(this.statement('rows', ...shape), [...params, JSON.stringify(wanted), ...params])) near.push(toRow(r, 0, scopes));
      }
      if (ranked.length < depth || hits.length >= limit) return { hits, near };
    }
    return { hits: this.query(this.statement('full', ...shape), [...params, match, ...params, limit]).map((r) => toRow(r, r[10], scopes)) };
  }

  /**
   * The ranking with each ranked row joined, its LIMIT written in (a bound LIMIT measurably
   * slows FTS5's sort).
   */
  private rankedStatement(depth: number, scopes: number, types: number): Statement<unknown[]> {
    const key = `${depth} ${scopes} ${types}`;
    let stmt = this.rankedStatements.get(key);
    if (!stmt) {
      // Callers use a handful of limits; a caller trying many must not grow this forever.
      if (this.rankedStatements.size >= 32) this.rankedStatements.clear();
      this.rankedStatements.set(key, (stmt = this.db.prepare<unknown[]>(rankedSql(depth, scopes, types)).raw(true)));
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

function rankedSql(depth: number, scopes: number, types: number): string {
  // CROSS JOIN keeps the ranking the outer loop: rows come back in rank order, and only the
  // ranked rows are read. Rows of other scopes come back too (scope index NULL): whether the
  // best ranked rows all belong here decides which neighbours must be read.
  return `SELECT ${COLUMNS}, d.rowid, ${scopeIndex(scopes, types)}, f.r, d.tokens
    FROM (SELECT rowid, bm25(memory_fts, ${WEIGHTS}) AS r FROM memory_fts WHERE memory_fts MATCH ? ORDER BY r LIMIT ${depth}) f
    CROSS JOIN memory_docs d ON d.rowid = f.rowid`;
}

function rowsSql(scopes: number, types: number): string {
  return `SELECT ${COLUMNS}, d.rowid, ${scopeIndex(scopes, types)}, 0, d.tokens
    FROM json_each(?) j CROSS JOIN memory_docs d ON d.rowid = j.value
    WHERE ${scopeIndex(scopes, types)} IS NOT NULL`;
}

function fullJoinSql(scopes: number, types: number): string {
  // CROSS JOIN keeps FTS5 the outer loop: otherwise the planner may walk every row of the
  // scope and probe FTS5 for each.
  return `SELECT ${COLUMNS}, d.rowid, ${scopeIndex(scopes, types)}, -bm25(memory_fts, ${WEIGHTS}), d.tokens
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
    scope: scopes[r[9]!],
    sourceType: r[0],
    id: r[1],
    kind: r[2],
    source: r[3],
    path: r[4],
    at: r[5],
    pinned: r[6],
    body: r[7],
    tokens: r[11],
    score,
  };
}

/**
 * The rows beside the best ranked rows that can still reach a result scoring `floor` (0: all
 * of them). A row that is not a hit starts at 0 and is lifted by at most `share × score` of its
 * best neighbour at each distance, so its final score is bounded before it is read; when that
 * bound is below the `limit`-th ranked score it cannot enter the top `limit` (at least `limit`
 * hits score that much, and lifting only raises them). It lends nothing either (a neighbour
 * lends only a better score than the borrower's own), so leaving it out changes no result. A
 * narrow search reads no neighbour at all instead of about forty.
 */
function neighboursWorthReading(ranked: RawRow[], floor: number): number[] {
  // A margin for rounding: a row whose bound ties the floor is read.
  const min = floor * (1 - 1e-9);
  // Not even the best score, lent at every distance, reaches the floor: nothing to check.
  if (min > 0 && SHARE_SUM * -ranked[0][10] < min) return [];
  const score = new Map<number, number>();
  for (const r of ranked) score.set(r[8], -r[10]);
  const out: number[] = [];
  const seen = new Set<number>();
  const lenders = Math.min(ranked.length, NEIGHBOURS_OF);
  // A row lends at most SHARE_SUM × its score: weaker lenders cannot lift anything to the floor,
  // and the ranked rows come best first, so the rest are weaker still.
  const lenderFloor = min / SHARE_SUM;
  for (let k = 0; k < lenders; k++) {
    if (-ranked[k][10] < lenderFloor) break;
    const rowid = ranked[k][8];
    for (let d = -NEIGHBOUR_SHARE.length; d <= NEIGHBOUR_SHARE.length; d++) {
      const p = rowid + d;
      if (!d || score.has(p) || seen.has(p)) continue;
      seen.add(p);
      let bound = 0;
      for (let i = 0; i < NEIGHBOUR_SHARE.length; i++) {
        bound += NEIGHBOUR_SHARE[i] * Math.max(score.get(p - i - 1) ?? 0, score.get(p + i + 1) ?? 0);
      }
      if (bound >= min) out.push(p);
    }
  }
  return out;
}

/**
 * Each row's score lifted by a share of how much better its best neighbour at each distance
 * scored (never by weaker ones: a run of weak matches must not lift itself); the best `limit`,
 * best first. Neighbours: the same scope, source type and kind (the same section of the same
 * file), adjacent in write order (rowid), written the same day. The rows are fresh from the
 * database, so their scores are replaced in place.
 */
function withNeighbourScores(rows: SearchRow[], limit: number): SearchRow[] {
  // In rowid order a row's neighbours sit next to it in the array: no map to build.
  const byRowid = rows.slice().sort((a, b) => a.rowid - b.rowid);
  const reach = NEIGHBOUR_SHARE.length;
  // Most searches: no two rows near enough to lend, so no score changes (and this was the
  // largest part of a narrow search's own time).
  let near = false;
  for (let k = 1; k < byRowid.length && !near; k++) near = byRowid[k].rowid - byRowid[k - 1].rowid <= reach;
  if (!near) return bestFirst(byRowid.filter((r) => r.score > 0), limit);
  const lifted = new Float64Array(byRowid.length);
  const best = new Float64Array(reach);
  for (let k = 0; k < byRowid.length; k++) {
    const r = byRowid[k];
    best.fill(0);
    for (let j = k - 1; j >= 0 && r.rowid - byRowid[j].rowid <= reach; j--) {
      const i = r.rowid - byRowid[j].rowid - 1;
      best[i] = Math.max(best[i], togetherScore(r, byRowid[j]));
    }
    for (let j = k + 1; j < byRowid.length && byRowid[j].rowid - r.rowid <= reach; j++) {
      const i = byRowid[j].rowid - r.rowid - 1;
      best[i] = Math.max(best[i], togetherScore(r, byRowid[j]));
    }
    let score = r.score;
    for (let i = 0; i < reach; i++) if (best[i] > r.score) score += NEIGHBOUR_SHARE[i] * (best[i] - r.score);
    lifted[k] = score;
  }
  const out: SearchRow[] = [];
  for (let k = 0; k < byRowid.length; k++) {
    if (!(lifted[k] > 0)) continue;
    byRowid[k].score = lifted[k];
    out.push(byRowid[k]);
  }
  return bestFirst(out, limit);
}

/** The best `limit` rows, best first (the earlier written first on a tie); sorts `rows`. */
function bestFirst(rows: SearchRow[], limit: number): SearchRow[] {
  rows.sort((a, b) => b.score - a.score || a.rowid - b.rowid);
  if (rows.length > limit) rows.length = limit;
  return rows;
}

/** A neighbour's own score when it is written together with `a`, else 0. */
function togetherScore(a: SearchRow, b: SearchRow): number {
  if (b.scope !== a.scope || b.sourceType !== a.sourceType || b.kind !== a.kind) return 0;
  return sameDay(a.at, b.at) ? b.score : 0;
}

/** `a.slice(0, 10) === b.slice(0, 10)` (the date of an ISO time), without making strings. */
function sameDay(a: string, b: string): boolean {
  const n = Math.min(a.length, 10);
  if (Math.min(b.length, 10) !== n) return false;
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}
