import Database from 'better-sqlite3';
import type { Turn } from './locomoData';

/**
 * Common English stop words (the NLTK list), removed from the raw baseline's queries as the
 * data set's README defines it.
 */
const STOP = new Set(
  (
    "i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he him his " +
    "himself she she's her hers herself it it's its itself they them their theirs themselves what which who whom this " +
    "that that'll these those am is are was were be been being have has had having do does did doing a an the and but " +
    'if or because as until while of at by for with about against between into through during before after above below ' +
    'to from up down in out on off over under again further then once here there when where why how all any both each ' +
    'few more most other some such no nor not only own same so than too very s t can will just don should now d ll m o ' +
    're ve y ain aren couldn didn doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn'
  ).split(' '),
);

/** The query words the raw baseline matches: lower-cased, stop words and one-letter words gone. */
export function rawTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const out = new Set<string>();
  for (const w of words.flatMap((w) => w.split("'"))) if (w.length > 1 && !STOP.has(w)) out.add(w);
  return [...out];
}

/**
 * Raw FTS5 bm25 over the turn texts, exactly as the README defines it: an FTS5 table with the
 * porter tokenizer, the query's words each quoted and joined with OR, hits in bm25 order.
 */
export class RawBm25 {
  private readonly db = new Database(':memory:');
  private readonly stmt;

  constructor(turns: Turn[]) {
    this.db.exec(`CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61')`);
    const insert = this.db.prepare(`INSERT INTO t (rowid, text) VALUES (?, ?)`);
    this.db.transaction(() => turns.forEach((turn, i) => insert.run(i, turn.text)))();
    this.stmt = this.db.prepare(`SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t)`).pluck();
  }

  /** Turn indexes, best first. */
  rank(query: string): number[] {
    const terms = rawTerms(query);
    if (!terms.length) return [];
    return this.stmt.all(terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ')) as number[];
  }

  close(): void {
    this.db.close();
  }
}

/** Greedy fill: each turn in order, taken while its tokens + 2 still fit the budget. */
export function fill(order: number[], tokens: number[], budget: number): Set<number> {
  const taken = new Set<number>();
  let used = 0;
  for (const i of order) {
    const cost = tokens[i] + 2;
    if (used + cost > budget) continue;
    used += cost;
    taken.add(i);
  }
  return taken;
}

/** Recency: the newest turns that fit the budget. */
export function recency(turns: Turn[], tokens: number[], budget: number): Set<number> {
  const newest = turns.map((_, i) => i).sort((a, b) => (turns[a].at < turns[b].at ? 1 : turns[a].at > turns[b].at ? -1 : b - a));
  const taken = new Set<number>();
  let used = 0;
  for (const i of newest) {
    const cost = tokens[i] + 2;
    if (used + cost > budget) break;
    used += cost;
    taken.add(i);
  }
  return taken;
}
