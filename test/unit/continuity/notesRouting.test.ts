import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { eventsOf, newProject, runAgentCli } from '../../helpers/agentCli';
import { bigFile, isWriterRequest, writerReply } from './continuityHarness';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

describe("routing a session's notes", () => {
  it('puts a durable note into MEMORY.md through the engine (an event with the session) and the rest into the checkpoint', async () => {
    const project = newProject({ 'data/a.txt': bigFile('FILE_A', 200) });
    fs.mkdirSync(path.join(project.root, '.engram'), { recursive: true });
    fs.writeFileSync(path.join(project.root, '.engram', 'config.json'), JSON.stringify({ checkpoints: { thresholds: [2_000, 90_000] } }));
    let main = 0;
    let writerPrompt = '';
    const model = await scripted.start((request) => {
      if (isWriterRequest(request)) {
        writerPrompt = JSON.stringify(request.body.messages);
        const reply = writerReply(request, 'NEVER_PRESENT');
        return {
          text: `${reply.text}\n- half-done: retry loop in src/net.ts\n\n## To memory\n- [gotchas] Integration tests need REDIS_URL=redis://127.0.0.1:6380 set\n- [nonsense] ignored kind`,
        };
      }
      main++;
      if (main === 1) return { toolCalls: [{ name: 'note', arguments: { text: 'Integration tests need REDIS_URL=redis://127.0.0.1:6380 set' } }] };
      if (main === 2) return { toolCalls: [{ name: 'note', arguments: { text: 'half-done: retry loop in src/net.ts' } }] };
      if (main === 3) return { toolCalls: [{ name: 'read', arguments: { file_path: 'data/a.txt' } }] };
      return { text: 'Done.' };
    });
    const run = await runAgentCli(project, model, ['look around']);
    expect(run.code).toBe(0);
    const sessionId = eventsOf(run.events, 'session')[0].sessionId as string;
    expect(eventsOf(run.events, 'checkpoint').at(-1)).toMatchObject({ status: 'written', promoted: 1 });
    expect(writerPrompt).toContain('New notes of this session');
    expect(writerPrompt).toContain('half-done: retry loop');

    const memory = fs.readFileSync(path.join(project.root, '.engram', 'MEMORY.md'), 'utf8');
    expect(memory).toMatch(new RegExp(`## Gotchas\\n- Integration tests need REDIS_URL=redis://127.0.0.1:6380 set <!-- id:\\w+ at:[\\d-]+ src:${sessionId}`));
    expect(memory).not.toContain('ignored kind');
    const checkpoint = fs.readFileSync(path.join(project.root, '.engram', 'sessions', sessionId, 'checkpoint.md'), 'utf8');
    expect(checkpoint).toContain('half-done: retry loop in src/net.ts');
    expect(checkpoint).not.toContain('To memory');

    const timeline = await runEngram(['--json', '--project', project.root, '--data-dir', project.dataDir, 'memory', 'timeline']);
    const events = JSON.parse(timeline.stdout) as Array<{ text: string; session: string | null; actor: string }>;
    expect(events.find((e) => e.text.includes('REDIS_URL'))).toMatchObject({ session: sessionId, actor: 'agent' });
  });
});
