import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { conflictCopyNote, replaceProjectFile } from '../../fs/projectFileWrite';
import { relativeToRoot, resolveInProject } from '../../paths/projectPath';
import { unifiedDiff } from './diffText';
import { defineTool, ToolError } from './toolTypes';

export const writeTool = defineTool({
  name: 'write',
  description: 'Create or overwrite a file of the project with `content` (folders are created).',
  schema: z.object({
    file_path: z.string().min(1),
    content: z.string(),
  }),
  readOnly: false,
  subject: (input, ctx) => relativeToRoot(ctx.root, resolveInProject(ctx.root, input.file_path)),
  async run(input, ctx) {
    const file = resolveInProject(ctx.root, input.file_path);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new ToolError(`${input.file_path} is a folder.`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // The diff is against what was there at the swap (a person's save made meanwhile, if any).
    let before = '';
    const copies: string[] = [];
    try {
      replaceProjectFile(
        file,
        (cur) => {
          before = cur?.toString('utf8') ?? '';
          return input.content;
        },
        (c) => copies.push(c),
      );
    } catch (err) {
      // The file kept changing: copies kept beside it meanwhile are named, as on success.
      if (copies.length && err instanceof Error) err.message += conflictCopyNote(ctx.root, copies);
      throw err;
    }
    const rel = relativeToRoot(ctx.root, file);
    const lines = input.content.split('\n').length;
    return { output: `Wrote ${rel} (${lines} lines).${conflictCopyNote(ctx.root, copies)}`, meta: { path: rel, diff: unifiedDiff(rel, before, input.content) } };
  },
});
