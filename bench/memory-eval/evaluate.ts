import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { MemoryEngine } from '../../main/memory/memoryEngine';
import type { GeneratedHistory, PlantedQuestion } from './historyGenerator';

export interface RecallResult {
  budget: number;
  engine: number;
  recency: number;
  byType: Record<string, { engine: number; recency: number; total: number }>;
}

/**
 * Recall of planted facts: a question counts as answered when the block given for it (query =
 * the question) contains the fact's answer string. The baseline is what a memory without
 * retrieval would inject: the newest entries that fit the same budget, same tokenizer.
 */
export function evaluateRecall(engine: MemoryEngine, history: GeneratedHistory, budgets: number[]): RecallResult[] {
  const newestFirst = [...history.entries].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return budgets.map((budget) => {
    const recencyText = recencyBlock(newestFirst.map((e) => e.text), budget);
    const byType: RecallResult['byType'] = {};
    let engineHits = 0;
    let recencyHits = 0;
    for (const q of history.questions) {
      const block = engine.context({ query: q.question, budget });
      if (block.tokens > budget) throw new Error(`context over budget: ${block.tokens} > ${budget}`);
      const e = block.text.includes(q.answer);
      const r = recencyText.includes(q.answer);
      engineHits += Number(e);
      recencyHits += Number(r);
      const t = (byType[q.type] ??= { engine: 0, recency: 0, total: 0 });
      t.engine += Number(e);
      t.recency += Number(r);
      t.total++;
    }
    const n = history.questions.length;
    return { budget, engine: engineHits / n, recency: recencyHits / n, byType };
  });
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

export type { PlantedQuestion };
