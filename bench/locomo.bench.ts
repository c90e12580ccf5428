import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import { recordSection, table } from './harness';
import { loadConversations, locomoDir } from './locomo/locomoData';
import { evaluateLocomo, SYSTEMS, type Cell } from './locomo/locomoEval';

const BUDGETS = [250, 500, 1000, 2000];
const DETAIL_BUDGET = 1000;
const dir = locomoDir(path.resolve(__dirname, '..'));

describe('LoCoMo evidence recall', () => {
  it.skipIf(!dir)('Engram vs raw FTS5 bm25 vs recency', () => {
    const started = performance.now();
    const conversations = loadConversations(dir!);
    const r = evaluateLocomo(conversations, BUDGETS);
    const seconds = (performance.now() - started) / 1000;
    const f = (x: number, n: number) => (n ? (x / n).toFixed(3) : '—');
    const avg = (c: Cell) => f(c.recall, c.questions);
    const d = BUDGETS.indexOf(DETAIL_BUDGET);
    const categories = Object.keys(r.cells.bm25[d].byCategory).sort();
    const names = conversations.map((c) => c.name);
    const label = { engram: 'Engram', bm25: 'raw FTS5 bm25', recency: 'recency' } as const;
    recordSection(
      'memory-locomo',
      'Memory: evidence recall on LoCoMo (development half)',
      [
        `${r.turns.toLocaleString('en')} dialog turns (one entry each, one project per conversation) and ${r.questions} questions`,
        `from ${conversations.length} conversations (${names.join(', ')}), read from \`${path.basename(path.dirname(path.dirname(dir!)))}/data/locomo-dev\``,
        'outside the repository. Recall = the share of a question\'s evidence turns whose entry is in the block, averaged over',
        'questions. Engram = `memory context` for the question (entries given in full or cut; one-line index pointers do not',
        'count). Raw FTS5 bm25 = the README\'s baseline: porter FTS5 table, stop words and one-letter words dropped, quoted',
        'words joined with OR, hits in bm25 order, each taken while its o200k tokens + 2 fit. Recency = the newest turns',
        'that fit. All three from the same turns and token counts, in the same run.',
        '',
        table(
          ['budget (tokens)', ...SYSTEMS.map((s) => label[s]), 'Engram − bm25', 'Engram entries / block', 'Engram tokens used'],
          BUDGETS.map((b, i) => [
            b.toLocaleString('en'),
            ...SYSTEMS.map((s) => avg(r.cells[s][i])),
            ((r.cells.engram[i].recall - r.cells.bm25[i].recall) / r.questions).toFixed(3),
            (r.blocks[i].entries / r.blocks[i].count).toFixed(1),
            `${(r.blocks[i].tokens / r.blocks[i].count).toFixed(0)} (${r.blocks[i].overBudget} over budget)`,
          ]),
        ),
        '',
        `By category at ${DETAIL_BUDGET.toLocaleString('en')} tokens (Engram / raw bm25 / recency):`,
        '',
        table(
          ['category', 'questions', ...SYSTEMS.map((s) => label[s])],
          categories.map((cat) => [
            cat,
            r.cells.bm25[d].byCategory[cat].questions,
            ...SYSTEMS.map((s) => f(r.cells[s][d].byCategory[cat].recall, r.cells[s][d].byCategory[cat].questions)),
          ]),
        ),
        '',
        `By conversation at ${DETAIL_BUDGET.toLocaleString('en')} tokens (Engram / raw bm25): what holds on each of them is what`,
        'can be expected to hold on the held-out half.',
        '',
        table(
          ['conversation', 'questions', 'Engram', 'raw FTS5 bm25'],
          names.map((n) => [
            n,
            r.cells.bm25[d].byConversation[n].questions,
            f(r.cells.engram[d].byConversation[n].recall, r.cells.engram[d].byConversation[n].questions),
            f(r.cells.bm25[d].byConversation[n].recall, r.cells.bm25[d].byConversation[n].questions),
          ]),
        ),
        '',
        '### What was tried',
        '',
        fs.readFileSync(path.join(__dirname, 'locomo', 'attempts.md'), 'utf8').trim(),
        '',
        `Run time ${seconds.toFixed(0)} s; load average at the end (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores.`,
      ].join('\n'),
    );
  });

  it.runIf(!dir)('skipped: no LoCoMo data', () => {
    process.stdout.write(
      'LoCoMo evaluation skipped: no shared/data/locomo-dev beside the repository (set ENGRAM_LOCOMO_DIR to its folder)\n',
    );
  });
});
