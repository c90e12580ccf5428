import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { eventsOf, newProject, runAgentCli, toolMessages } from '../../helpers/agentCli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

describe('engram run: permissions, modes and path safety', () => {
  it('plan mode offers no writing tools, refuses a write without executing it, and saves the plan to a task', async () => {
    const project = newProject({ 'README.md': '# demo\n' });
    const model = await scripted.start([
      { toolCalls: [{ name: 'write', arguments: { file_path: 'PLAN.md', content: 'should never exist' } }] },
      { text: '1. Add a CHANGELOG.\n2. Link it from the README.' },
    ]);
    const run = await runAgentCli(project, model, ['--mode', 'plan', 'plan a changelog']);
    expect(run.code).toBe(0);
    const offered = model.requests[0].body.tools!.map((t) => t.function.name).sort();
    expect(offered).toEqual(['glob', 'grep', 'memory_search', 'note', 'read', 'skill', 'task_update']);
    expect(eventsOf(run.events, 'tool_result')[0]).toMatchObject({ tool: 'write', status: 'refused' });
    expect(JSON.stringify(toolMessages(model, 1))).toContain('not available in plan mode');
    expect(fs.existsSync(path.join(project.root, 'PLAN.md'))).toBe(false);

    const tasksDir = path.join(project.root, '.engram', 'tasks');
    const [taskId] = fs.readdirSync(tasksDir);
    const progress = fs.readFileSync(path.join(tasksDir, taskId, 'progress.md'), 'utf8');
    expect(progress).toContain('title: plan a changelog');
    expect(progress).toContain('Add a CHANGELOG.');
  });

  it('denies bash without --yes (the model is told), runs it with --yes, and a deny rule beats --yes', async () => {
    const project = newProject();
    const bash = { name: 'bash', arguments: { command: 'echo ran > marker.txt' } };
    const model = await scripted.start([{ toolCalls: [bash] }, { text: 'ok' }, { toolCalls: [bash] }, { text: 'ok' }]);

    const denied = await runAgentCli(project, model, ['touch the marker']);
    expect(denied.code).toBe(0);
    expect(eventsOf(denied.events, 'permission')).toEqual([
      expect.objectContaining({ tool: 'bash', decision: 'pending' }),
      expect.objectContaining({ tool: 'bash', decision: 'deny', reason: expect.stringContaining('--yes') }),
    ]);
    expect(eventsOf(denied.events, 'tool_result')[0]).toMatchObject({ status: 'denied' });
    expect(JSON.stringify(toolMessages(model, 1))).toContain('Permission denied');
    expect(fs.existsSync(path.join(project.root, 'marker.txt'))).toBe(false);

    const allowed = await runAgentCli(project, model, ['--yes', 'touch the marker']);
    expect(allowed.code).toBe(0);
    expect(eventsOf(allowed.events, 'tool_result')[0]).toMatchObject({ status: 'ok' });
    expect(fs.readFileSync(path.join(project.root, 'marker.txt'), 'utf8')).toBe('ran\n');

    fs.mkdirSync(path.join(project.root, '.engram'), { recursive: true });
    fs.writeFileSync(
      path.join(project.root, '.engram', 'config.json'),
      JSON.stringify({ permissions: [{ tool: 'write', pattern: 'secrets/**', action: 'deny' }] }),
    );
    model.setScript((_req, i) =>
      i === 4 ? { toolCalls: [{ name: 'write', arguments: { file_path: 'secrets/key.txt', content: 'x' } }] } : { text: 'fine' },
    );
    const ruled = await runAgentCli(project, model, ['--yes', 'write a secret']);
    expect(eventsOf(ruled.events, 'tool_result')[0]).toMatchObject({ status: 'denied' });
    expect(fs.existsSync(path.join(project.root, 'secrets'))).toBe(false);
  });

  it('refuses paths that resolve outside the project: .., absolute, and a symlink pointing out', async () => {
    const project = newProject({ 'inside.txt': 'in\n' });
    const outside = tempDir('engram-outside-');
    fs.writeFileSync(path.join(outside, 'victim.txt'), 'untouched\n');
    fs.symlinkSync(outside, path.join(project.root, 'link'));
    const rel = path.relative(project.root, path.join(outside, 'victim.txt'));
    const model = await scripted.start([
      {
        toolCalls: [
          { name: 'read', arguments: { file_path: rel } },
          { name: 'write', arguments: { file_path: path.join(outside, 'victim.txt'), content: 'owned' } },
          { name: 'edit', arguments: { file_path: 'link/victim.txt', old_string: 'untouched', new_string: 'owned' } },
          { name: 'write', arguments: { file_path: 'link/new.txt', content: 'owned' } },
          { name: 'read', arguments: { file_path: path.join(project.root, 'inside.txt') } },
        ],
      },
      { text: 'done' },
    ]);
    // Even a rule allowing everything, and --yes, do not open the way out.
    const run = await runAgentCli(project, model, ['--yes', 'escape']);
    expect(run.code).toBe(0);
    expect(eventsOf(run.events, 'tool_result').map((e) => e.status)).toEqual(['refused', 'refused', 'refused', 'refused', 'ok']);
    expect(String(eventsOf(run.events, 'tool_result')[0].output)).toContain('outside the project');
    expect(fs.readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('untouched\n');
    expect(fs.existsSync(path.join(outside, 'new.txt'))).toBe(false);
  });

  it('stops a third identical tool call and tells the model it is looping', async () => {
    const project = newProject({ 'a.txt': 'a\n' });
    const same = { name: 'read', arguments: { file_path: 'a.txt' } };
    const model = await scripted.start([{ toolCalls: [same] }, { toolCalls: [same] }, { toolCalls: [same] }, { text: 'ok, stopping' }]);
    const run = await runAgentCli(project, model, ['read a']);
    expect(eventsOf(run.events, 'tool_result').map((e) => e.status)).toEqual(['ok', 'ok', 'refused']);
    expect(JSON.stringify(toolMessages(model, 3).at(-1))).toContain('Loop detected');
  });
});
