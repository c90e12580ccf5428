import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';
import { plantedRepo } from '../dream/gitRepo';

const run = (root: string, dataDir: string, ...args: string[]) =>
  runEngram(['--project', root, '--data-dir', dataDir, '--json', ...args]);

interface Row {
  type: string;
  id: string;
  text: string;
  actor: string;
}

async function timeline(root: string, dataDir: string): Promise<Row[]> {
  const r = await run(root, dataDir, 'memory', 'timeline', '--limit', '500');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Row[];
}

// One row per change, credited to whoever made it (the issue: a dream's own write was re-read
// and credited to `person`, and reverts were too).
describe('memory timeline: one row per change, with its actor', () => {
  it('credits a dream, its revert and a second dream to no person', async () => {
    const { root, dataDir } = plantedRepo();
    const before = (await timeline(root, dataDir)).length;
    const first = await run(root, dataDir, 'dream', '--no-llm');
    expect(first.code, first.stderr).toBe(0);
    const dreamRows = (await timeline(root, dataDir)).slice(0, -before || undefined);
    expect(dreamRows.length).toBeGreaterThan(0);
    expect(dreamRows.every((r) => r.actor === 'dream')).toBe(true);
    // No entry is listed twice for the same change.
    const keys = dreamRows.map((r) => `${r.type} ${r.id}`);
    expect(new Set(keys).size).toBe(keys.length);

    const { id } = JSON.parse(first.stdout);
    const reverted = await run(root, dataDir, 'dream', 'revert', id);
    expect(reverted.code, reverted.stderr).toBe(0);
    const second = await run(root, dataDir, 'dream', '--no-llm');
    expect(second.code, second.stderr).toBe(0);

    const rows = await timeline(root, dataDir);
    expect(rows.filter((r) => r.actor === 'person')).toEqual([]);
    // The revert's rows are the CLI's (who ran it), and the second dream's are the dream's.
    expect(rows.some((r) => r.actor === 'cli' && r.text.includes('revert'))).toBe(true);
    const secondRows = rows.slice(0, rows.findIndex((r) => r.actor === 'cli'));
    expect(secondRows.map((r) => `${r.type} ${r.id}`)).toEqual(dreamRows.map((r) => `${r.type} ${r.id}`));
  });

  it('puts the first task of a new project on the timeline, with its title', async () => {
    const root = tempDir();
    const dataDir = tempDir();
    const a = await run(root, dataDir, 'task', 'add', 'Ship the login page');
    expect(a.code, a.stderr).toBe(0);
    const b = await run(root, dataDir, 'task', 'add', 'Write the changelog');
    expect(b.code, b.stderr).toBe(0);
    const rows = (await timeline(root, dataDir)).filter((r) => r.type === 'task');
    expect(rows.map((r) => r.text)).toEqual([expect.stringContaining('Write the changelog'), expect.stringContaining('Ship the login page')]);
  });

  it('credits task changes made with `engram task` to cli, and a hand edit of the file to person', async () => {
    const root = tempDir();
    const dataDir = tempDir();
    const added = await run(root, dataDir, 'task', 'add', 'Ship the login page');
    expect(added.code, added.stderr).toBe(0);
    const { id, path: file } = JSON.parse(added.stdout) as { id: string; path: string };
    for (const args of [
      ['task', 'move', id, 'in progress'],
      ['task', 'log', id, 'Form renders'],
      ['task', 'rename', id, 'Ship the login form'],
    ]) {
      const r = await run(root, dataDir, ...args);
      expect(r.code, r.stderr).toBe(0);
    }
    let rows = (await timeline(root, dataDir)).filter((r) => r.type === 'task');
    expect(rows.map((r) => r.text)).toEqual([
      expect.stringContaining('Ship the login form'),
      expect.stringContaining('Form renders'),
      expect.stringContaining('moved to in progress'),
      expect.stringContaining('Ship the login page'),
    ]);
    expect(rows.map((r) => r.actor)).toEqual(['cli', 'cli', 'cli', 'cli']);

    // The same file changed in an editor is a person's change.
    fs.appendFileSync(file, '- 2026-12-01T10:00:00Z Checked by hand\n');
    rows = (await timeline(root, dataDir)).filter((r) => r.type === 'task');
    expect(rows[0]).toMatchObject({ actor: 'person', text: expect.stringContaining('Checked by hand') });
    expect(rows.slice(1).map((r) => r.actor)).toEqual(['cli', 'cli', 'cli', 'cli']);
  });
});
