import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestText } from '../../helpers/scriptedModel';
import { eventsOf, newProject, runAgentCli } from '../../helpers/agentCli';
import { bigFile, isWriterRequest, writerReply } from './continuityHarness';
import { runEngram } from '../../helpers/cli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

const SECTIONS = ['Active intent', 'Done', 'In progress', 'Next steps', 'Decisions', 'Files touched', 'Open questions', 'Exact values'];
// An exact value with no secret in it: a password would be redacted from the checkpoint.
const FACT = 'STAGING_DSN=postgres://ci@127.0.0.1:54329/app?sslmode=disable';

describe('checkpoints and the context rebuild in a small window', () => {
  it('writes checkpoints in the background as the context grows, rebuilds at the top threshold, and the early fact survives', async () => {
    const files: Record<string, string> = {};
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) files[`data/${name}.txt`] = bigFile(`FILE_${name.toUpperCase()}`, 300);
    const project = newProject(files);
    let mainRequests = 0;
    const model = await scripted.start((request) => {
      if (isWriterRequest(request)) return writerReply(request, 'STAGING_DSN');
      mainRequests++;
      if (mainRequests <= 6) return { toolCalls: [{ name: 'read', arguments: { file_path: `data/${'abcdef'[mainRequests - 1]}.txt` } }] };
      return { text: 'All six files read.' };
    });
    // 30k window, 3k output reserve: thresholds 5400 / 10800 / 16200 and the rebuild at 17000.
    const run = await runAgentCli(project, model, [`Read the six files in data/. Keep this: ${FACT}`], { ENGRAM_CONTEXT_WINDOW: '30000' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.events.at(-1)).toMatchObject({ type: 'done', error: null });

    const written = eventsOf(run.events, 'checkpoint').filter((e) => e.status === 'written');
    expect(written.length).toBeGreaterThanOrEqual(2);
    const rebuilds = eventsOf(run.events, 'rebuild');
    expect(rebuilds.length).toBeGreaterThanOrEqual(1);
    expect(rebuilds[0]).toMatchObject({ reason: 'threshold', threshold: 17_000, checkpoint: true });
    expect(rebuilds[0].afterTokens as number).toBeLessThan(rebuilds[0].contextTokens as number);

    // The checkpoint file: every section, in order, with the fact copied verbatim.
    const sessionId = eventsOf(run.events, 'session')[0].sessionId as string;
    const file = path.join(project.root, '.engram', 'sessions', sessionId, 'checkpoint.md');
    expect(written.at(-1)!.path).toBe(file);
    const checkpoint = fs.readFileSync(file, 'utf8');
    const headings = checkpoint.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    expect(headings).toEqual(SECTIONS);
    expect(checkpoint).toContain(FACT);

    // Every request counts in the usage, the checkpoint writer's included.
    const usage = JSON.parse((await runEngram(['--json', '--data-dir', project.dataDir, 'usage'])).stdout);
    expect(usage.requests).toBe(model.requests.length);
    expect(model.requests.filter(isWriterRequest).length).toBeGreaterThanOrEqual(2);

    // The first request after the rebuild: the note, the fact (through the checkpoint), the
    // kept tail, and not the first file's contents, which only the full history had.
    const main = model.requests.filter((r) => !isWriterRequest(r));
    const firstRebuilt = main.findIndex((r) => requestText(r).includes('# Context rebuilt'));
    expect(firstRebuilt).toBeGreaterThan(0);
    const before = requestText(main[firstRebuilt - 1]);
    const after = requestText(main[firstRebuilt]);
    expect(before).toContain('FILE_A 299');
    expect(after).toContain(FACT);
    expect(after).not.toContain('FILE_A 299');
    expect(after.length).toBeLessThan(before.length);
    // A tool call and its result stay together; the user request leads the tail.
    const msgs = main[firstRebuilt].body.messages;
    expect(msgs[1].role).toBe('user');
    for (const [i, m] of msgs.entries()) {
      if (m.role === 'tool') expect(msgs.slice(0, i).some((p) => p.tool_calls?.some((c) => c.id === m.tool_call_id))).toBe(true);
    }
    // Every later request keeps the rebuilt shape (the fact stays, the early file stays out).
    for (const r of main.slice(firstRebuilt)) {
      expect(requestText(r)).toContain(FACT);
      expect(requestText(r)).not.toContain('FILE_A 299');
    }

    // The writer saw only messages after its watermark: the last writer did not get file A again.
    const writers = model.requests.filter(isWriterRequest);
    expect(requestText(writers[0])).toContain('FILE_A 1 ');
    expect(requestText(writers.at(-1)!)).not.toContain('FILE_A 1 ');
  });

  it('rejects a writer answer that is not a checkpoint and writes nothing; the run goes on', async () => {
    const project = newProject({ 'data/a.txt': bigFile('FILE_A', 300), 'data/b.txt': bigFile('FILE_B', 300) });
    let main = 0;
    const model = await scripted.start((request) => {
      if (isWriterRequest(request)) return { text: 'Sure! Here is a summary: you read some files.' };
      main++;
      if (main <= 2) return { toolCalls: [{ name: 'read', arguments: { file_path: `data/${'ab'[main - 1]}.txt` } }] };
      return { text: 'Done.' };
    });
    fs.mkdirSync(path.join(project.root, '.engram'), { recursive: true });
    fs.writeFileSync(path.join(project.root, '.engram', 'config.json'), JSON.stringify({ checkpoints: { thresholds: [3000, 90000] } }));
    const run = await runAgentCli(project, model, ['read both files']);
    expect(run.code).toBe(0);
    const statuses = eventsOf(run.events, 'checkpoint').map((e) => e.status);
    expect(statuses).toEqual(['started', 'failed']);
    const sessionId = eventsOf(run.events, 'session')[0].sessionId as string;
    expect(fs.existsSync(path.join(project.root, '.engram', 'sessions', sessionId, 'checkpoint.md'))).toBe(false);
    expect(run.events.at(-1)).toMatchObject({ type: 'done', error: null, text: 'Done.' });
  });
});
