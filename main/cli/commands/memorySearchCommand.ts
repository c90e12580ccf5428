import type { Command } from '../command';
import { positiveInt, sayIfLexicalOnly, withMemoryEngine } from './memoryCommandSupport';

export const memorySearchCommand: Command = {
  words: ['memory', 'search'],
  synopsis: 'QUERY [--limit N]',
  summary: 'ranked search over memory, checkpoints, notes and tasks',
  options: { limit: { type: 'string' } },
  positionals: { min: 1, max: 1000, names: 'QUERY' },
  async run(ctx, values, words) {
    const limit = positiveInt(memorySearchCommand, 'limit', values.limit, 10);
    const hits = await withMemoryEngine(ctx, async (engine) => {
      const found = await engine.searchAsync(words.join(' '), { limit });
      sayIfLexicalOnly(ctx, engine);
      return found;
    }, { rerunnable: true, semantic: true });
    const human = hits.length
      ? hits.map((h) => `${h.id}  [${h.kind}]  ${h.score.toFixed(2)}  ${h.text.split('\n')[0]}`).join('\n')
      : 'No matches.';
    ctx.result(hits, human);
  },
};
