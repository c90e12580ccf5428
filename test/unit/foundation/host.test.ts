import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import { migrations } from '../../../main/db/migrations';
import type { WorkbenchState } from '../../../contract';
import { tempDir } from '../../helpers/tempDir';

function newHost(dataDir = tempDir(), log: string[] = []) {
  return new Host({ dataDir, shell: 'browser', log: (l) => log.push(l) });
}

async function ok<T>(host: Host, method: string, params: unknown): Promise<T> {
  const answer = await host.handle(method, params);
  if ('error' in answer) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

describe('host request boundary', () => {
  it('answers an unknown method with an error instead of throwing', async () => {
    const host = newHost();
    expect(await host.handle('projects.delete_everything', {})).toEqual({
      error: { code: 'unknown_method', message: 'Unknown method: projects.delete_everything' },
    });
    // Inherited object keys are not methods either.
    expect(await host.handle('constructor', {})).toMatchObject({ error: { code: 'unknown_method' } });
    host.close();
  });

  it('rejects invalid params with a readable message', async () => {
    const host = newHost();
    const wrongType = await host.handle('projects.open', { path: 42 });
    expect(wrongType).toMatchObject({ error: { code: 'invalid_request' } });
    expect((wrongType as { error: { message: string } }).error.message).toContain('path');
    expect(await host.handle('projects.open', { path: '   ' })).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringContaining('Enter a folder path') },
    });
    expect(await host.handle('projects.open', { path: '/tmp', extra: true })).toMatchObject({ error: { code: 'invalid_request' } });
    expect(await host.handle('layout.set', { sidebarWidth: 5 })).toMatchObject({ error: { code: 'invalid_request' } });
    expect(await host.handle('app.info', null)).toMatchObject({ result: { name: 'Engram', shell: 'browser' } });
    host.close();
  });

  it('explains a folder that does not exist or is a file, and changes nothing', async () => {
    const host = newHost();
    const dir = tempDir();
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'hello');
    const before = await ok<WorkbenchState>(host, 'workbench.state', {});

    expect(await host.handle('projects.open', { path: path.join(dir, 'missing') })).toEqual({
      error: { code: 'not_found', message: `There is no folder at ${path.join(dir, 'missing')}.` },
    });
    expect(await host.handle('projects.open', { path: file })).toMatchObject({ error: { code: 'not_a_directory' } });
    expect(await ok(host, 'workbench.state', {})).toEqual(before);
    host.close();
  });

  it('refuses to pick a folder where the shell has no dialog', async () => {
    const host = newHost();
    expect(await host.handle('projects.pickFolder', {})).toMatchObject({ error: { code: 'unsupported' } });
    host.close();
  });
});

describe('workbench state', () => {
  it('opens, re-opens, activates and closes projects, emitting every change', async () => {
    const host = newHost();
    const seen: WorkbenchState[] = [];
    host.events.on('workbench.changed', (s) => seen.push(s));
    const a = tempDir('engram-a-');
    const b = tempDir('engram-b-');

    const pa = await ok<{ id: string; path: string; name: string }>(host, 'projects.open', { path: a });
    expect(pa.path).toBe(a);
    expect(pa.name).toBe(path.basename(a));
    const pb = await ok<{ id: string }>(host, 'projects.open', { path: b + '/' });
    const again = await ok<{ id: string }>(host, 'projects.open', { path: a });
    expect(again.id).toBe(pa.id);

    let state = await ok<WorkbenchState>(host, 'workbench.state', {});
    expect(state.projects.map((p) => p.id)).toEqual([pa.id, pb.id]);
    expect(state.activeProjectId).toBe(pa.id);

    await ok(host, 'projects.activate', { id: pb.id });
    await ok(host, 'projects.close', { id: pb.id });
    state = await ok<WorkbenchState>(host, 'workbench.state', {});
    expect(state.projects.map((p) => p.id)).toEqual([pa.id]);
    expect(state.activeProjectId).toBe(pa.id);
    expect(seen.at(-1)).toEqual(state);
    expect(await host.handle('projects.close', { id: pb.id })).toMatchObject({ error: { code: 'not_found' } });
    host.close();
  });

  it('remembers projects, the active project, views and layout across a restart', async () => {
    const dataDir = tempDir();
    const first = newHost(dataDir);
    const a = tempDir();
    const b = tempDir();
    const pa = await ok<{ id: string }>(first, 'projects.open', { path: a });
    await ok(first, 'projects.open', { path: b });
    await ok(first, 'projects.activate', { id: pa.id });
    await ok(first, 'projects.setView', { id: pa.id, view: 'memory' });
    await ok(first, 'layout.set', { sidebarWidth: 300 });
    const before = await ok<WorkbenchState>(first, 'workbench.state', {});
    first.close();

    const second = newHost(dataDir);
    const after = await ok<WorkbenchState>(second, 'workbench.state', {});
    expect(after).toEqual(before);
    expect(after.activeProjectId).toBe(pa.id);
    expect(after.projects.find((p) => p.id === pa.id)?.view).toBe('memory');
    expect(after.layout.sidebarWidth).toBe(300);
    second.close();
  });
});

describe('app database', () => {
  it('applies every numbered migration and records the version', () => {
    const dataDir = tempDir();
    const host = newHost(dataDir);
    expect(host.db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(host.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(host.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    host.close();
    const versions = migrations.map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('moves a corrupt database aside, says so, and starts fresh', () => {
    const dataDir = tempDir();
    const garbage = Buffer.from('this is not an sqlite file '.repeat(200));
    fs.writeFileSync(path.join(dataDir, 'engram.db'), garbage);
    const log: string[] = [];
    const host = newHost(dataDir, log);
    expect(log.join('\n')).toMatch(/was not a readable database .* moved it to .*engram\.db\.corrupt-/);
    const aside = fs.readdirSync(dataDir).filter((f) => f.startsWith('engram.db.corrupt-') && !f.endsWith('-wal') && !f.endsWith('-shm'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, aside[0]))).toEqual(garbage);
    expect(host.db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    host.close();
  });

  it('refuses a database from a newer Engram instead of damaging it', () => {
    const dataDir = tempDir();
    const host = newHost(dataDir);
    host.db.pragma('user_version = 999');
    host.close();
    expect(() => newHost(dataDir)).toThrow(/newer than this Engram knows/);
  });
});
