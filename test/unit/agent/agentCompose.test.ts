import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestText, type RecordedRequest } from '../../helpers/scriptedModel';
import { eventsOf, newProject, runAgentCli } from '../../helpers/agentCli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

const lastToolResult = (req: RecordedRequest) => String(req.body.messages.filter((m) => m.role === 'tool').at(-1)?.content ?? '');

describe('engram run --mode compose: tasks, a subagent per task, skills and notes', () => {
  it('creates a task, runs a subagent with a fresh context that logs to the task, loads a skill and notes', async () => {
    const project = newProject({
      '.engram/skills/release/SKILL.md': '---\nname: release\ndescription: How we cut a release\n---\nBump the version, then tag it.\n',
    });
    let taskId = '';
    const model = await scripted.start((req, i) => {
      switch (i) {
        case 0:
          return { text: 'Spec: one task. ', toolCalls: [{ name: 'task_update', arguments: { title: 'Add a changelog', status: 'todo' } }] };
        case 1:
          taskId = /Task (\S+) /.exec(lastToolResult(req))![1];
          return { toolCalls: [{ name: 'subagent', arguments: { description: 'Add a changelog', prompt: `Task ${taskId}: create CHANGELOG.md with a heading.` } }] };
        case 2: // the child's first request
          return { toolCalls: [{ name: 'write', arguments: { file_path: 'CHANGELOG.md', content: '# Changelog\n' } }] };
        case 3:
          return { text: 'Created CHANGELOG.md with a heading.' };
        case 4:
          return { toolCalls: [{ name: 'skill', arguments: { name: 'release' } }, { name: 'note', arguments: { text: 'reconciled the changelog task' } }] };
        default:
          return { text: 'All tasks reconciled.' };
      }
    });
    const run = await runAgentCli(project, model, ['--mode', 'compose', 'add a changelog']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(eventsOf(run.events, 'tool_result').map((e) => [e.tool, e.status])).toEqual([
      ['task_update', 'ok'],
      ['subagent', 'ok'],
      ['skill', 'ok'],
      ['note', 'ok'],
    ]);

    // The child started fresh: its own system prompt and only the task prompt, no subagent tool.
    const child = model.requests[2].body;
    expect(child.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(child.messages[1].content).toContain(taskId);
    expect(child.tools!.map((t) => t.function.name)).not.toContain('subagent');
    expect(fs.readFileSync(path.join(project.root, 'CHANGELOG.md'), 'utf8')).toBe('# Changelog\n');
    // Its final text came back to the parent as the tool result.
    expect(lastToolResult(model.requests[4])).toContain('Created CHANGELOG.md with a heading.');
    expect(requestText(model.requests[4])).not.toContain('# Changelog');

    const progress = fs.readFileSync(path.join(project.root, '.engram', 'tasks', taskId, 'progress.md'), 'utf8');
    expect(progress).toContain('status: review');
    expect(progress).toContain('Created CHANGELOG.md with a heading.');
    expect(lastToolResult(model.requests[5])).toContain('Noted.');
    expect(requestText(model.requests[5])).toContain('Bump the version, then tag it.');
    const sessionId = eventsOf(run.events, 'session')[0].sessionId as string;
    const notes = fs.readFileSync(path.join(project.root, '.engram', 'sessions', sessionId, 'notes.md'), 'utf8');
    expect(notes).toContain('reconciled the changelog task');
  });
});
