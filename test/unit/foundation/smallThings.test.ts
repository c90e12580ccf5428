import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import type { MemoryEntryDetail, Project } from '../../../contract';
import { ENGRAM_BIN, runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

async function call<T>(host: Host, method: string, params: unknown): Promise<T> {
  const answer = await host.handle(method, params);
  if ('error' in answer) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

describe('small things a new user hit', () => {
  let host: Host | undefined;
  const log: string[] = [];
  afterEach(() => {
    host?.close();
    host = undefined;
  });
  const newHost = (dataDir = tempDir()) => (host = new Host({ dataDir, shell: 'browser', log: (l) => log.push(l) }));

  it('a relative project path is refused with what to type, not resolved against the server’s folder', async () => {
    const h = newHost();
    const answer = await h.handle('projects.open', { path: 'my-repo' });
    expect(answer).toMatchObject({ error: { code: 'invalid_request' } });
    const message = (answer as { error: { message: string } }).error.message;
    expect(message).toContain('full path');
    expect(message).toContain('~/my-repo');
    expect(message).not.toContain(process.cwd());
  });

  it('an entry added with the CLI says who added it, and when', async () => {
    const dataDir = tempDir();
    const root = tempDir();
    const added = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'memory', 'add', '--kind', 'decisions', '--text', 'We ship on Tuesdays']);
    const { id } = JSON.parse(added.stdout);
    const h = newHost(dataDir);
    const project = await call<Project>(h, 'projects.open', { path: root });
    const entry = await call<MemoryEntryDetail>(h, 'memory.entry', { projectId: project.id, id });
    expect(entry.source).toBeNull();
    expect(entry.addedBy).toMatchObject({ actor: 'cli', at: expect.stringMatching(/^\d{4}-/) });
  });

  it('CLI writes while the window watches never fail its re-indexing', async () => {
    const dataDir = tempDir();
    const root = tempDir();
    const h = newHost(dataDir);
    const project = await call<Project>(h, 'projects.open', { path: root });
    await call(h, 'memory.timeline', { projectId: project.id });
    await new Promise((r) => setTimeout(r, 500));
    log.length = 0;
    // Eight CLIs at once, each adding entries while the host's watcher re-indexes behind them.
    const runs = Array.from({ length: 8 }, (_, i) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [ENGRAM_BIN, '--project', root, '--data-dir', dataDir, 'memory', 'add', '--kind', 'knowledge', '--text', `Parallel fact ${i}`]);
        child.on('close', resolve);
      }),
    );
    expect(await Promise.all(runs)).toEqual(Array(8).fill(0));
    await new Promise((r) => setTimeout(r, 1500));
    expect(log.filter((l) => /failed/.test(l)).join('\n')).toBe('');
    const timeline = await call<{ total: number; events: { type: string; actor: string; text: string }[] }>(h, 'memory.timeline', { projectId: project.id });
    expect(timeline.events.map((e) => `${e.type} ${e.actor} ${e.text}`).sort().join('\n')).toBe(
      Array.from({ length: 8 }, (_, i) => `added cli Parallel fact ${i}`).sort().join('\n'),
    );
  });
});
