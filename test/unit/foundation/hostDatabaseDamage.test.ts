import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runEngram } from '../../helpers/cli';
import { damageOpenDatabase } from '../../helpers/corruptDatabase';
import { startServe, type Served } from '../../helpers/serve';
import { tempDir } from '../../helpers/tempDir';

/** A WebSocket client of `engram serve` that keeps every event it was sent. */
async function client(served: Served) {
  const ws = new WebSocket(`${served.origin.replace('http', 'ws')}/ws?token=${served.token}`, { origin: served.origin });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const events: Array<{ event: string; payload: Record<string, unknown> }> = [];
  const pending = new Map<number, (msg: Record<string, unknown>) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if ('event' in msg) events.push(msg);
    else pending.get(msg.id)?.(msg);
  });
  let next = 1;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<{ result?: any; error?: { code: string; message: string } }>((resolve) => {
      const id = next++;
      pending.set(id, resolve as (msg: Record<string, unknown>) => void);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { ws, events, call };
}

let served: Served | null = null;
afterEach(async () => {
  await served?.stop();
  served = null;
});


describe('engram.db damaged while `engram serve` runs', () => {
  it('is moved aside and rebuilt from the files without a restart; the request is answered and nothing in the files is lost', async () => {
    const project = tempDir('engram-damage-project-');
    const dataDir = tempDir('engram-damage-data-');
    for (const text of ['The deploy script lives in ops/deploy.sh', 'Payments retry three times before failing', 'The okapi cache expires hourly']) {
      const r = await runEngram(['--project', project, '--data-dir', dataDir, 'memory', 'add', '--kind', 'knowledge', '--text', text], { cwd: project });
      expect(r.code, r.stderr).toBe(0);
    }
    const memoryBefore = fs.readFileSync(path.join(project, '.engram', 'MEMORY.md'), 'utf8');
    served = await startServe(['--data-dir', dataDir, '--project', project]);
    const api = await client(served);
    const state = (await api.call('workbench.state')).result;
    const projectId = state.projects[0].id as string;
    expect((await api.call('memory.search', { projectId, query: 'okapi' })).result.hits[0].text).toBe('The okapi cache expires hourly');

    damageOpenDatabase(dataDir);
    const after = await api.call('memory.search', { projectId, query: 'okapi' });
    expect(after.error).toBeUndefined();
    expect(after.result.hits[0].text).toBe('The okapi cache expires hourly');

    // Said once, in one line, and as a notice the window shows.
    expect(served.stderr().match(/moved it to/g)).toHaveLength(1);
    const notice = api.events.find((e) => e.event === 'app.notice');
    expect(notice?.payload).toMatchObject({ kind: 'database-rebuilt' });
    expect(String(notice?.payload.message)).toMatch(/rebuilt from your projects' files/);
    expect(fs.readdirSync(dataDir).filter((f) => /^engram\.db\.corrupt-[^-]/.test(f) && !/-(wal|shm)$/.test(f))).toHaveLength(1);

    // The same project (same id) is open, everything else answers, and the files are as they were.
    expect((await api.call('workbench.state')).result.projects.map((p: { id: string }) => p.id)).toEqual([projectId]);
    expect((await api.call('memory.search', { projectId, query: 'payments retry' })).result.hits[0].text).toBe('Payments retry three times before failing');
    const created = await api.call('tasks.create', { projectId, title: 'Check the rebuilt index' });
    expect(created.error).toBeUndefined();
    expect((await api.call('tasks.list', { projectId })).result.tasks.map((t: { title: string }) => t.title)).toContain('Check the rebuilt index');
    expect(fs.readFileSync(path.join(project, '.engram', 'MEMORY.md'), 'utf8')).toBe(memoryBefore);
    api.ws.close();
  }, 60_000);
});
