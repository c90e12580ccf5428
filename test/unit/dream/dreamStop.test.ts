import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGRAM_BIN, REPO_ROOT, runEngram } from '../../helpers/cli';
import { bigMemory } from '../../helpers/bigMemory';
import { tempDir } from '../../helpers/tempDir';

async function stoppedBy(signal: NodeJS.Signals): Promise<void> {
  const root = tempDir('engram-stop-');
  const dataDir = tempDir('engram-stop-data-');
  execFileSync('git', ['init', '-q'], { cwd: root });
  fs.mkdirSync(path.join(root, '.engram'));
  const file = path.join(root, '.engram/MEMORY.md');
  fs.writeFileSync(file, bigMemory(20_000));
  const before = fs.readFileSync(file);
  const child = spawn(process.execPath, [ENGRAM_BIN, '--project', root, '--data-dir', dataDir, 'dream', '--no-llm'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  // The dream has started once it holds the project's dream lock.
  const lock = path.join(root, '.engram/dreams/.lock');
  while (!fs.existsSync(lock) && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  child.kill(signal);
  const code = await exited;
  expect(code).toBe(1);
  expect(stderr).toMatch(/the dream was stopped; nothing was written/);
  expect(fs.readFileSync(file).equals(before)).toBe(true);
  expect(fs.existsSync(path.join(root, '.engram/memory'))).toBe(false);
  expect(fs.existsSync(lock)).toBe(false);
  const history = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', 'history']);
  expect(JSON.parse(history.stdout)).toEqual([]);
}

describe('stopping a dream', () => {
  it('SIGINT stops a dream over 20,000 entries with nothing written', { timeout: 120_000 }, () => stoppedBy('SIGINT'));
  it('SIGTERM does the same', { timeout: 120_000 }, () => stoppedBy('SIGTERM'));
});
