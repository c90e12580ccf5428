import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestText } from '../../helpers/scriptedModel';
import { eventsOf, newProject, runAgentCli } from '../../helpers/agentCli';
import { bigFile, isWriterRequest, writerReply } from './continuityHarness';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

const FACT = 'deploy flag --canary-weight=17 on port 8443';

describe('resuming a long session in a new process', () => {
  it('starts from system + memory + checkpoint + tail, not from the whole history', async () => {
    const files: Record<string, string> = {};
    for (const name of ['a', 'b', 'c', 'd']) files[`data/${name}.txt`] = bigFile(`FILE_${name.toUpperCase()}`, 300);
    const project = newProject(files);
    let main = 0;
    const model = await scripted.start((request) => {
      if (isWriterRequest(request)) return writerReply(request, 'canary-weight');
      main++;
      if (main <= 4) return { toolCalls: [{ name: 'read', arguments: { file_path: `data/${'abcd'[main - 1]}.txt` } }] };
      return { text: 'Read them.' };
    });
    // First process: a large window, so no threshold is reached (about 19k tokens of history).
    const first = await runAgentCli(project, model, [`Read the files in data/. Remember: ${FACT}`]);
    expect(first.code).toBe(0);
    expect(eventsOf(first.events, 'checkpoint')).toEqual([]);
    const sessionId = eventsOf(first.events, 'session')[0].sessionId as string;
    const historyRequest = requestText(model.requests.at(-1)!);
    expect(historyRequest).toContain('FILE_A 299');

    // A new process, days later, with the model's real 30k window: the history is over the top.
    const seen = model.requests.length;
    model.setScript((request) => (isWriterRequest(request) ? writerReply(request, 'canary-weight') : { text: 'Continuing.' }));
    const second = await runAgentCli(project, model, ['--session', sessionId, 'now summarise what you read'], { ENGRAM_CONTEXT_WINDOW: '30000' });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(eventsOf(second.events, 'rebuild')).toEqual([expect.objectContaining({ reason: 'resume', checkpoint: true })]);

    const fresh = model.requests.slice(seen);
    // The writer saw the whole history (no checkpoint before), then the agent got the reconstruction.
    expect(fresh.map(isWriterRequest)).toEqual([true, false]);
    expect(requestText(fresh[0])).toContain('FILE_A 1 ');
    const resumed = fresh[1];
    const text = requestText(resumed);
    expect(text).toContain('# Context rebuilt');
    expect(text).toContain(FACT);
    expect(text).not.toContain('FILE_A 299');
    expect(resumed.body.messages.length).toBeLessThan(model.requests[seen - 1].body.messages.length);
    expect(resumed.body.messages.at(-1)).toMatchObject({ role: 'user', content: 'now summarise what you read' });
    expect(fs.existsSync(path.join(project.root, '.engram', 'sessions', sessionId, 'checkpoint.md'))).toBe(true);

    // A third process continues from the same reconstruction (stored), without rebuilding again.
    const seen2 = model.requests.length;
    const third = await runAgentCli(project, model, ['--session', sessionId, 'and the flag?'], { ENGRAM_CONTEXT_WINDOW: '30000' });
    expect(third.code).toBe(0);
    expect(eventsOf(third.events, 'rebuild')).toEqual([]);
    const again = model.requests.slice(seen2).filter((r) => !isWriterRequest(r));
    expect(requestText(again[0])).toContain(FACT);
    expect(requestText(again[0])).not.toContain('FILE_A 299');
    expect(again[0].body.messages.at(-1)).toMatchObject({ role: 'user', content: 'and the flag?' });
  });
});
