import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { eventsOf, newProject, runAgentCli } from '../../helpers/agentCli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

describe('engram run: memory across sessions', () => {
  it("an entry written with memory_write in one session is in the next session's first request", async () => {
    const project = newProject();
    const model = await scripted.start([
      { toolCalls: [{ name: 'memory_write', arguments: { kind: 'decisions', text: 'Preview server runs on port 4173 (vite preview).' } }] },
      { text: 'Remembered.' },
    ]);
    const first = await runAgentCli(project, model, ['remember the preview port']);
    expect(first.code).toBe(0);
    const result = eventsOf(first.events, 'tool_result')[0];
    expect(result).toMatchObject({ tool: 'memory_write', status: 'ok' });
    const id = /as (\S+)\./.exec(String(result.output))![1];
    const sessionOne = eventsOf(first.events, 'session')[0].sessionId as string;

    // The entry is in the file, with its session as the source.
    const memory = fs.readFileSync(path.join(project.root, '.engram', 'MEMORY.md'), 'utf8');
    expect(memory).toContain('Preview server runs on port 4173');
    expect(memory).toContain(`src:${sessionOne}`);

    model.setScript(() => ({ text: 'Port 4173.' }));
    const second = await runAgentCli(project, model, ['which port does the preview server use?']);
    expect(second.code).toBe(0);
    expect(eventsOf(second.events, 'session')[0].sessionId).not.toBe(sessionOne);
    const system = model.requests[2].body.messages[0];
    expect(system.role).toBe('system');
    expect(String(system.content)).toContain('Preview server runs on port 4173');

    // memory_search finds it too (through the same engine the CLI uses).
    const search = await runEngram(['--json', '--project', project.root, '--data-dir', project.dataDir, 'memory', 'search', 'preview port']);
    expect(JSON.parse(search.stdout)[0]).toMatchObject({ id });
  });
});
