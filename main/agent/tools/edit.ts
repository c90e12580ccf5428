import fs from 'node:fs';
import { z } from 'zod';
import { conflictCopyNote, replaceProjectFile } from '../../fs/projectFileWrite';
import { relativeToRoot, resolveInProject } from '../../paths/projectPath';
import { unifiedDiff } from './diffText';
import { defineTool, ToolError } from './toolTypes';

export const editTool = defineTool({
  name: 'edit',
  description:
    'Replace an exact string in a file. Fails if `old_string` is absent, or appears more than once unless `replace_all` is true.',
  schema: z.object({
    file_path: z.string().min(1),
    old_string: z.string().min(1),
    new_string: z.string(),
    replace_all: z.boolean().optional(),
  }),
  readOnly: false,
  subject: (input, ctx) => relativeToRoot(ctx.root, resolveInProject(ctx.root, input.file_path)),
  async run(input, ctx) {
    const file = resolveInProject(ctx.root, input.file_path);
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) throw new ToolError(`No such file: ${input.file_path}`);
    if (input.old_string === input.new_string) throw new ToolError('old_string and new_string are the same; nothing to change.');
    // Planned on the bytes there at the swap: a person's save made meanwhile is edited, not
    // overwritten; if it no longer holds old_string, it stays as they saved it.
    let before = '';
    let after = '';
    let count = 0;
    const copies: string[] = [];
    const rel = relativeToRoot(ctx.root, file);
    try {
      replaceProjectFile(
        file,
        (cur) => {
          if (cur === null) throw new ToolError(`No such file: ${input.file_path}`);
          before = cur.toString('utf8');
          count = before.split(input.old_string).length - 1;
          if (count === 0) throw new ToolError(`old_string was not found in ${input.file_path}; read the file and copy the text exactly.`);
          if (count > 1 && !input.replace_all) {
            throw new ToolError(`old_string appears ${count} times in ${input.file_path}; add surrounding lines to make it unique, or set replace_all.`);
          }
          after = input.replace_all ? before.split(input.old_string).join(input.new_string) : before.replace(input.old_string, () => input.new_string);
          return after;
        },
        (c) => copies.push(c),
      );
    } catch (err) {
      // The change did not apply to a save that landed meanwhile (or the file kept changing):
      // their version stays, and any copy kept beside the file meanwhile is named, as on success.
      if (copies.length && err instanceof Error) err.message += conflictCopyNote(ctx.root, copies);
      throw err;
    }
    return {
      output: `Edited ${rel} (${input.replace_all ? count : 1} replacement${(input.replace_all ? count : 1) === 1 ? '' : 's'}).${conflictCopyNote(ctx.root, copies)}`,
      meta: { path: rel, diff: unifiedDiff(rel, before, after) },
    };
  },
});
