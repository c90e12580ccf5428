import { describe, expect, it } from 'vitest';
// The same stress `npm run stress` runs, smaller: real `engram` processes and a real person's
// editing loop on real files.
import { concurrencyStress } from '../../../scripts/stress/concurrency.mjs';

describe("a person's edits while Engram writes MEMORY.md", () => {
  it('keeps every line a person appends while 3 processes add entries and dreams run', { timeout: 240_000 }, async () => {
    const r = await concurrencyStress({ style: 'append', adders: 3, adds: 15, interval: 30 });
    expect(r.written).toBeGreaterThan(20);
    expect(r.lost, `of ${r.written} hand lines`).toEqual([]);
    expect(r.addErrors).toEqual([]);
    // A dream may give up on a file that never stops changing (nothing written); never anything else.
    expect(r.dreamErrors.filter((e) => !/kept changing/.test(e))).toEqual([]);
  });

  it('keeps every line a person saves the way editors do (temp file renamed over MEMORY.md)', { timeout: 240_000 }, async () => {
    const r = await concurrencyStress({ style: 'rename', adders: 3, adds: 15, interval: 30 });
    expect(r.written).toBeGreaterThan(20);
    expect(r.lost, `of ${r.written} hand lines`).toEqual([]);
    expect(r.addErrors).toEqual([]);
  });
});

describe('a write killed in the middle of replacing MEMORY.md', () => {
  it('leaves nothing lost: readers see the old version, the next write puts it back and adds', async () => {
    const { runEngram } = await import('../../helpers/cli');
    const { tempDir } = await import('../../helpers/tempDir');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const root = tempDir('engram-swap-');
    const dataDir = tempDir('engram-swap-data-');
    const g = ['--project', root, '--data-dir', dataDir, '--json'];
    expect((await runEngram([...g, 'memory', 'add', '--kind', 'rules', '--text', 'first rule stays'])).code).toBe(0);
    const memory = path.join(root, '.engram/MEMORY.md');
    fs.appendFileSync(memory, '- a line typed by hand\n');
    const killed = await runEngram([...g, 'memory', 'add', '--kind', 'rules', '--text', 'second rule'], { env: { ENGRAM_TEST_CRASH_AT: 'swap' } });
    expect(killed.code).toBe(null); // SIGKILL between moving the file aside and linking the new one
    expect(fs.existsSync(memory)).toBe(false);

    const search = await runEngram([...g, 'memory', 'search', 'first', 'rule']);
    expect(search.code, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).map((h: { text: string }) => h.text)).toContain('first rule stays');

    expect((await runEngram([...g, 'memory', 'add', '--kind', 'rules', '--text', 'third rule'])).code).toBe(0);
    const text = fs.readFileSync(memory, 'utf8');
    expect(text).toContain('first rule stays');
    expect(text).toContain('- a line typed by hand');
    expect(text).toContain('third rule');
    expect(fs.readdirSync(path.join(root, '.engram')).filter((f) => f.includes('engram-swap'))).toEqual([]);
  });
});
