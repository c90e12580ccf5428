import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trackChild } from '../../helpers/children';
import { ENGRAM_BIN, REPO_ROOT, runEngram, type CliRun } from '../../helpers/cli';
import { startTsProcess } from '../../helpers/processes/tsProcess';
import { tempDir } from '../../helpers/tempDir';
import { git, plantedRepo } from './gitRepo';

/**
 * Two processes deciding at once that the dream lock is stale, a live dream keeping its lock
 * however long it runs, and a hung dream releasing its lock while another takes it over: real
 * `engram dream` processes and lock holders (holdLock.ts, with a stale age of seconds), held at
 * Engram's test pause points (ENGRAM_TEST_PAUSE_AT) or inside git (a gate first on PATH), never
 * a mocked lock. And the turn a takeover takes (`.lock.break`) kept out of git.
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

/** Resolves after `ms`: the time a holder must stay alive past its lock's stale age. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Since the lock file was last written or refreshed by its holder. */
const lockAge = (root: string) => Date.now() - fs.statSync(lockOf(root)).mtimeMs;

describe('the dream lock of a live dream', () => {
  it('is kept by a dream that has run for over 30 minutes: another `engram dream` reports it busy', { timeout: 120_000 }, async () => {
    const { root, dataDir } = plantedRepo();
    const long = startTsProcess(HOLD_LOCK, ['dream', root, String(HUNG_MS)]);
    await long.ready;
    expect(holderPid(root)).toBe(long.child.pid);

    const next = await runEngram(['--project', root, '--data-dir', dataDir, 'dream', '--no-llm']);
    expect(next.code, next.stderr).toBe(1);
    expect(next.stderr).toMatch(new RegExp(`a dream is already running on this project \\(pid ${long.child.pid} since `));
    expect(holderPid(root), 'a live dream lost its lock').toBe(long.child.pid);

    long.child.stdin!.write('release\n');
    expect((await long.done).stdout).toContain('released');
    expect(fs.readdirSync(path.dirname(lockOf(root)))).toEqual([]);
  });

  it('is refreshed while its holder works: long past the stale age, another process still finds it held', { timeout: 120_000 }, async () => {
    const { root } = plantedRepo();
    const staleMs = 3_000;
    const holder = startTsProcess(HOLD_LOCK, ['dream', root, '0', String(staleMs)]);
    await holder.ready;
    const written = fs.statSync(lockOf(root)).mtimeMs;
    await pause(3 * staleMs);
    expect(fs.statSync(lockOf(root)).mtimeMs, 'the holder never refreshed its lock').toBeGreaterThan(written);

    const other = startTsProcess(HOLD_LOCK, ['dream', root, '0', String(staleMs)]);
    const out = await other.done;
    expect(JSON.parse(out.stdout.split('\n')[0]).busy).toMatch(new RegExp(`^a dream is already running on this project \\(pid ${holder.child.pid} since `));
    expect(holderPid(root)).toBe(holder.child.pid);

    holder.child.stdin!.write('release\n');
    expect((await holder.done).stdout).toContain('released');
    expect(fs.readdirSync(path.dirname(lockOf(root)))).toEqual([]);
  });
});

