import fs from 'node:fs';
import { z } from 'zod';
import { relativeToRoot, resolveInProject } from '../../paths/projectPath';
import { looksBinary } from './fileWalk';
import { defineTool, ToolError } from './toolTypes';

const DEFAULT_LIMIT = 2000;
const MAX_LINE = 2000;
const MAX_FILE_BYTES = 10 * 1024 * 1024;

export const readTool = defineTool({
  name: 'read',
  description:
    'Read a text file of the project. Lines come numbered. `offset` is the first line (1-based), `limit` the number of lines (default 2000).',
  schema: z.object({
    file_path: z.string().min(1).describe('Path relative to the project root, or absolute inside it'),
    offset: z.number().int().min(1).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  }),
  readOnly: true,
  subject: (input, ctx) => relativeToRoot(ctx.root, resolveInProject(ctx.root, input.file_path)),
  async run(input, ctx) {
    const file = resolveInProject(ctx.root, input.file_path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new ToolError(`No such file: ${input.file_path}`);
    }
    if (stat.isDirectory()) throw new ToolError(`${input.file_path} is a folder; use glob to list it.`);
    if (stat.size > MAX_FILE_BYTES) throw new ToolError(`${input.file_path} is ${stat.size} bytes; too large to read.`);
    const buf = fs.readFileSync(file);
    if (looksBinary(buf)) throw new ToolError(`${input.file_path} is a binary file; read only reads text.`);
    const lines = buf.toString('utf8').split('\n');
    const start = (input.offset ?? 1) - 1;
    const slice = lines.slice(start, start + (input.limit ?? DEFAULT_LIMIT));
    const body = slice
      .map((line, i) => `${String(start + i + 1).padStart(6)}\t${line.length > MAX_LINE ? line.slice(0, MAX_LINE) + '…' : line}`)
      .join('\n');
    const more = start + slice.length < lines.length ? `\n(${lines.length - start - slice.length} more lines; use offset)` : '';
    return { output: (body || '(empty file)') + more, meta: { path: relativeToRoot(ctx.root, file) } };
  },
});
