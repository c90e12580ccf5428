import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import { openDatabase } from '../../../main/db/database';
import { DreamStore } from '../../../main/dream/dreamStore';
import type { ApiEvents } from '../../../contract';
import { plantedRepo } from './gitRepo';

let host: Host | null = null;
afterEach(() => {
  host?.close();
  host = null;
});

function nextEvent<E extends keyof ApiEvents>(h: Host, name: E, match: (p: ApiEvents[E]) => boolean): Promise<ApiEvents[E]> {
  return new Promise((resolve) => {
    const off = h.events.on(name, (payload) => {
      if (!match(payload)) return;
      off();
      resolve(payload);
    });
  });
}

async function call(h: Host, method: string, params: unknown): Promise<any> {
  const answer = await h.handle(method, params);
  if ('error' in answer) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.result;
}

describe('dreams through the Host API', () => {
  it('runs an overdue dream when the host starts, and not one that is not due', async () => {
    const { root, dataDir } = plantedRepo();
    // First host: opens the project, which starts its schedule now: nothing is due yet.
    host = new Host({ dataDir, shell: 'browser', env: {} });
    const project = host.workbench.open(root);
    const list = await call(host, 'dreams.list', { projectId: project.id });
    expect(list.dreams).toEqual([]);
    expect(Date.parse(list.nextRunAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    host.close();

    // Eight days later (the schedule's start moved back), a new host finds the dream overdue.
    const db = openDatabase(dataDir);
    db.prepare(`UPDATE dream_schedule SET since = ? WHERE project = ?`).run(new Date(Date.now() - 8 * 86_400_000).toISOString(), fs.realpathSync(root));
    db.close();
    host = new Host({ dataDir, shell: 'browser', env: {} });
    const changed = await nextEvent(host, 'dreams.changed', (e) => e.projectId === project.id && e.dreams.length > 0);
    expect(changed.dreams[0]).toMatchObject({ merged: 3, pathsFixed: 1, pathsFlagged: 1, status: 'done' });
    expect(Date.parse(changed.nextRunAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8')).toContain('src/parsing/parser.ts');
  });

  it('Dream now, progress, diff and revert; a dream held elsewhere answers busy', async () => {
    const { root, dataDir, memory } = plantedRepo();
    host = new Host({ dataDir, shell: 'browser', env: {} });
    const project = host.workbench.open(root);
    const steps: string[] = [];
    host.events.on('dreams.progress', (e) => steps.push(e.step));
    const figures = await call(host, 'dreams.run', { projectId: project.id, noLlm: true });
    expect(figures).toMatchObject({ merged: 3, pathsFixed: 1, pathsFlagged: 1 });
    expect(steps).toContain('repository');
    expect(steps.at(-1)).toBe('done');

    const diff = await call(host, 'dreams.diff', { projectId: project.id, id: figures.id });
    expect(diff.files.map((f: { path: string }) => f.path)).toEqual(['.engram/MEMORY.md']);
    expect(diff.files[0].patch).toContain('+- The parser lives in src/parsing/parser.ts');

    const reverted = await call(host, 'dreams.revert', { projectId: project.id, id: figures.id });
    expect(reverted).toEqual({ reverted: figures.id });
    expect(fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8')).toBe(memory);
    expect(new DreamStore(host.db).list(fs.realpathSync(root))[0].status).toBe('reverted');

    fs.writeFileSync(path.join(root, '.engram/dreams/.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() }));
    await expect(call(host, 'dreams.run', { projectId: project.id })).rejects.toMatchObject({ code: 'busy' });
    await expect(call(host, 'dreams.diff', { projectId: project.id, id: 'nope' })).rejects.toThrow(/no dream nope/);
    await expect(call(host, 'dreams.list', { projectId: 'p-unknown' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('Cancel stops a running dream: nothing written, no dream in history, the lock released', async () => {
    const { root, dataDir, memory } = plantedRepo();
    host = new Host({ dataDir, shell: 'browser', env: {} });
    const project = host.workbench.open(root);
    expect(await call(host, 'dreams.cancel', { projectId: project.id })).toEqual({ cancelled: false });

    const answers: Promise<unknown>[] = [];
    const off = host.events.on('dreams.progress', (e) => {
      if (e.projectId === project.id && e.step === 'repository') answers.push(call(host!, 'dreams.cancel', { projectId: project.id }));
    });
    const run = call(host, 'dreams.run', { projectId: project.id, noLlm: true });
    await expect(run).rejects.toThrow(/stopped; nothing was written/);
    off();
    expect(await Promise.all(answers)).toEqual([{ cancelled: true }]);
    expect(fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8')).toBe(memory);
    const list = await call(host, 'dreams.list', { projectId: project.id });
    expect(list).toMatchObject({ dreams: [], running: false });

    // The next dream runs normally: the cancelled one left no lock behind.
    expect(await call(host, 'dreams.run', { projectId: project.id, noLlm: true })).toMatchObject({ merged: 3 });
    await expect(call(host, 'dreams.cancel', { projectId: 'p-unknown' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
