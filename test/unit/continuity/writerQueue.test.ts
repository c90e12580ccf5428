import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestText } from '../../helpers/scriptedModel';
import { eventsOf, newProject, runAgentCli } from '../../helpers/agentCli';
import { bigFile, isWriterRequest, writerReply } from './continuityHarness';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

describe('the checkpoint writer queue of a session', () => {
  it('runs one writer, queues one request, and a newer request replaces the waiting one', async () => {
    const files: Record<string, string> = {};
    for (const name of ['a', 'b', 'c']) files[`data/${name}.txt`] = bigFile(`FILE_${name.toUpperCase()}`, 130);
    const project = newProject(files);
    // Thresholds a file apart (each file is about 2k tokens), the rebuild far away.
    fs.mkdirSync(path.join(project.root, '.engram'), { recursive: true });
    fs.writeFileSync(path.join(project.root, '.engram', 'config.json'), JSON.stringify({ checkpoints: { thresholds: [1_500, 3_500, 5_500, 100_000] } }));

    // The first writer is held until the agent has crossed two more thresholds (its 4th request).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let main = 0;
    let writers = 0;
    const model = await scripted.start((request) => {
      if (isWriterRequest(request)) {
        writers++;
        return writerReply(request, 'NEVER_PRESENT', writers === 1 ? { waitFor: held } : {});
      }
      main++;
      if (main === 4) release();
      if (main <= 3) return { toolCalls: [{ name: 'read', arguments: { file_path: `data/${'abc'[main - 1]}.txt` } }] };
      return { text: 'Read all three.' };
    });
    const run = await runAgentCli(project, model, ['read the three files']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const checkpoints = eventsOf(run.events, 'checkpoint').map((e) => `${e.status}@${e.threshold}`);
    expect(checkpoints).toEqual([
      'started@1500',
      'queued@3500',
      'replaced@3500',
      'queued@5500',
      'written@1500',
      'started@5500',
      'written@5500',
    ]);
    // Two writers in all; the second saw only what came after the first one's watermark.
    const writerRequests = model.requests.filter(isWriterRequest);
    expect(writerRequests).toHaveLength(2);
    expect(requestText(writerRequests[0])).toContain('FILE_A 1 ');
    expect(requestText(writerRequests[0])).not.toContain('FILE_B 1 ');
    expect(requestText(writerRequests[1])).not.toContain('FILE_A 1 ');
    expect(requestText(writerRequests[1])).toContain('FILE_C 1 ');
    // `done` comes last, after the background writer finished.
    expect(run.events.at(-1)).toMatchObject({ type: 'done', error: null });
  });
});
