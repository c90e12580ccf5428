import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { MemoryEngine } from '../../main/memory/memoryEngine';
import type { GeneratedHistory, HistoryEntry } from './historyGenerator';

export interface Tally {
  engine: number;
  recency: number;
  /** Revised decisions whose block held the superseded answer and not the current one. */
  engineStale: number;
  recencyStale: number;
  total: number;
}

export interface RecallResult {
  budget: number;
  all: Tally;
  byType: Record<string, Tally>;
}

/**
 * Writes the history into the engine as it was written: oldest first, in batches, with each
 * superseding entry applied through `supersede()` at its place.
 */
export function importHistory(engine: MemoryEngine, history: GeneratedHistory): void {
  const ids = new Map<string, string>();
  let batch: HistoryEntry[] = [];
  const flush = () => {
    const { ids: added } = engine.addMany(batch, { actor: 'cli' });
    batch.forEach((e, i) => e.key && ids.set(e.key, added[i]));
    batch = [];
  };
  for (const entry of history.entries) {
    if (!entry.supersedes) {
      batch.push(entry);
      continue;
    }
    flush();
    const old = ids.get(entry.supersedes);
    if (!old) throw new Error(`nothing planted under ${entry.supersedes}`);
    engine.supersede(old, entry, { actor: 'cli' });
  }
  flush();
}

/**
 * Recall of planted facts: a question counts as answered when the block given for it (query =
 * the question) contains the fact's answer string. The baseline is what a memory without
 * retrieval would inject: the newest current entries (superseded ones excluded) that fit the
 * same budget, same tokenizer.
 */
export function evaluateRecall(engine: MemoryEngine, history: GeneratedHistory, budgets: number[]): RecallResult[] {
  const superseded = new Set(history.entries.flatMap((e) => (e.supersedes ? [e.supersedes] : [])));
  const current = history.entries.filter((e) => !e.key || !superseded.has(e.key));
  const newestFirst = [...current].reverse();
  return budgets.map((budget) => {
    const recencyText = recencyBlock(newestFirst.map((e) => e.text), budget);
    const all = emptyTally();
    const byType: Record<string, Tally> = {};
    for (const q of history.questions) {
      const block = engine.context({ query: q.question, budget });
      if (block.tokens > budget) throw new Error(`context over budget: ${block.tokens} > ${budget}`);
      const verdict = (text: string) => ({
        hit: text.includes(q.answer),
        stale: !!q.stale && text.includes(q.stale) && !text.includes(q.answer),
      });
      const e = verdict(block.text);
      const r = verdict(recencyText);
      for (const t of [all, (byType[q.type] ??= emptyTally())]) {
        t.engine += Number(e.hit);
        t.recency += Number(r.hit);
        t.engineStale += Number(e.stale);
        t.recencyStale += Number(r.stale);
        t.total++;
      }
    }
    return { budget, all, byType };
  });
}

export function emptyTally(): Tally {
  return { engine: 0, recency: 0, engineStale: 0, recencyStale: 0, total: 0 };
}

function recencyBlock(texts: string[], budget: number): string {
  let used = 0;
  const lines: string[] = [];
  for (const t of texts) {
    const line = `- ${t}\n`;
    const cost = countTokens(line);
    if (used + cost > budget) break;
    used += cost;
    lines.push(line);
  }
  return lines.join('');
}
