import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command';
import { withMemoryEngine } from './memoryCommandSupport';
import { isMemoryKind } from '../../memory/kinds';
import type { AddEntryInput } from '../../memory/memoryWriter';

export const memoryImportCommand: Command = {
  words: ['memory', 'import'],
  synopsis: 'FILE',
  summary: 'add entries from JSON lines {"text","kind"?,"source"?,"at"?} (kind defaults to knowledge)',
  positionals: { min: 1, max: 1, names: 'FILE' },
  async run(ctx, _values, [file]) {
    const abs = path.resolve(file);
    let content: string;
    try {
      content = fs.readFileSync(abs, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const inputs: AddEntryInput[] = [];
    let skipped = 0;
    content.split('\n').forEach((raw, i) => {
      const problem = (why: string) => {
        skipped++;
        process.stderr.write(`engram: ${file}:${i + 1}: ${why}; line skipped\n`);
      };
      const line = raw.trim();
      if (!line) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return problem('not JSON');
      }
      const rec = value as Record<string, unknown>;
      if (!rec || typeof rec !== 'object' || typeof rec.text !== 'string' || !rec.text.trim()) {
        return problem('expected an object with a non-empty "text"');
      }
      const kind = rec.kind === undefined ? 'knowledge' : String(rec.kind).toLowerCase();
      if (!isMemoryKind(kind)) return problem(`unknown kind "${String(rec.kind)}"`);
      inputs.push({
        kind,
        text: rec.text,
        source: typeof rec.source === 'string' && rec.source ? rec.source : undefined,
        at: typeof rec.at === 'string' ? rec.at : undefined,
      });
    });
    const { ids } = await withMemoryEngine(ctx, (engine) => engine.addMany(inputs, { actor: 'cli' }));
    ctx.result({ added: ids.length }, `Imported ${ids.length} entries${skipped ? ` (${skipped} lines skipped)` : ''}`);
  },
};
