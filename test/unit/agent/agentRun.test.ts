import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsOf, newProject, runAgentCli, toolMessages } from '../../helpers/agentCli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import { runEngram } from '../../helpers/cli';

const scripted = useScriptedModel();

describe('engram run: the loop against a real OpenAI-compatible stream', () => {
  it('runs several tool steps that read and edit a file, streams text, and stores the session', async () => {
    const project = newProject({ 'src/greet.ts': 'export const greeting = "hello";\n', 'AGENTS.md': 'Always use double quotes.\n' });
    const model = await scripted.start([
      { text: 'Looking at the file. ', toolCalls: [{ name: 'read', arguments: { file_path: 'src/greet.ts' } }] },
      {
        toolCalls: [
          { name: 'edit', arguments: { file_path: 'src/greet.ts', old_string: '"hello"', new_string: '"hello, world"' } },
        ],
      },
      { toolCalls: [{ name: 'grep', arguments: { pattern: 'world', path: 'src' } }] },
      { text: 'Done: the greeting now says hello, world.' },
    ]);
    const run = await runAgentCli(project, model, ['make the greeting say hello, world']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    expect(fs.readFileSync(path.join(project.root, 'src/greet.ts'), 'utf8')).toBe('export const greeting = "hello, world";\n');
    const texts = eventsOf(run.events, 'text').map((e) => e.text).join('');
    expect(texts).toBe('Looking at the file. Done: the greeting now says hello, world.');
    expect(eventsOf(run.events, 'tool_call').map((e) => e.tool)).toEqual(['read', 'edit', 'grep']);
    expect(eventsOf(run.events, 'tool_result').map((e) => e.status)).toEqual(['ok', 'ok', 'ok']);
    const edit = eventsOf(run.events, 'tool_result')[1] as unknown as { meta: { diff: string } };
    expect(edit.meta.diff).toContain('+export const greeting = "hello, world";');
    const done = run.events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', cancelled: false, error: null, usage: { inputTokens: 400, outputTokens: 40 } });

    // The model saw the tools by their contract names, the project's AGENTS.md, and each result.
    expect(model.requests).toHaveLength(4);
    const first = model.requests[0].body;
    expect(first.tools!.map((t) => t.function.name).sort()).toEqual(
      ['bash', 'edit', 'glob', 'grep', 'memory_search', 'memory_write', 'note', 'read', 'skill', 'subagent', 'task_update', 'write'],
    );
    expect(JSON.stringify(first.messages[0])).toContain('Always use double quotes.');
    expect(JSON.stringify(toolMessages(model, 1))).toContain('export const greeting = \\"hello\\";');
    expect(JSON.stringify(toolMessages(model, 3))).toContain('src/greet.ts:1:');

    // Continuing by id sends the whole stored history back.
    const sessionId = eventsOf(run.events, 'session')[0].sessionId as string;
    expect(sessionId).toMatch(/^ses_[0-9A-Z]{26}$/);
    model.setScript(() => ({ text: 'Still here.' }));
    const again = await runAgentCli(project, model, ['--session', sessionId, 'and now?']);
    expect(again.code).toBe(0);
    const history = model.requests[4].body.messages;
    expect(history.filter((m) => m.role === 'tool')).toHaveLength(3);
    expect(history.at(-1)).toMatchObject({ role: 'user', content: 'and now?' });
  });
});

describe('engram run in a terminal (no --json)', () => {
  it('shows what each tool did: the first lines of a command\'s output and the lines an edit changed', async () => {
    const project = newProject({ 'README.md': '# Demo\nhello\n' });
    const model = await scripted.start([
      { text: 'Counting.\n', toolCalls: [{ name: 'bash', arguments: { command: 'seq 1 10' } }] },
      { toolCalls: [{ name: 'edit', arguments: { file_path: 'README.md', old_string: 'hello', new_string: 'hello, world' } }] },
      { text: 'Done.' },
    ]);
    const run = await runEngram(['--project', project.root, '--data-dir', project.dataDir, 'run', '--yes', 'count and greet'], { env: model.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Counting.\nDone.\n');
    const lines = run.stderr.split('\n');
    const bash = lines.indexOf('▸ bash {"command":"seq 1 10"}');
    expect(bash).toBeGreaterThanOrEqual(0);
    // Like the workbench's card, in brief: the output's first lines, then how many more.
    expect(lines.slice(bash + 1, bash + 5)).toEqual(['  1', '  2', '  3', '  … 7 more lines']);
    const edit = lines.findIndex((l) => l.startsWith('▸ edit '));
    expect(lines[edit + 1]).toBe('  README.md: +1 −1');
  });
});
