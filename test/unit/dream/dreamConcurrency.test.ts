import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGRAM_BIN, REPO_ROOT, runEngram, type CliRun } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';
import { plantedRepo } from './gitRepo';

/**
 * Holds a dream in the middle of its run without any hook in Engram: a `git` first on PATH that
 * announces it was called, then waits until the test releases it, then runs the real git.
 */
function gatedGit(): { bin: string; started: string; release: () => void } {
  const dir = tempDir('engram-gate-');
  const started = path.join(dir, 'started');
  const released = path.join(dir, 'released');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  fs.writeFileSync(
    path.join(dir, 'git'),
    `#!/bin/sh\ntouch '${started}'\nwhile [ ! -f '${released}' ]; do sleep 0.05; done\nexec '${realGit}' "$@"\n`,
    { mode: 0o755 },
  );
  return { bin: dir, started, release: () => fs.writeFileSync(released, '') };
}

function startDream(root: string, dataDir: string, pathPrefix: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENGRAM_BIN, '--project', root, '--data-dir', dataDir, '--json', 'dream', '--no-llm'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: `${pathPrefix}:${process.env.PATH}` },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 25));
}

describe('dreams and other writers', () => {
  it('runs one dream at a time per project: a second `engram dream` reports busy', async () => {
    const { root, dataDir } = plantedRepo();
    const gate = gatedGit();
    const first = startDream(root, dataDir, gate.bin);
    await until(() => fs.existsSync(gate.started));
    expect(fs.existsSync(path.join(root, '.engram/dreams/.lock'))).toBe(true);

    const second = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', '--no-llm']);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/^engram: a dream is already running on this project/);

    gate.release();
    const done = await first;
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout).merged).toBe(3);
    expect(fs.existsSync(path.join(root, '.engram/dreams/.lock'))).toBe(false);
    const history = JSON.parse((await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', 'history'])).stdout);
    expect(history).toHaveLength(1);
  });

  it("keeps a person's edit saved while the dream ran, and dreams over it", async () => {
    const { root, dataDir } = plantedRepo();
    const file = path.join(root, '.engram/MEMORY.md');
    const gate = gatedGit();
    const dream = startDream(root, dataDir, gate.bin);
    // The dream has read MEMORY.md and is asking git about the repository: a person saves now.
    await until(() => fs.existsSync(gate.started));
    const edited = fs
      .readFileSync(file, 'utf8')
      .replace('handles the front matter.', 'handles the front matter (edited by hand).')
      .replace('## Superseded', '## Gotchas\n- Hand-added while dreaming: never run two migrations at once.\n\n## Superseded');
    fs.writeFileSync(file, edited);
    gate.release();
    const done = await dream;
    expect(done.code).toBe(0);
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toContain('- The parser lives in src/parsing/parser.ts and handles the front matter (edited by hand).');
    expect(after).toContain('- Hand-added while dreaming: never run two migrations at once.');
    expect(JSON.parse(done.stdout)).toMatchObject({ merged: 3, pathsFixed: 1, pathsFlagged: 1 });
    // What the dream kept as "before" is the person's version, so a revert gives it back.
    const id = JSON.parse(done.stdout).id;
    expect(fs.readFileSync(path.join(root, '.engram/dreams', `${id}.before.md`), 'utf8')).toBe(edited);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const { root, dataDir } = plantedRepo();
    const lock = path.join(root, '.engram/dreams/.lock');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    const gone = spawn(process.execPath, ['-e', '0']);
    const pid = gone.pid!;
    await new Promise((r) => gone.on('close', r));
    fs.writeFileSync(lock, JSON.stringify({ pid, host: os.hostname(), at: new Date().toISOString() }));
    const r = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', '--no-llm']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
