import type { Database, Statement } from 'better-sqlite3';
import { indexedForm } from './queryTerms';

/** Documents sampled to find the candidates for "very common". */
const SAMPLE = 400;
/** Only the start of a long document is read for candidates; the count that decides is exact. */
const SAMPLE_CHARS = 4000;
/** The common set is found again once the index has grown or shrunk by this fraction. */
const DRIFT = 0.1;

/**
 * Document counts for the search's common-term dropping. An fts5vocab lookup of one term costs
 * about as much as matching it (15–30 µs), which a fallback search with new words paid for
 * every word. But the very common terms are few (a document of k distinct words can make at
 * most k / fraction terms common) and change slowly, so they are found once: candidates from
 * an evenly spread sample of documents (a term in 30% of all documents is in far more than
 * half that share of 400 sampled ones, short of a six-sigma fluke), each confirmed by its
 * exact count. The set is kept across index changes until the number of documents has moved
 * by a tenth: a handful of new entries cannot make a word common.
 */
export class TermStats {
  private docCount = -1;
  private readonly dfCache = new Map<string, number>();
  private common: { terms: Set<string>; fraction: number; docs: number } | null = null;
  private readonly dfStmts = new Map<number, Statement<unknown[]>>();
  private readonly countStmt;
  private readonly boundsStmt;
  private readonly atOrAfterStmt;

  constructor(private readonly db: Database) {
    this.countStmt = db.prepare(`SELECT count(*) FROM memory_docs`).pluck();
    this.boundsStmt = db.prepare(`SELECT min(rowid), max(rowid) FROM memory_docs`).raw(true);
    this.atOrAfterStmt = db.prepare(`SELECT rowid, body, meta FROM memory_docs WHERE rowid >= ? ORDER BY rowid LIMIT 1`).raw(true);
  }

  /** The index changed: counts are read again; the common set only if it drifted. */
  invalidate(): void {
    this.dfCache.clear();
    this.docCount = -1;
  }

  docs(): number {
    if (this.docCount < 0) this.docCount = this.countStmt.get() as number;
    return this.docCount;
  }

  /** How many documents contain `term` (as the query side splits words), counted exactly. */
  df(term: string): number {
    this.lookUp([term]);
    return this.dfCache.get(indexedForm(term)) ?? 0;
  }

  /** Whether `term` (any case or accents) is in more than `fraction` of all documents. */
  isCommon(term: string, fraction: number): boolean {
    return this.commonTerms(fraction).has(indexedForm(term));
  }


  /** Terms in more than `fraction` of all documents, in their indexed form. */
  commonTerms(fraction: number): Set<string> {
    const docs = this.docs();
    const c = this.common;
    if (c && c.fraction === fraction && Math.abs(docs - c.docs) <= c.docs * DRIFT) return c.terms;
    const candidates = this.candidates(fraction / 2);
    this.lookUp(candidates);
    const terms = new Set(candidates.filter((t) => this.df(t) > docs * fraction));
    this.common = { terms, fraction, docs };
    return terms;
  }

  /** Words in at least `share` of an evenly spread sample of documents. */
  private candidates(share: number): string[] {
    const [min, max] = this.boundsStmt.get() as [number | null, number | null];
    if (min === null || max === null) return [];
    const seen = new Set<number>();
    const counts = new Map<string, number>();
    for (let i = 0; i < SAMPLE; i++) {
      const row = this.atOrAfterStmt.get(min + Math.floor(((max - min + 1) * i) / SAMPLE)) as [number, string, string] | undefined;
      if (!row || seen.has(row[0])) continue;
      seen.add(row[0]);
      const words = new Set(`${row[1].slice(0, SAMPLE_CHARS)} ${row[2]}`.match(/[\p{L}\p{N}]+/gu)?.map(indexedForm));
      for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    return [...counts].filter(([, n]) => n >= seen.size * share).map(([w]) => w);
  }

  /** Counts the terms not counted yet, in one statement per 64 (each is a vocab probe). */
  lookUp(terms: string[]): void {
    const missing = [...new Set(terms.map(indexedForm))].filter((t) => !this.dfCache.has(t));
    for (let i = 0; i < missing.length; i += 64) {
      const chunk = missing.slice(i, i + 64);
      let stmt = this.dfStmts.get(chunk.length);
      if (!stmt) {
        const marks = chunk.map(() => '?').join(', ');
        stmt = this.db.prepare<unknown[]>(`SELECT term, doc FROM memory_vocab WHERE term IN (${marks})`).raw(true);
        this.dfStmts.set(chunk.length, stmt);
      }
      for (const t of chunk) this.dfCache.set(t, 0);
      for (const [term, doc] of stmt.all(...chunk) as [string, number][]) this.dfCache.set(term, doc);
    }
  }
}
