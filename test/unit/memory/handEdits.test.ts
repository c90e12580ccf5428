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

describe('a writer waiting for MEMORY.md.lock whose holder finishes and exits meanwhile', () => {
  // The interleaving that lost a person's saved line under load: a waiting writer read the
  // holder's pid from the lock, was preempted while the holder released the lock and exited and
  // another writer took it, then found the pid gone and removed the new holder's lock. Two
  // writers then swapped MEMORY.md at once; one moved aside the version holding the person's save.
  it("never removes the lock another live writer took in the meantime", { timeout: 120_000 }, async () => {
    const { spawn } = await import('node:child_process');
    const { runEngram } = await import('../../helpers/cli');
    const { tempDir } = await import('../../helpers/tempDir');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const root = tempDir('engram-lock-');
    const dataDir = tempDir('engram-lock-data-');
    const pauses = tempDir('engram-lock-pause-');
    const g = ['--project', root, '--data-dir', dataDir, '--json'];
    expect((await runEngram([...g, 'memory', 'add', '--kind', 'rules', '--text', 'first rule stays'])).code).toBe(0);
    const memory = path.join(root, '.engram/MEMORY.md');
    const lock = `${memory}.lock`;
    const until = async (ok: () => boolean, what: string) => {
      for (let i = 0; !ok(); i++) {
        if (i > 1200) throw new Error(`waited 60 s for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    // A first writer holds the lock (a live process, as a CLI mid-write).
    const first = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const firstGone = new Promise((r) => first.on('exit', r));
    fs.writeFileSync(lock, `${first.pid}\n`, { flag: 'wx' });
    // The waiting writer reads its pid, and is held right there.
    const waiting = runEngram([...g, 'memory', 'add', '--kind', 'rules', '--text', 'second rule'], {
      env: { ENGRAM_TEST_PAUSE_AT: 'lock-holder-read', ENGRAM_TEST_PAUSE_DIR: pauses },
    });
    let exited = false;
    void waiting.then(() => (exited = true));
    await until(() => fs.existsSync(path.join(pauses, 'lock-holder-read-1.reached')), 'the waiting writer to read the lock');
    // The first writer finishes (its lock goes) and exits; a third writer (this test) takes the lock.
    fs.rmSync(lock);
    first.kill('SIGKILL');
    await firstGone;
    fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
    fs.writeFileSync(path.join(pauses, 'lock-holder-read-1.go'), '');

    // The waiting writer must see the lock is someone else's now, and wait its turn.
    await until(() => exited || fs.existsSync(path.join(pauses, 'lock-holder-read-2.reached')), 'the waiting writer to look at the lock again');
    expect(exited, 'the waiting writer wrote while another held the lock').toBe(false);
    expect(fs.readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    expect(fs.readFileSync(memory, 'utf8')).not.toContain('second rule');

    // This writer is done: the waiting one goes ahead.
    fs.rmSync(lock);
    fs.writeFileSync(path.join(pauses, 'lock-holder-read-2.go'), '');
    const r = await waiting;
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(memory, 'utf8');
    expect(text).toContain('first rule stays');
    expect(text).toContain('second rule');
    expect(fs.existsSync(lock)).toBe(false);
  });
});
