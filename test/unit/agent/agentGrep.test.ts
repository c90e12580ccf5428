import { describe, expect, it } from 'vitest';
import { eventsOf, newProject, runAgentCli } from '../../helpers/agentCli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

describe('engram run: the grep tool', () => {
  it('stops a catastrophically backtracking pattern, tells the model why, and the run goes on', async () => {
    const project = newProject({
      'src/long.txt': `${'a'.repeat(64)}!\n`,
      'src/ok.ts': 'export const answer = 42;\n',
    });
    const model = await scripted.start([
      { toolCalls: [{ name: 'grep', arguments: { pattern: '(a+)+$' } }] },
      { toolCalls: [{ name: 'grep', arguments: { pattern: 'answer = \\d+' } }] },
      { text: 'done' },
    ]);
    // Before the fix this run never ended (the test's CLI helper kills it at 60 s).
    const run = await runAgentCli(project, model, ['search']);
    expect(run.code, run.stderr).toBe(0);
    const [stopped, normal] = eventsOf(run.events, 'tool_result');
    expect(stopped).toMatchObject({ tool: 'grep', status: 'error' });
    expect(String(stopped.output)).toMatch(/src\/long\.txt.*catastrophic backtracking/s);
    expect(normal).toMatchObject({ tool: 'grep', status: 'ok' });
    expect(String(normal.output)).toContain('src/ok.ts:1: export const answer = 42;');
    expect(eventsOf(run.events, 'done')).toHaveLength(1);
  });
});
