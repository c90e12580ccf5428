import { z } from 'zod';
import { defineTool } from './toolTypes';
import { describeRedactions } from '../../secrets/secretScanner';
import { MEMORY_KINDS } from '../../memory/kinds';


export const memorySearchTool = defineTool({
  name: 'memory_search',
  description:
    "Search the project's memory and past sessions, ranked as your memory block is. Answers entries with their ids; an id also finds its entry.",
  schema: z.object({
    query: z.string().min(1),
    limit: z.number().int().min(1).max(50).optional(),
  }),
  readOnly: true,
  subject: (input) => input.query,
  async run(input, ctx) {
    const hits = await ctx.memory.search(input.query, input.limit ?? 10);
    if (!hits.length) return { output: 'Nothing in memory matches.' };
    return { output: hits.map((h) => `[${h.id}] (${h.kind}${h.source ? `, ${h.source}` : ''}) ${h.text}`).join('\n') };
  },
});

export const memoryWriteTool = defineTool({
  name: 'memory_write',
  description:
    "Save one durable fact to the project's MEMORY.md so later sessions know it. `kind`: context, rules, decisions, knowledge, patterns or gotchas.",
  schema: z.object({
    kind: z.enum(MEMORY_KINDS),
    text: z.string().min(1).max(2000),
  }),
  readOnly: false,
  subject: (input) => input.kind,
  async run(input, ctx) {
    const { id, redacted } = await ctx.memory.write(input.kind, input.text, ctx.sessionId);
    const note = redacted?.length ? ` Memory is shared through git, so secrets never go in: ${describeRedactions(redacted)}.` : '';
    return { output: `Saved to memory as ${id}.${note}` };
  },
});
