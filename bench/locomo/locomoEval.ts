import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { openDatabase } from '../../main/db/database';
import { MemoryEngine } from '../../main/memory/memoryEngine';
import type { MemoryKind } from '../../main/memory/kinds';
import { RawBm25, fill, recency } from './baselines';
import type { Conversation } from './locomoData';

export const SYSTEMS = ['engram', 'bm25', 'recency'] as const;
export type System = (typeof SYSTEMS)[number];

/** Summed recall (divide by `questions`) for one system at one budget, overall and by category. */
export interface Cell {
  recall: number;
  questions: number;
  byCategory: Record<string, { recall: number; questions: number }>;
  byConversation: Record<string, { recall: number; questions: number }>;
}

export interface LocomoResult {
  budgets: number[];
  cells: Record<System, Cell[]>;
  /** Engram blocks: entries given in full or cut, tokens used, index lines; summed over blocks. */
  blocks: { entries: number; tokens: number; index: number; count: number; overBudget: number }[];
  turns: number;
  questions: number;
}

/**
 * Evidence recall on LoCoMo, as the data set's README defines it: per question, the share of its
 * evidence turns present in the block, averaged. Engram's block is `context()` for the question
 * (what `memory context --queries` prints), each conversation imported into its own project; an
 * entry counts when it is given in full or cut, not as a one-line pointer in the index. The two
 * baselines use the same turns and the same o200k counts, in the same run.
 */
export function evaluateLocomo(conversations: Conversation[], budgets: number[]): LocomoResult {
  const cell = (): Cell => ({ recall: 0, questions: 0, byCategory: {}, byConversation: {} });
  const cells = Object.fromEntries(SYSTEMS.map((s) => [s, budgets.map(cell)])) as Record<System, Cell[]>;
  const blocks = budgets.map(() => ({ entries: 0, tokens: 0, index: 0, count: 0, overBudget: 0 }));
  let turnCount = 0;
  let questionCount = 0;
  const temps: string[] = [];
  const temp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-locomo-'));
    temps.push(d);
    return d;
  };
  try {
    for (const conv of conversations) {
      turnCount += conv.turns.length;
      questionCount += conv.questions.length;
      const tokens = conv.turns.map((t) => countTokens(t.text));
      const indexOf = new Map(conv.turns.map((t, i) => [t.source, i]));
      const db = openDatabase(temp());
      const engine = new MemoryEngine({ db, projectRoot: temp(), dataDir: temp() });
      engine.addMany(
        conv.turns.map((t) => ({ text: t.text, kind: t.kind as MemoryKind, source: t.source, at: t.at })),
        { actor: 'cli' },
      );
      const raw = new RawBm25(conv.turns);
      budgets.forEach((budget, b) => {
        const newest = recency(conv.turns, tokens, budget);
        for (const q of conv.questions) {
          const gold = q.evidence.map((id) => indexOf.get(id) ?? -1);
          const share = (has: (i: number) => boolean) => gold.filter((i) => i >= 0 && has(i)).length / gold.length;
          const block = engine.context({ query: q.query, budget });
          const given = new Set(block.items.filter((it) => it.form !== 'index').map((it) => indexOf.get(it.source) ?? -1));
          const stats = blocks[b];
          stats.count++;
          stats.tokens += block.tokens;
          stats.entries += given.size;
          stats.index += block.items.length - given.size;
          if (block.tokens > budget) stats.overBudget++;
          const bm25 = fill(raw.rank(q.query), tokens, budget);
          tally(cells.engram[b], conv.name, q.category, share((i) => given.has(i)));
          tally(cells.bm25[b], conv.name, q.category, share((i) => bm25.has(i)));
          tally(cells.recency[b], conv.name, q.category, share((i) => newest.has(i)));
        }
      });
      raw.close();
      db.close();
    }
  } finally {
    temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  }
  return { budgets, cells, blocks, turns: turnCount, questions: questionCount };
}

function tally(c: Cell, conversation: string, category: string, recall: number): void {
  c.recall += recall;
  c.questions++;
  const cat = (c.byCategory[category] ??= { recall: 0, questions: 0 });
  cat.recall += recall;
  cat.questions++;
  const conv = (c.byConversation[conversation] ??= { recall: 0, questions: 0 });
  conv.recall += recall;
  conv.questions++;
}
