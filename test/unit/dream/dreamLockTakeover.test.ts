import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trackChild } from '../../helpers/children';
import { ENGRAM_BIN, REPO_ROOT, runEngram, type CliRun } from '../../helpers/cli';
import { startTsProcess } from '../../helpers/processes/tsProcess';
import { tempDir } from '../../helpers/tempDir';
import { plantedRepo } from './gitRepo';

/**
 * Two processes deciding at once that the dream lock is stale, and a hung dream releasing its
 * lock while another takes it over: real `engram dream` processes, held at Engram's test pause
 * points (ENGRAM_TEST_PAUSE_AT) or inside git (a gate first on PATH), never a mocked lock.
 */

const HOLD_LOCK = path.join(REPO_ROOT, 'test/helpers/processes/holdLock.ts');
const HUNG_MS = 31 * 60_000;

/** Holds a dream in the middle of its run: a `git` first on PATH that waits until released. */
function gatedGit(): { bin: string; started: string; release: () => void } {
  const dir = tempDir('engram-gate-');
  const started = path.join(dir, 'started');
  const released = path.join(dir, 'released');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh\ntouch '${started}'\nwhile [ ! -f '${released}' ]; do sleep 0.05; done\nexec '${realGit}' "$@"\n`, {
    mode: 0o755,
  });
  return { bin: dir, started, release: () => fs.writeFileSync(released, '') };
}

function startDream(root: string, dataDir: string, env: NodeJS.ProcessEnv): { pid: number; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [ENGRAM_BIN, '--project', root, '--data-dir', dataDir, '--json', 'dream', '--no-llm'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ENGRAM_DATA_DIR: undefined, ...env },
  });
  trackChild(child, 'engram dream');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { pid: child.pid!, done };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 1200) throw new Error(`waited 60 s for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A pid that was just in use and is gone now: the holder of a lock a crash left behind. */
async function deadPid(): Promise<number> {
  const gone = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => gone.on('close', r));
  return gone.pid!;
}

const lockOf = (root: string) => path.join(root, '.engram/dreams/.lock');
const holderPid = (root: string) => (JSON.parse(fs.readFileSync(lockOf(root), 'utf8')) as { pid: number }).pid;

async function history(root: string, dataDir: string): Promise<unknown[]> {
  const r = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', 'history']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('the dream lock, taken over from a process that is gone', () => {
  it('two `engram dream` both find the same dead lock: the one that looks late reports busy and leaves the new holder its lock', { timeout: 120_000 }, async () => {
    const { root, dataDir } = plantedRepo();
    const pauses = tempDir('engram-dream-pause-');
    fs.mkdirSync(path.dirname(lockOf(root)), { recursive: true });
    const dead = await deadPid();
    fs.writeFileSync(lockOf(root), JSON.stringify({ pid: dead, host: os.hostname(), at: new Date().toISOString() }));

    // The first dream reads the dead holder, and is held right there (before removing it).
    const late = startDream(root, dataDir, { ENGRAM_TEST_PAUSE_AT: 'lock-holder-read', ENGRAM_TEST_PAUSE_DIR: pauses });
    await until(() => fs.existsSync(path.join(pauses, 'lock-holder-read-1.reached')), 'the first dream to read the lock');
    // Meanwhile a second dream finds the same dead lock, takes it over and runs (held in git).
    const gate = gatedGit();
    const winner = startDream(root, dataDir, { PATH: `${gate.bin}:${process.env.PATH}` });
    await until(() => fs.existsSync(gate.started), 'the second dream to take the lock and run');
    expect(holderPid(root)).toBe(winner.pid);

    // The first goes on from what it read: its decision is about a lock that is no longer there.
    for (let n = 1; n <= 20; n++) fs.writeFileSync(path.join(pauses, `lock-holder-read-${n}.go`), '');
    const busy = await late.done;
    expect(busy.code, busy.stdout).toBe(1);
    expect(busy.stdout).toBe('');
    expect(busy.stderr).toMatch(new RegExp(`^engram: a dream is already running on this project \\(pid ${winner.pid} since `));
    expect(holderPid(root), 'the live dream lost its lock').toBe(winner.pid);

    gate.release();
    const done = await winner.done;
    expect(done.code, done.stderr).toBe(0);
    expect(fs.existsSync(lockOf(root))).toBe(false);
    expect(await history(root, dataDir)).toHaveLength(1);
  });

  it('a dead holder is taken over and the dream runs; a live one is named by its pid', { timeout: 60_000 }, async () => {
    const { root, dataDir } = plantedRepo();
    fs.mkdirSync(path.dirname(lockOf(root)), { recursive: true });
    fs.writeFileSync(lockOf(root), JSON.stringify({ pid: await deadPid(), host: os.hostname(), at: new Date().toISOString() }));
    const gate = gatedGit();
    const first = startDream(root, dataDir, { PATH: `${gate.bin}:${process.env.PATH}` });
    await until(() => fs.existsSync(gate.started), 'the dream to take over the lock');
    expect(holderPid(root)).toBe(first.pid);

    const second = await runEngram(['--project', root, '--data-dir', dataDir, 'dream', '--no-llm']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`a dream is already running on this project \\(pid ${first.pid} since \\d{4}-\\d\\d-\\d\\dT`));

    gate.release();
    expect((await first.done).code).toBe(0);
    expect(fs.existsSync(lockOf(root))).toBe(false);
    expect(await history(root, dataDir)).toHaveLength(1);
  });
});

