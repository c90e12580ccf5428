import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, AgentSessionSummary, Project, UsageReport } from '../../../contract';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import { runEngram } from '../../helpers/cli';
import type { Host } from '../../../main/core/host';
import { ok, useHost } from '../../helpers/hostFixture';
import { tempDir } from '../../helpers/tempDir';

const scripted = useScriptedModel();
const hosts = useHost();

async function run(h: Host, projectId: string, text: string): Promise<Extract<AgentEvent, { type: 'done' }>> {
  const done = new Promise<Extract<AgentEvent, { type: 'done' }>>((resolve) => {
    const off = h.events.on('agent.event', ({ event }) => {
      if (event.type === 'done') {
        off();
        resolve(event);
      }
    });
  });
  await ok(h, 'agent.send', { projectId, text });
  const event = await done;
  // The run is over for the host once its status says so (the next send is accepted then).
  while ((await ok<{ runningSessionId: string | null }>(h, 'agent.status', { projectId })).runningSessionId) await new Promise((r) => setTimeout(r, 10));
  return event;
}

describe('usage and cost', () => {
  it('stores each request\'s tokens as the provider reported them, prices them from the catalog, and reports per project and day', async () => {
    const model = await scripted.start([
      { text: 'First.', usage: { prompt_tokens: 1000, completion_tokens: 20, cache_read: 600, cache_write: 100 } },
      { text: 'Second.', usage: { prompt_tokens: 1100, completion_tokens: 12, cache_read: 900 } },
      { text: 'Unpriced.', usage: { prompt_tokens: 500, completion_tokens: 5 } },
    ]);
    const dataDir = tempDir();
    const shop = tempDir();
    const blog = tempDir();
    let host = hosts.start({ dataDir, env: { ...model.envFor('anthropic', 'claude-sonnet-4-20250514'), ENGRAM_KEY_STORAGE: 'file' } });
    const p1 = await ok<Project>(host, 'projects.open', { path: shop });
    const first = await run(host, p1.id, 'one');
    // claude-sonnet-4 in the catalog: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million.
    // 300 uncached × 3 + 600 × 0.3 + 100 × 3.75 + 20 × 15 = 1,755 millionths of a dollar.
    expect(first.usage).toMatchObject({ inputTokens: 1000, outputTokens: 20, cacheReadTokens: 600, cacheWriteTokens: 100, cost: expect.closeTo(0.001755, 9) });
    await run(host, p1.id, 'two');
    const [session] = await ok<AgentSessionSummary[]>(host, 'sessions.list', { projectId: p1.id });
    expect(session).toMatchObject({ cacheReadTokens: 900, cost: expect.closeTo(0.00105, 9) });

    // Another project, on a model the catalog does not price.
    host.close();
    host = hosts.start({ dataDir, env: { ...model.envFor('openai-compatible', 'local-model'), ENGRAM_KEY_STORAGE: 'file' } });
    const p2 = await ok<Project>(host, 'projects.open', { path: blog });
    expect((await run(host, p2.id, 'three')).usage.cost).toBe(0);

    const report = await ok<UsageReport>(host, 'usage.report', { sinceDays: 7 });
    expect(report.days).toHaveLength(7);
    expect(report.totals).toMatchObject({ requests: 3, inputTokens: 2600, outputTokens: 37, cacheReadTokens: 1500, cacheWriteTokens: 100, unpricedRequests: 1 });
    expect(report.totals.cost).toBeCloseTo(0.002805, 9);
    expect(report.projects.map((p) => [p.projectPath, p.requests])).toEqual([[shop, 2], [blog, 1]]);
    expect(report.days.at(-1)!.cost).toBeCloseTo(0.002805, 9);
    expect((await ok<UsageReport>(host, 'usage.report', { projectId: p2.id })).totals.requests).toBe(1);

    // Deleting a session keeps what it cost.
    await ok(host, 'sessions.delete', { id: session.id });
    expect((await ok<UsageReport>(host, 'usage.report', {})).totals.requests).toBe(3);
    host.close();

    const cli = await runEngram(['--data-dir', dataDir, '--json', 'usage', '--since', '1']);
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout);
    expect(json).toMatchObject({ inputTokens: 2600, outputTokens: 37, cost: expect.closeTo(0.002805, 9), requests: 3, unpricedRequests: 1 });
    expect(json.models.map((m: { provider: string; model: string; requests: number }) => [m.provider, m.model, m.requests])).toEqual([
      ['anthropic', 'claude-sonnet-4-20250514', 2],
      ['openai-compatible', 'local-model', 1],
    ]);
    const human = await runEngram(['--data-dir', dataDir, 'usage']);
    expect(human.stdout).toContain(shop);
    expect(human.stdout).toMatch(/Total since \d{4}-\d\d-\d\d: \$0\.0028, 3 requests, 2,600 in \/ 37 out tokens \(1 request to models without a known price not counted\)\./);
    expect((await runEngram(['--data-dir', dataDir, 'usage', '--since', 'x'])).code).toBe(2);

    // --project, as with the other commands: only that project's requests.
    const one = JSON.parse((await runEngram(['--data-dir', dataDir, '--project', blog, '--json', 'usage'])).stdout);
    expect(one).toMatchObject({ requests: 1, inputTokens: 500, outputTokens: 5 });
    expect(one.projects.map((p: { projectPath: string }) => p.projectPath)).toEqual([blog]);
    const none = await runEngram(['--data-dir', dataDir, '--project', tempDir(), 'usage']);
    expect(none.stdout).toMatch(/^No model requests in .+ since \d{4}-\d\d-\d\d\.$/m);
    expect(fs.existsSync(path.join(dataDir, 'engram.db'))).toBe(true);
  });
});
