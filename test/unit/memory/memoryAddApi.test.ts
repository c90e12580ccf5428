import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import type { MemoryAddResult, Project } from '../../../contract';
import { tempDir } from '../../helpers/tempDir';

let host: Host | null = null;
afterEach(() => {
  host?.close();
  host = null;
});

async function open(h: Host): Promise<Project> {
  const answer = await h.handle('projects.open', { path: tempDir() });
  if ('error' in answer) throw new Error(answer.error.message);
  return answer.result as Project;
}

const memoryFile = (p: Project) => path.join(p.path, '.engram', 'MEMORY.md');
const read = (p: Project) => (fs.existsSync(memoryFile(p)) ? fs.readFileSync(memoryFile(p), 'utf8') : null);

/** `memory.add`: what the Memory view's "Add entry" form calls. */
describe('memory.add through the host', () => {
  it('writes the entry under its kind, credits a person, and answers its detail', async () => {
    host = new Host({ dataDir: tempDir(), shell: 'browser' });
    const p = await open(host);
    const answer = await host.handle('memory.add', { projectId: p.id, kind: 'gotchas', text: '  Vitest forks need their own HOME.  ', pinned: true });
    if ('error' in answer) throw new Error(answer.error.message);
    const { entry, redacted } = answer.result as MemoryAddResult;
    expect(redacted).toEqual([]);
    expect(entry.kind).toBe('gotchas');
    expect(entry.text).toBe('Vitest forks need their own HOME.');
    expect(entry.addedBy?.actor).toBe('person');
    const file = read(p)!;
    const section = file.slice(file.indexOf('## Gotchas'));
    expect(section).toContain('Vitest forks need their own HOME.');
    const line = section.split('\n').find((l) => l.includes(entry.id))!;
    expect(line).toContain('Vitest forks need their own HOME.');
    expect(line).toMatch(/\bpin\b/);
  });

  it('redacts a secret before writing and says which kind', async () => {
    host = new Host({ dataDir: tempDir(), shell: 'browser' });
    const p = await open(host);
    // Assembled from parts: this file holds no credential.
    const key = ['AKIA', 'QX7RZ3', 'WPLM2N', 'B8VC'].join('');
    const answer = await host.handle('memory.add', { projectId: p.id, kind: 'knowledge', text: `Deploy user key is ${key} for staging.` });
    if ('error' in answer) throw new Error(answer.error.message);
    const { entry, redacted } = answer.result as MemoryAddResult;
    expect(redacted).toEqual(['AWS access key']);
    expect(entry.text).toContain('[redacted: AWS access key]');
    expect(read(p)).not.toContain(key);
  });

  it.each([
    ['an unknown kind', { kind: 'secrets', text: 'x' }, /kind: Choose a kind: one of context, rules, decisions, knowledge, patterns, gotchas\./],
    ['the superseded section', { kind: 'superseded', text: 'x' }, /kind: Choose a kind/],
    ['empty text', { kind: 'knowledge', text: '' }, /text: Write the entry first: its text is empty\./],
    ['whitespace only', { kind: 'knowledge', text: ' \n\t ' }, /text: Write the entry first/],
    ['text over the bound', { kind: 'knowledge', text: 'x'.repeat(20001) }, /text: An entry holds at most 20,000 characters\./],
    ['an unknown field', { kind: 'knowledge', text: 'x', actor: 'agent' }, /Invalid request for memory\.add/],
  ])('refuses %s with a clear error and writes nothing', async (_what, params, message) => {
    host = new Host({ dataDir: tempDir(), shell: 'browser' });
    const p = await open(host);
    const before = read(p);
    const answer = await host.handle('memory.add', { projectId: p.id, ...params });
    expect('error' in answer && answer.error.code).toBe('invalid_request');
    expect('error' in answer && answer.error.message).toMatch(message);
    expect(read(p)).toBe(before);
    const timeline = await host.handle('memory.timeline', { projectId: p.id });
    expect('result' in timeline && (timeline.result as { total: number }).total).toBe(0);
  });

  it('answers not_found for a project that is not open', async () => {
    host = new Host({ dataDir: tempDir(), shell: 'browser' });
    const answer = await host.handle('memory.add', { projectId: 'p-missing', kind: 'knowledge', text: 'x' });
    expect('error' in answer && answer.error.code).toBe('not_found');
  });
});
