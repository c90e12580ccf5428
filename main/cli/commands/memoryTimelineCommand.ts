import type { Command } from '../command';
import { positiveInt, withMemoryEngine } from './memoryCommandSupport';

export const memoryTimelineCommand: Command = {
  words: ['memory', 'timeline'],
  synopsis: '[--limit N]',
  summary: 'changes to memory, newest first',
  options: { limit: { type: 'string' } },
  async run(ctx, values) {
    const limit = positiveInt(memoryTimelineCommand, 'limit', values.limit, 50);
    const events = await withMemoryEngine(ctx, (engine) => engine.timeline({ limit }));
    const human = events.length
      ? events.map((e) => `${e.at}  ${e.type.padEnd(10)} ${e.id}  ${e.actor}${e.session ? ` (${e.session})` : ''}  ${e.text.split('\n')[0]}`).join('\n')
      : 'No memory changes yet.';
    ctx.result(events, human);
  },
};
