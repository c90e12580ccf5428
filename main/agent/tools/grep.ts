import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { resolveInProject, relativeToRoot } from '../../paths/projectPath';
import { looksBinary, walkFiles } from './fileWalk';
import { globToRegExp } from './globPattern';
import { defineTool, ToolError } from './toolTypes';

const MAX_MATCHES = 200;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export const grepTool = defineTool({
  name: 'grep',
  description: 'Search file contents with a regular expression, honouring .gitignore. Answers `path:line: text`. `glob` filters file names.',
  schema: z.object({
    pattern: z.string().min(1),
    path: z.string().optional(),
    glob: z.string().optional(),
  }),
  readOnly: true,
  subject: (input, ctx) => (input.path ? relativeToRoot(ctx.root, resolveInProject(ctx.root, input.path)) : '.'),
  async run(input, ctx) {
    let re: RegExp;
    try {
      re = new RegExp(input.pattern);
    } catch (err) {
      throw new ToolError(`Invalid regular expression: ${(err as Error).message}`);
    }
    const start = input.path ? resolveInProject(ctx.root, input.path) : ctx.root;
    const filter = input.glob ? globToRegExp(input.glob) : null;
    const files = fs.existsSync(start) && fs.statSync(start).isFile() ? [relativeToRoot(ctx.root, start)] : walkFiles(ctx.root, start, ctx.signal);
    const out: string[] = [];
    for (const rel of files) {
      if (filter && !filter.test(rel)) continue;
      const abs = path.join(ctx.root, rel);
      let buf: Buffer;
      try {
        if (fs.statSync(abs).size > MAX_FILE_BYTES) continue;
        buf = fs.readFileSync(abs);
      } catch {
        continue;
      }
      if (looksBinary(buf)) continue;
      const lines = buf.toString('utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!re.test(lines[i])) continue;
        out.push(`${rel}:${i + 1}: ${lines[i].slice(0, 300)}`);
        if (out.length >= MAX_MATCHES) return { output: out.join('\n') + `\n(stopped at ${MAX_MATCHES} matches)` };
      }
    }
    return { output: out.length ? out.join('\n') : 'No matches.' };
  },
});
