import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, it } from 'vitest';
import { newGitProject } from '../test/helpers/gitProject';
import { startScriptedModel, type RecordedRequest, type ScriptedModel } from '../test/helpers/scriptedModel';
import { startServe, type Served } from '../test/helpers/serve';
import { ms, percentile, recordSection, table } from './harness';

const SAMPLES = Number(process.env.ENGRAM_BENCH_AGENT_SAMPLES || 200);
const TITLES = ['Agent one', 'Agent two', 'Agent three', 'Agent four'];
const phase = (name: string) => process.stdout.write(`task agents bench: ${name}\n`);

/** A WebSocket client of `engram serve`: what the window's API calls go through. */
async function connect(served: Served): Promise<{ call(method: string, params: unknown): Promise<unknown>; close(): void }> {
  const ws = new WebSocket(`${served.origin.replace('http', 'ws')}/ws?token=${served.token}`, { headers: { origin: served.origin } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, (v: unknown) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (typeof msg.id === 'number') waiting.get(msg.id)?.(msg);
  });
  return {
    call: (method, params) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/**
 * How responsive the window stays while task agents work: the round trip of a small API call
 * (`tasks.list`, what the board does on every push) with no agent, one agent and four agents
 * streaming text and writing files in their worktrees. Compared with the idle baseline of the
 * same run.
 */
describe('task agents: responsiveness while they run', () => {
  let served: Served | null = null;
  let model: ScriptedModel | null = null;
  afterAll(async () => {
    await served?.stop();
    await model?.close();
  });

  it('measures API round trips with 0, 1 and 4 agents at work', async () => {
    const project = newGitProject();
    const ids: string[] = [];
    for (const t of TITLES) ids.push((await project.engramJson<{ id: string }>(['task', 'add', t])).id);
    // Enough steps to keep working through the measurement.
    fs.writeFileSync(path.join(project.dataDir, 'config.json'), JSON.stringify({ maxSteps: 500 }));
    let working = true;
    // A fast real model answers a step in a few hundred ms; the last row floods with 5 ms steps.
    let delayMs = 400;
    const counter = new Map<string, number>();
    model = await startScriptedModel((request: RecordedRequest) => {
      const first = String(request.body.messages.find((m) => m.role === 'user')?.content ?? '');
      const title = TITLES.find((t) => first.includes(`Task: ${t}`)) ?? 'other';
      const n = (counter.get(title) ?? 0) + 1;
      counter.set(title, n);
      if (!working) return { text: 'Stopping here.' };
      const slug = title.split(' ')[1];
      return {
        text: `Step ${n}: ${'working through the change, '.repeat(60)}`,
        toolCalls: [{ name: 'write', arguments: { file_path: `${slug}/step-${n % 20}.txt`, content: `${'line\n'.repeat(200)}` } }],
        delayMs,
      };
    });
    served = await startServe(['--data-dir', project.dataDir, '--project', project.root], model.env);
    const api = await connect(served);
    const state = (await api.call('workbench.state', {})) as { result: { projects: Array<{ id: string }> } };
    const projectId = state.result.projects[0].id;

    const sample = async (): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const t0 = performance.now();
        await api.call('tasks.list', { projectId });
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
      return times;
    };
    const start = async (id: string) => {
      const r = (await api.call('worktrees.start', { projectId, taskId: id })) as { error?: { message: string } };
      if (r.error) throw new Error(r.error.message);
    };

    phase('idle');
    const idle = await sample();
    phase('one agent');
    await start(ids[0]);
    const one = await sample();
    phase('four agents');
    for (const id of ids.slice(1)) await start(id);
    const four = await sample();
    phase('four agents, flooding');
    delayMs = 5;
    const flood = await sample();
    working = false;
    const steps = [...counter.values()].reduce((a, b) => a + b, 0);
    api.close();

    const base = percentile(idle, 50);
    const row = (name: string, v: number[]) => [name, ms(percentile(v, 50)), ms(percentile(v, 95)), `${(percentile(v, 50) / base).toFixed(2)}×`];
    recordSection(
      'task-agents',
      'Task agents: the window while four run',
      [
        `Round trip of \`tasks.list\` over the WebSocket API (${SAMPLES} sequential calls per row) while task agents stream`,
        `text and write files in their own worktrees (scripted model on 127.0.0.1, ${steps} model steps served in all;`,
        'each step streams ~1.6 KB of text and writes a 1 KB file).',
        '',
        table(
          ['agents at work', 'p50', 'p95', 'p50 vs idle'],
          [row('none (baseline)', idle), row('one, 400 ms per model step', one), row('four, 400 ms per model step', four), row('four, 5 ms per step (stress)', flood)],
        ),
        '',
        "Agent loops run on the host's main thread: a flood of model steps (far faster than any real model) slows API answers;",
        'terminal bytes do not wait for it (they flow through the PTY host process, see the terminal section).',
      ].join('\n'),
    );
  });
});
