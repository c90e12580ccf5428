import fs from 'node:fs';
import { z } from 'zod';
import { resolveInProject, relativeToRoot } from '../../paths/projectPath';
import { walkFiles } from './fileWalk';
import { globToRegExp } from './globPattern';
import { defineTool, ToolError } from './toolTypes';

const MAX_RESULTS = 500;

export const globTool = defineTool({
  name: 'glob',
  description: 'List project files matching a glob (e.g. `src/**/*.ts`), honouring .gitignore. `path` narrows the folder searched.',
  schema: z.object({
    pattern: z.string().min(1),
    path: z.string().optional(),
  }),
  readOnly: true,
  subject: (input, ctx) => (input.path ? relativeToRoot(ctx.root, resolveInProject(ctx.root, input.path)) : '.'),
  async run(input, ctx) {
    const start = input.path ? resolveInProject(ctx.root, input.path) : ctx.root;
    if (!fs.existsSync(start) || !fs.statSync(start).isDirectory()) throw new ToolError(`${input.path} is not a folder.`);
    const base = relativeToRoot(ctx.root, start);
    const re = globToRegExp(input.pattern);
    const hits: string[] = [];
    for (const rel of walkFiles(ctx.root, start, ctx.signal)) {
      const local = base === '.' ? rel : rel.slice(base.length + 1);
      if (re.test(local)) hits.push(rel);
      if (hits.length > MAX_RESULTS) break;
    }
    if (!hits.length) return { output: 'No files match.' };
    const more = hits.length > MAX_RESULTS ? `\n(more than ${MAX_RESULTS}; narrow the pattern)` : '';
    return { output: hits.slice(0, MAX_RESULTS).join('\n') + more };
  },
});
