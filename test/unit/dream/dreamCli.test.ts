import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { plantedRepo } from './gitRepo';
import { tempDir } from '../../helpers/tempDir';

const run = (root: string, dataDir: string, ...args: string[]) =>
  runEngram(['--project', root, '--data-dir', dataDir, '--json', ...args]);

describe('engram dream (deterministic passes) on a real git repository', () => {
  it('merges duplicates into the earliest entry, rewrites the moved path, flags the deleted one, dates yesterday', async () => {
    const { root, dataDir, memory } = plantedRepo();
    const r = await run(root, dataDir, 'dream', '--no-llm');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['id', 'merged', 'pathsFixed', 'pathsFlagged', 'promoted', 'superseded', 'bytesBefore', 'bytesAfter']);
    expect(out).toMatchObject({ merged: 3, pathsFixed: 1, pathsFlagged: 1, promoted: 0, superseded: 3, bytesBefore: Buffer.byteLength(memory) });
    const after = fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8');
    expect(out.bytesAfter).toBe(Buffer.byteLength(after));

    // The earliest of the three pnpm entries (m100003, 2026-11-01) survives and cites the others.
    expect(after).toMatch(/^- use PNPM not npm for installs <!-- id:m100003 at:2026-11-01 src:ses_c merged:m100001,m100002 -->$/m);
    const superseded = after.slice(after.indexOf('## Superseded'));
    expect(superseded).toContain('<!-- id:m100001 at:2026-11-02 src:ses_a superseded-by:m100003 -->');
    expect(superseded).toContain('<!-- id:m100002 at:2026-11-09 src:ses_b superseded-by:m100003 -->');
    expect(superseded).toContain('id:m100007 at:2026-11-12 superseded-by:m100006');
    expect(after).toContain('- The parser lives in src/parsing/parser.ts and handles the front matter.');
    expect(after).toContain('- Retries are done by src/legacy/retry.ts [stale path] with exponential backoff.');
    expect(after).toContain('- The build broke on 2026-11-24 because of a stale lock file.');
    expect(after).toContain('- A note a person typed by hand, naming nothing in particular.\n');

    const report = fs.readFileSync(path.join(root, '.engram/dreams', `${out.id}.md`), 'utf8');
    expect(report).toContain('`src/lib/parser.ts` → `src/parsing/parser.ts`');
    expect(report).toContain('`src/legacy/retry.ts` exists nowhere');
    expect(report).toContain('m100001, m100002 → m100003');

    const history = JSON.parse((await run(root, dataDir, 'dream', 'history')).stdout);
    expect(history.map((d: { id: string }) => d.id)).toEqual([out.id]);

    // A second dream finds nothing left to do: the flag is not added twice.
    const again = JSON.parse((await run(root, dataDir, 'dream', '--no-llm')).stdout);
    expect(again).toMatchObject({ merged: 0, pathsFixed: 0, pathsFlagged: 0 });
    expect(fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8')).toBe(after);
    const newest = JSON.parse((await run(root, dataDir, 'dream', 'history')).stdout);
    expect(newest.map((d: { id: string }) => d.id)).toEqual([again.id, out.id]);
  });

  it('reverts byte for byte, and only once', async () => {
    const { root, dataDir } = plantedRepo();
    // CRLF and a byte that is not UTF-8: revert must still give back exactly these bytes.
    const original = Buffer.concat([
      Buffer.from(fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8').replace(/\n/g, '\r\n')),
      Buffer.from([0x2d, 0x20, 0xff, 0xfe, 0x0d, 0x0a]),
    ]);
    fs.writeFileSync(path.join(root, '.engram/MEMORY.md'), original);
    const dream = JSON.parse((await run(root, dataDir, 'dream', '--no-llm')).stdout);
    expect(dream.merged).toBe(3);
    expect(fs.readFileSync(path.join(root, '.engram/MEMORY.md')).equals(original)).toBe(false);
    expect(fs.readFileSync(path.join(root, '.engram/dreams', `${dream.id}.before.md`)).equals(original)).toBe(true);

    const r = await run(root, dataDir, 'dream', 'revert', dream.id);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ reverted: dream.id });
    expect(fs.readFileSync(path.join(root, '.engram/MEMORY.md')).equals(original)).toBe(true);
    const history = JSON.parse((await run(root, dataDir, 'dream', 'history')).stdout);
    expect(history[0]).toMatchObject({ id: dream.id, status: 'reverted' });

    const twice = await run(root, dataDir, 'dream', 'revert', dream.id);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already reverted/);
    const unknown = await run(root, dataDir, 'dream', 'revert', 'd-nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no dream d-nope/);
  });

  it('--dry-run reports the figures and writes nothing', async () => {
    const { root, dataDir, memory } = plantedRepo();
    const r = await run(root, dataDir, 'dream', '--no-llm', '--dry-run');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: null, merged: 3, pathsFixed: 1, pathsFlagged: 1 });
    expect(fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8')).toBe(memory);
    expect(fs.readdirSync(path.join(root, '.engram'))).toEqual(['MEMORY.md']);
    expect(JSON.parse((await run(root, dataDir, 'dream', 'history')).stdout)).toEqual([]);
  });

  it('says there is nothing to dream in a project without MEMORY.md (not "Dream null"), and writes nothing', async () => {
    const root = tempDir();
    const dataDir = tempDir();
    const human = await runEngram(['--project', root, '--data-dir', dataDir, 'dream', '--no-llm']);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('Nothing to dream yet: .engram/MEMORY.md does not exist. The agent writes it as it works; `engram memory add` adds to it.\n');
    expect(JSON.parse((await run(root, dataDir, 'dream', '--no-llm')).stdout)).toMatchObject({ id: null, merged: 0 });
    expect(fs.existsSync(path.join(root, '.engram/MEMORY.md'))).toBe(false);
    expect(JSON.parse((await run(root, dataDir, 'dream', 'history')).stdout)).toEqual([]);
  });
});
