import type { Command } from '../command';
import { readJsonLines, withMemoryEngine } from './memoryCommandSupport';
import { isMemoryKind } from '../../memory/kinds';
import type { AddEntryInput } from '../../memory/memoryWriter';
import { describeRedactions } from '../../secrets/secretScanner';

export const memoryImportCommand: Command = {
  words: ['memory', 'import'],
  synopsis: 'FILE',
  summary: 'add entries from JSON lines {"text","kind"?,"source"?,"at"?} (kind defaults to knowledge)',
  positionals: { min: 1, max: 1, names: 'FILE' },
  async run(ctx, _values, [file]) {
    const inputs: AddEntryInput[] = [];
    let skipped = 0;
    const problem = (line: number, why: string) => {
      skipped++;
      process.stderr.write(`engram: ${file}:${line}: ${why}; line skipped\n`);
    };
    for (const { line, value } of readJsonLines(file, problem)) {
      const rec = value as Record<string, unknown>;
      if (!rec || typeof rec !== 'object' || typeof rec.text !== 'string' || !rec.text.trim()) {
        problem(line, 'expected an object with a non-empty "text"');
        continue;
      }
      const kind = rec.kind === undefined ? 'knowledge' : String(rec.kind).toLowerCase();
      if (!isMemoryKind(kind)) {
        problem(line, `unknown kind "${String(rec.kind)}"`);
        continue;
      }
      inputs.push({
        kind,
        text: rec.text,
        source: typeof rec.source === 'string' && rec.source ? rec.source : undefined,
        at: typeof rec.at === 'string' ? rec.at : undefined,
      });
    }
    const { ids, redacted } = await withMemoryEngine(ctx, (engine) => engine.addMany(inputs, { actor: 'cli' }));
    if (redacted.length) process.stderr.write(`engram: ${describeRedactions(redacted)} before writing\n`);
    ctx.result({ added: ids.length }, `Imported ${ids.length} entries${skipped ? ` (${skipped} lines skipped)` : ''}`);
  },
};
