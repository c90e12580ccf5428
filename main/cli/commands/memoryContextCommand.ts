import type { Command } from '../command';
import { UsageError } from '../cliErrors';
import { commandUsage } from '../usage';
import { positiveInt, readJsonLines, sayIfLexicalOnly, withMemoryEngine } from './memoryCommandSupport';

const DEFAULT_BUDGET = 4000;

export const memoryContextCommand: Command = {
  words: ['memory', 'context'],
  synopsis: '[--query Q | --queries FILE] [--budget TOKENS] [--session ID]',
  summary: 'the memory block the agent would get, within a token budget (o200k_base)',
  options: {
    query: { type: 'string' },
    queries: { type: 'string' },
    budget: { type: 'string' },
    session: { type: 'string' },
  },
  async run(ctx, values) {
    const budget = positiveInt(memoryContextCommand, 'budget', values.budget, DEFAULT_BUDGET);
    const session = values.session as string | undefined;
    if (values.queries !== undefined && values.query !== undefined) {
      throw new UsageError('give --query or --queries, not both', commandUsage(memoryContextCommand));
    }
    if (typeof values.queries === 'string') {
      const batch = readQueries(values.queries);
      await withMemoryEngine(ctx, async (engine) => {
        // Batch output is JSON lines whether or not --json is given: it is meant for programs.
        for (const q of batch) {
          const block = await engine.contextAsync({ query: q.query, budget, session });
          process.stdout.write(JSON.stringify({ id: q.id, tokens: block.tokens, items: block.items }) + '\n');
        }
      }, { rerunnable: false, semantic: true }); // lines already printed would print twice
      return;
    }
    const query = values.query as string | undefined;
    const block = await withMemoryEngine(ctx, async (engine) => {
      const made = await engine.contextAsync({ query, budget, session });
      sayIfLexicalOnly(ctx, engine);
      return made;
    }, { rerunnable: true, semantic: true });
    ctx.result(block, `${block.text}\n\n(${block.tokens} of ${block.budget} tokens, ${block.items.length} item${block.items.length === 1 ? '' : 's'})`);
  },
};

function readQueries(file: string): { id: unknown; query: string }[] {
  const skip = (line: number, why: string) => process.stderr.write(`engram: ${file}:${line}: ${why}; line skipped\n`);
  return readJsonLines(file, skip).map(({ line, value }) => {
    const rec = (value ?? {}) as { id?: unknown; query?: unknown };
    return { id: rec.id ?? line, query: typeof rec.query === 'string' ? rec.query : '' };
  });
}