describe('the dream lock of a dream hung for over 30 minutes', () => {
  it('is taken over, and the hung dream letting go afterwards leaves the new holder its lock', { timeout: 120_000 }, async () => {
    const { root, dataDir } = plantedRepo();
    const hung = startTsProcess(HOLD_LOCK, ['dream', root, String(HUNG_MS)]);
    await hung.ready;
    expect(holderPid(root)).toBe(hung.child.pid);

    const gate = gatedGit();
    const next = startDream(root, dataDir, { PATH: `${gate.bin}:${process.env.PATH}` });
    await until(() => fs.existsSync(gate.started), 'the new dream to take over the lock');
    expect(holderPid(root)).toBe(next.pid);

    hung.child.stdin!.write('release\n');
    const out = await hung.done;
    expect(out.stdout).toContain('released');
    expect(holderPid(root), "the hung dream removed the new dream's lock").toBe(next.pid);

    gate.release();
    expect((await next.done).code).toBe(0);
    expect(fs.existsSync(lockOf(root))).toBe(false);
  });

  it('is not taken over while the hung dream is removing it: the newcomer reports busy, and nothing is removed twice', { timeout: 120_000 }, async () => {
    const { root, dataDir } = plantedRepo();
    const pauses = tempDir('engram-dream-pause-');
    const hung = startTsProcess(HOLD_LOCK, ['dream', root, String(HUNG_MS)], 120_000, { ENGRAM_TEST_PAUSE_AT: 'lock-turn', ENGRAM_TEST_PAUSE_DIR: pauses });
    await hung.ready;
    // The hung dream lets go, and is held in the middle of removing its lock.
    hung.child.stdin!.write('release\n');
    await until(() => fs.existsSync(path.join(pauses, 'lock-turn-1.reached')), 'the hung dream to start removing its lock');

    // A new dream finds the lock stale (31 minutes old) meanwhile: it must not take it over now.
    const gate = gatedGit();
    const next = startDream(root, dataDir, { PATH: `${gate.bin}:${process.env.PATH}` });
    let exited = false;
    void next.done.then(() => (exited = true));
    await until(() => exited || fs.existsSync(gate.started), 'the new dream to give up or take the lock');
    expect(fs.existsSync(gate.started), 'the new dream took the lock while the old one was removing it').toBe(false);
    const busy = await next.done;
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(new RegExp(`a dream is already running on this project \\(pid ${hung.child.pid} since `));

    fs.writeFileSync(path.join(pauses, 'lock-turn-1.go'), '');
    expect((await hung.done).stdout).toContain('released');
    expect(fs.readdirSync(path.dirname(lockOf(root)))).toEqual([]);

    // Nothing left behind: the next dream runs.
    gate.release();
    const r = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', '--no-llm']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(lockOf(root))).toBe(false);
  });
});