describe('the dream lock of a hung dream (alive, its lock not refreshed for the stale age)', () => {
  it('is taken over, and the hung dream letting go afterwards leaves the new holder its lock', { timeout: 120_000 }, async () => {
    const { root } = plantedRepo();
    const staleMs = 2_000;
    const wake = path.join(tempDir('engram-dream-hang-'), 'wake');
    const hung = startTsProcess(HOLD_LOCK, ['dream', root, '0', String(staleMs)]);
    await hung.ready;
    hung.child.stdin!.write(`hang ${wake}\n`);
    await until(() => lockAge(root) > staleMs, 'the hung dream to miss its refreshes');

    const next = startTsProcess(HOLD_LOCK, ['dream', root, '0', String(staleMs)]);
    await next.ready;
    expect(next.child.exitCode, 'the new dream reported busy').toBeNull();
    expect(holderPid(root)).toBe(next.child.pid);

    // The hung dream comes back (its refresh finds the lock is not its own) and lets go.
    fs.writeFileSync(wake, '');
    hung.child.stdin!.write('release\n');
    const out = await hung.done;
    expect(out.stdout).toContain('woke');
    expect(out.stdout).toContain('released');
    expect(holderPid(root), "the hung dream removed the new dream's lock").toBe(next.child.pid);

    next.child.stdin!.write('release\n');
    expect((await next.done).stdout).toContain('released');
    expect(fs.readdirSync(path.dirname(lockOf(root)))).toEqual([]);
  });

  it('is not taken over while the hung dream is removing it: the newcomer reports busy, and nothing is removed twice', { timeout: 120_000 }, async () => {
    const { root, dataDir } = plantedRepo();
    const pauses = tempDir('engram-dream-pause-');
    const staleMs = 2_000;
    const hung = startTsProcess(HOLD_LOCK, ['dream', root, '0', String(staleMs)], 120_000, { ENGRAM_TEST_PAUSE_AT: 'lock-turn', ENGRAM_TEST_PAUSE_DIR: pauses });
    await hung.ready;
    // The hung dream lets go, and is held in the middle of removing its lock, long enough to look hung.
    hung.child.stdin!.write('release\n');
    await until(() => fs.existsSync(path.join(pauses, 'lock-turn-1.reached')), 'the hung dream to start removing its lock');
    await until(() => lockAge(root) > staleMs, 'the lock to look abandoned');

    // A new dream finds the lock stale meanwhile: it must not take it over now.
    const next = startTsProcess(HOLD_LOCK, ['dream', root, '0', String(staleMs)]);
    const busy = await next.done;
    expect(JSON.parse(busy.stdout.split('\n')[0]).busy).toMatch(new RegExp(`^a dream is already running on this project \\(pid ${hung.child.pid} since `));

    fs.writeFileSync(path.join(pauses, 'lock-turn-1.go'), '');
    expect((await hung.done).stdout).toContain('released');
    expect(fs.readdirSync(path.dirname(lockOf(root)))).toEqual([]);

    // Nothing left behind: the next dream runs.
    const r = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', '--no-llm']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(lockOf(root))).toBe(false);
  });
});

/** `.engram/.gitignore` as Engram wrote it before it listed the lock turns (`*.lock.break`). */
const OLDER_GITIGNORE = [
  '# Personal (checkpoints, notes, dream backups and lock): not shared through git.',
  'sessions/',
  'dreams/.lock',
  'dreams/*.before.md',
  'dreams/*.replaced/',
  '.journal/',
  '.*.engram-prev-*',
  '.*.engram-swap',
  '*.lock',
  '',
].join('\n');

describe('the turn a stale lock is broken in (`<lock>.break`)', () => {
  it('is never shown by git status, in a project an older Engram set up: while held, and when left by a process killed in it', { timeout: 120_000 }, async () => {
    const { root, dataDir } = plantedRepo();
    const ignoreFile = path.join(root, '.engram/.gitignore');
    fs.writeFileSync(ignoreFile, OLDER_GITIGNORE + '# mine\nscratch/\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'memory');

    // Any start of Engram on the project completes its .gitignore, keeping the person's lines.
    const search = await runEngram(['--project', root, '--data-dir', dataDir, 'memory', 'search', 'parser']);
    expect(search.code, search.stderr).toBe(0);
    expect(fs.readFileSync(ignoreFile, 'utf8')).toBe(OLDER_GITIGNORE + '# mine\nscratch/\n*.lock.break\n');
    git(root, 'commit', '-q', '-am', 'engram ignores its lock turns');

    // A dream breaks a dead dream's lock, and is held in its turn.
    const pauses = tempDir('engram-dream-pause-');
    fs.mkdirSync(path.dirname(lockOf(root)), { recursive: true });
    fs.writeFileSync(lockOf(root), JSON.stringify({ pid: await deadPid(), host: os.hostname(), at: new Date().toISOString() }));
    const breaker = startDream(root, dataDir, { ENGRAM_TEST_PAUSE_AT: 'lock-turn', ENGRAM_TEST_PAUSE_DIR: pauses });
    await until(() => fs.existsSync(path.join(pauses, 'lock-turn-1.reached')), 'the dream to take its turn');
    const turn = `${lockOf(root)}.break`;
    expect(fs.existsSync(turn)).toBe(true);
    expect(git(root, 'status', '--porcelain', '--untracked-files=all')).toBe('');

    // Killed right there: its turn stays behind until the next taker clears it.
    process.kill(breaker.pid, 'SIGKILL');
    await breaker.done;
    expect(fs.existsSync(turn)).toBe(true);
    expect(git(root, 'status', '--porcelain', '--untracked-files=all')).toBe('');

    const next = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', '--no-llm']);
    expect(next.code, next.stderr).toBe(0);
    expect(fs.readdirSync(path.dirname(lockOf(root))).filter((f) => f.startsWith('.lock'))).toEqual([]);
  });
});
