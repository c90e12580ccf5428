import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { ENGRAM_BIN } from '../../helpers/cli';
import { requestText } from '../../helpers/scriptedModel';
import { eventsOf, newProject, parseEvents, runAgentCli, toolMessages, type RunEvent } from '../../helpers/agentCli';
import { processAlive as alive } from '../../helpers/processAlive';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

describe('engram run: failures, retries and cancel', () => {
  it('retries after a 429 and then answers', async () => {
    const project = newProject();
    const model = await scripted.start([{ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, { text: 'made it' }]);
    const run = await runAgentCli(project, model, ['hello']);
    expect(run.code).toBe(0);
    expect(eventsOf(run.events, 'retry').map((e) => e.message)).toEqual([
      expect.stringContaining('HTTP 429'),
      expect.stringContaining('HTTP 503'),
    ]);
    expect(eventsOf(run.events, 'text').map((e) => e.text).join('')).toBe('made it');
    expect(model.requests).toHaveLength(3);
  });

  it('gives up on a client error without retrying, exits 1 with the reason, and keeps the session', async () => {
    const project = newProject();
    const model = await scripted.start([{ status: 400 }]);
    const run = await runAgentCli(project, model, ['hello']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HTTP 400');
    expect(model.requests).toHaveLength(1);
    expect(run.events.at(-1)).toMatchObject({ type: 'done', error: expect.stringContaining('HTTP 400') });
  });

  it('reports malformed tool-call JSON to the model as an error and carries on', async () => {
    const project = newProject({ 'a.txt': 'alpha\n' });
    const model = await scripted.start([
      { toolCalls: [{ name: 'read', arguments: '{"file_path": "a.txt", ' }] },
      { toolCalls: [{ name: 'read', arguments: { file_path: 'a.txt' } }] },
      { text: 'recovered' },
    ]);
    const run = await runAgentCli(project, model, ['read a']);
    expect(run.code).toBe(0);
    expect(eventsOf(run.events, 'tool_result').map((e) => e.status)).toEqual(['error', 'ok']);
    const reported = JSON.stringify(toolMessages(model, 1));
    expect(reported).toContain('arguments for read could not be used');
    expect(JSON.stringify(toolMessages(model, 2).at(-1))).toContain('alpha');
    expect(run.events.at(-1)).toMatchObject({ type: 'done', error: null });
  });

  it('cancel mid-tool stops the command and its children, and the session continues consistently', async () => {
    const project = newProject();
    const model = await scripted.start([
      { text: 'Starting a long job.', toolCalls: [{ name: 'bash', arguments: { command: 'echo $$ > pid.txt; sleep 60; echo finished > done.txt' } }] },
      { text: 'should not be asked' },
    ]);
    const child = spawn(
      process.execPath,
      [ENGRAM_BIN, '--json', '--project', project.root, '--data-dir', project.dataDir, 'run', '--yes', 'long job'],
      { env: { ...process.env, ...model.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const pidFile = path.join(project.root, 'pid.txt');
    await new Promise<void>((resolve) => {
      const rl = readline.createInterface({ input: child.stdout });
      rl.on('line', (line) => {
        stdout += line + '\n';
        if ((JSON.parse(line) as RunEvent).type !== 'tool_call') return;
        // The shell writes its pid first thing; signal once it is surely sleeping.
        const wait = setInterval(() => {
          if (fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim()) {
            clearInterval(wait);
            child.kill('SIGINT');
            resolve();
          }
        }, 20);
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const events = parseEvents(stdout);
    expect(code).toBe(1);
    expect(stderr).toContain('cancelled');
    expect(eventsOf(events, 'tool_result')[0]).toMatchObject({ tool: 'bash', status: 'cancelled' });
    expect(events.at(-1)).toMatchObject({ type: 'done', cancelled: true });
    const shellPid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(alive(shellPid)).toBe(false);
    expect(fs.existsSync(path.join(project.root, 'done.txt'))).toBe(false);
    expect(model.requests).toHaveLength(1);

    // Continue the same session by id: the history is whole (the call has its result).
    const sessionId = eventsOf(events, 'session')[0].sessionId as string;
    model.setScript(() => ({ text: 'resumed' }));
    const again = await runAgentCli(project, model, ['--session', sessionId, 'what happened?']);
    expect(again.code).toBe(0);
    const msgs = model.requests[1].body.messages;
    const assistant = msgs.find((m) => m.role === 'assistant' && m.tool_calls?.length);
    const result = msgs.find((m) => m.role === 'tool');
    expect(result?.tool_call_id).toBe(assistant?.tool_calls?.[0].id);
    expect(requestText(model.requests[1])).toContain('cancelled by the user');
  });
});
