import type { Command } from '../command';
import { withMemoryEngine } from './memoryCommandSupport';

export const memoryReindexCommand: Command = {
  words: ['memory', 'reindex'],
  synopsis: '',
  summary: 'rebuild the memory index from the files',
  async run(ctx) {
    const r = await withMemoryEngine(ctx, (engine) => engine.reindex(), { check: true, rerunnable: true });
    ctx.result(r, `Indexed ${r.entries} memory entries (${r.documents} documents) in ${r.ms} ms`);
  },
};
