import type { Command } from '../command';
import { requiredString, withMemoryEngine } from './memoryCommandSupport';
import { requireKind } from '../../memory/kinds';
import { describeRedactions } from '../../secrets/secretScanner';

export const memoryAddCommand: Command = {
  words: ['memory', 'add'],
  synopsis: '--kind K --text T [--source S] [--user]',
  summary: 'add a memory entry (kinds: context, rules, decisions, knowledge, patterns, gotchas)',
  options: { kind: { type: 'string' }, text: { type: 'string' }, source: { type: 'string' }, user: { type: 'boolean' } },
  async run(ctx, values) {
    const kind = requireKind(requiredString(memoryAddCommand, 'kind', values.kind));
    const text = requiredString(memoryAddCommand, 'text', values.text);
    const source = values.source as string | undefined;
    const { id, redacted } = await withMemoryEngine(ctx, (engine) =>
      engine.add({ kind, text, source }, { actor: 'cli', session: source ?? null }, values.user ? 'user' : 'project'),
      { rerunnable: false },
    );
    if (redacted.length) process.stderr.write(`engram: ${describeRedactions(redacted)} before writing entry ${id}\n`);
    ctx.result({ id }, `Added ${kind} entry ${id}`);
  },
};
