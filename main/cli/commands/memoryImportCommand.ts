import path from 'node:path';
import type { Command } from '../command';
import { withMemoryEngine } from './memoryCommandSupport';
import { readLines } from '../../fs/lineReader';
import { isMemoryKind } from '../../memory/kinds';
import { EntrySpool } from '../../memory/import/entrySpool';
import { normalizeEntryText } from '../../memory/markdown/entryText';
import { dateOf } from '../../memory/memoryWriter';
import { describeRedactions } from '../../secrets/secretScanner';
import { warmTokenCounter } from '../../memory/context/tokenCountWorker';

/** A JSON line longer than this is skipped (said on stderr): no entry is that long. */
const MAX_LINE_BYTES = 8 * 1024 * 1024;

export const memoryImportCommand: Command = {
  words: ['memory', 'import'],
  synopsis: 'FILE',
  summary: 'add entries from JSON lines {"text","kind"?,"source"?,"at"?} (kind defaults to knowledge)',
  positionals: { min: 1, max: 1, names: 'FILE' },
  async run(ctx, _values, [file]) {
    let skipped = 0;
    const problem = (line: number, why: string) => {
      skipped++;
      process.stderr.write(`engram: ${file}:${line}: ${why}; line skipped\n`);
    };
    // The file is read line by line into a spool on disk, then written in one go: any size
    // fits in bounded memory, and the import is all or nothing.
    const spool = new EntrySpool();
    // The entries are counted in a worker thread: its tokenizer loads while the file is read.
    warmTokenCounter();
    try {
      try {
        for await (const line of readLines(path.resolve(file), MAX_LINE_BYTES)) {
          if ('tooLong' in line) {
            problem(line.number, `longer than ${MAX_LINE_BYTES} bytes`);
            continue;
          }
          if (!line.text.trim()) continue;
          let rec: Record<string, unknown>;
          try {
            rec = JSON.parse(line.text);
          } catch {
            problem(line.number, 'not JSON');
            continue;
          }
          const text = rec && typeof rec === 'object' && typeof rec.text === 'string' ? normalizeEntryText(rec.text) : '';
          if (!text) {
            problem(line.number, 'expected an object with a non-empty "text"');
            continue;
          }
          const kind = rec.kind === undefined ? 'knowledge' : String(rec.kind).toLowerCase();
          if (!isMemoryKind(kind)) {
            problem(line.number, `unknown kind "${String(rec.kind)}"`);
            continue;
          }
          spool.add({
            kind,
            text,
            at: dateOf(typeof rec.at === 'string' ? rec.at : undefined),
            ...(typeof rec.source === 'string' && rec.source ? { src: rec.source } : {}),
          });
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code) throw new Error(`cannot read ${path.resolve(file)}: ${code}`);
        throw err;
      }
      const { added, redacted } = await withMemoryEngine(ctx, (engine) => engine.addSpooled(spool, { actor: 'cli' }), { rerunnable: false });
      if (redacted.length) process.stderr.write(`engram: ${describeRedactions(redacted)} before writing\n`);
      ctx.result({ added }, `Imported ${added} entries${skipped ? ` (${skipped} lines skipped)` : ''}`);
    } finally {
      spool.dispose();
    }
  },
};
