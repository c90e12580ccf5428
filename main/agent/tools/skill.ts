import { z } from 'zod';
import { listSkills, loadSkill } from '../../skills/artifacts';
import { defineTool, ToolError } from './toolTypes';
import { engramLayout } from '../../../contract/engramLayout';

export const skillTool = defineTool({
  name: 'skill',
  description: `Load a skill's instructions (${engramLayout.artifactFile('skill', '<name>')}, also .claude/ and .opencode/).`,
  schema: z.object({ name: z.string().min(1).max(64) }),
  readOnly: true,
  subject: (input) => input.name,
  async run(input, ctx) {
    const skill = loadSkill(ctx.root, input.name);
    if (!skill) {
      const known = listSkills(ctx.root).map((s) => s.name);
      throw new ToolError(`No skill named ${input.name}. Available: ${known.join(', ') || 'none'}.`);
    }
    return { output: `# Skill: ${input.name}\n${skill.meta.description ? `${skill.meta.description}\n\n` : ''}${skill.body.trim()}` };
  },
});
