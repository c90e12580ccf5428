import type { SearchRow } from '../index/memorySearch';

/** Reciprocal-rank fusion's constant (Cormack, Clarke and Büttcher 2009): ranks beyond ~60 matter little. */
export const RRF_K = 60;

/**
 * One ranking from the lexical one and the vector one by reciprocal-rank fusion: each row
 * scores the sum of 1/(k + rank) over the lists it is in. Ranks, not scores, are fused: bm25
 * and cosine similarity have no common scale, and RRF needs no tuning per embedding model.
 * A row in both lists keeps the lexical row (its score replaced by the fused one). Ties keep
 * write order.
 */
export function fuseRankings(lexical: SearchRow[], vector: SearchRow[], k = RRF_K): SearchRow[] {
  const fused = new Map<string, { row: SearchRow; score: number }>();
  const add = (list: SearchRow[]) =>
    list.forEach((row, i) => {
      const key = `${row.scope}\0${row.sourceType}\0${row.id}`;
      const had = fused.get(key);
      if (had) had.score += 1 / (k + i + 1);
      else fused.set(key, { row, score: 1 / (k + i + 1) });
    });
  add(lexical);
  add(vector);
  return [...fused.values()].sort((a, b) => b.score - a.score || a.row.rowid - b.row.rowid).map(({ row, score }) => ({ ...row, score }));
}
