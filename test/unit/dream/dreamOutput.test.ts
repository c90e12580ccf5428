import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { plantedRepo } from './gitRepo';

const run = (root: string, dataDir: string, ...args: string[]) => runEngram(['--project', root, '--data-dir', dataDir, ...args]);
const supersededCount = (text: string) => (text.slice(text.indexOf('## Superseded')).match(/^- /gm) ?? []).length;

describe('what a dream says it did', () => {
  it('keeps sentence case when a sentence starts with a relative date', async () => {
    const { root, dataDir } = plantedRepo();
    const file = path.join(root, '.engram/MEMORY.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('## Superseded', '- Yesterday we found the flaky test. Today it passes. <!-- id:m100009 at:2026-12-01 -->\n\n## Superseded'));
    expect((await run(root, dataDir, 'dream', '--no-llm')).code).toBe(0);
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toContain('- On 2026-11-30 we found the flaky test. On 2026-12-01 it passes.');
    expect(after).toContain('- The build broke on 2026-11-24 because of a stale lock file.');
  });

  it('counts every entry it moved under Superseded in its figures', async () => {
    const { root, dataDir, memory } = plantedRepo();
    const r = await run(root, dataDir, '--json', 'dream', '--no-llm');
    const figures = JSON.parse(r.stdout);
    const after = fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8');
    const moved = supersededCount(after) - supersededCount(memory);
    expect(moved).toBeGreaterThan(0);
    expect(figures.superseded).toBe(moved);
  });

  it('a dream that changed nothing is listed as such (no files to revert)', async () => {
    const { root, dataDir } = plantedRepo();
    expect((await run(root, dataDir, 'dream', '--no-llm')).code).toBe(0);
    const again = await run(root, dataDir, '--json', 'dream', '--no-llm');
    const second = JSON.parse(again.stdout);
    expect(second.bytesBefore).toBe(second.bytesAfter);
    const history = JSON.parse((await run(root, dataDir, '--json', 'dream', 'history')).stdout) as { id: string; filesChanged: number }[];
    expect(history.find((d) => d.id === second.id)?.filesChanged).toBe(0);
    expect(history.find((d) => d.id !== second.id)?.filesChanged).toBe(1);
    expect((await run(root, dataDir, 'dream', 'history')).stdout).toContain('no changes');
  });

  it('--dry-run shows what would change, and writes nothing', async () => {
    const { root, dataDir, memory } = plantedRepo();
    const r = await run(root, dataDir, 'dream', '--no-llm', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('m100001, m100002 → m100003');
    expect(r.stdout).toContain('`src/lib/parser.ts` → `src/parsing/parser.ts`');
    expect(r.stdout).toMatch(/^-- The parser lives in src\/lib\/parser\.ts/m);
    expect(r.stdout).toMatch(/^\+- The parser lives in src\/parsing\/parser\.ts/m);
    expect(fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8')).toBe(memory);
  });
});
