import { z } from 'zod';
import { defineTool, ToolError } from './toolTypes';
import { artifactDirsText } from '../../../contract/engramLayout';

export const subagentTool = defineTool({
  name: 'subagent',
  description:
    `Hand a self-contained piece of work to a child agent with its own fresh context; answers its final report. \`agent\` names a definition in ${artifactDirsText('agent', '/')} (listed under Subagents).`,
  schema: z.object({
    description: z.string().min(1).max(200),
    prompt: z.string().min(1),
    agent: z.string().min(1).max(64).optional(),
  }),
  readOnly: false,
  subject: (input) => input.agent ?? input.description,
  async run(input, ctx) {
    if (!ctx.runSubagent) throw new ToolError('A subagent cannot start another subagent.');
    return { output: await ctx.runSubagent(input) };
  },
});
