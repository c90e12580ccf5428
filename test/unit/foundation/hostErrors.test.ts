import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import type { Project } from '../../../contract';
import { tempDir } from '../../helpers/tempDir';

let host: Host | null = null;
afterEach(() => {
  host?.close();
  host = null;
});

async function open(h: Host): Promise<Project> {
  const repo = tempDir();
  const answer = await h.handle('projects.open', { path: repo });
  if ('error' in answer) throw new Error(answer.error.message);
  return answer.result as Project;
}

/**
 * Domains throw their own errors; the host answers each with the contract's code and the
 * domain's words, one mapping for all of them. Anything else is `internal` and logged.
 */
describe('errors at the host boundary', () => {
  it('answers each domain failure with its code and its message as is', async () => {
    host = new Host({ dataDir: tempDir(), shell: 'browser' });
    const p = await open(host);
    expect(await host.handle('tasks.update', { projectId: p.id, id: 'nope', status: 'done' })).toEqual({
      error: { code: 'not_found', message: `No task nope in ${path.join(p.path, '.engram', 'tasks')}.` },
    });
    expect(await host.handle('memory.entry', { projectId: p.id, id: 'm-missing' })).toEqual({
      error: { code: 'not_found', message: 'No memory entry m-missing.' },
    });
    expect(await host.handle('terminal.rename', { id: 't-missing', title: 'x' })).toEqual({
      error: { code: 'not_found', message: 'No terminal with id t-missing.' },
    });
    expect(await host.handle('dreams.revert', { projectId: p.id, id: 'd-missing' })).toEqual({
      error: { code: 'not_found', message: 'no dream d-missing in this project (see: engram dream history)' },
    });
    expect(await host.handle('sessions.rename', { id: 'ses_missing', title: 'x' })).toEqual({
      error: { code: 'not_found', message: 'No session ses_missing.' },
    });
    expect(await host.handle('tasks.list', { projectId: 'p-missing' })).toEqual({
      error: { code: 'not_found', message: 'No open project with id p-missing.' },
    });
  });

  it('refuses invalid skills with invalid_request and writes nothing', async () => {
    host = new Host({ dataDir: tempDir(), shell: 'browser' });
    const p = await open(host);
    const answer = await host.handle('skills.accept', { projectId: p.id, type: 'skill', name: 'deploy', content: 'no frontmatter here' });
    expect(answer).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('The skill deploy is not valid') } });
    expect(fs.existsSync(path.join(p.path, '.engram', 'skills'))).toBe(false);
  });
});
