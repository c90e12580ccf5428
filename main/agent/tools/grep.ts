import fs from 'node:fs';
import { z } from 'zod';
import { resolveInProject, relativeToRoot } from '../../paths/projectPath';
import { grepInWorker, RegexTimeoutError } from './boundedGrep';
import { walkFiles } from './fileWalk';
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
    try {
      new RegExp(input.pattern);
    } catch (err) {
      throw new ToolError(`Invalid regular expression: ${(err as Error).message}`);
    }
    const start = input.path ? resolveInProject(ctx.root, input.path) : ctx.root;
    const filter = input.glob ? globToRegExp(input.glob) : null;
    const walked = fs.existsSync(start) && fs.statSync(start).isFile() ? [relativeToRoot(ctx.root, start)] : walkFiles(ctx.root, start, ctx.signal);
    const files = [...walked].filter((rel) => !filter || filter.test(rel));
    let found;
    try {
      found = await grepInWorker({ pattern: input.pattern, root: ctx.root, files, maxMatches: MAX_MATCHES, maxFileBytes: MAX_FILE_BYTES }, ctx.signal);
    } catch (err) {
      if (err instanceof RegexTimeoutError) throw new ToolError(err.message);
      throw err;
    }
    const out = found.map((m) => `${m.rel}:${m.line}: ${m.text}`);
    if (out.length >= MAX_MATCHES) return { output: out.join('\n') + `\n(stopped at ${MAX_MATCHES} matches)` };
    return { output: out.length ? out.join('\n') : 'No matches.' };
  },
});
