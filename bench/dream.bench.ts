import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { recordSection, table } from './harness';
import { bigMemory } from '../test/helpers/bigMemory';
import { ENGRAM_BIN, REPO_ROOT } from '../test/helpers/cli';
import { engramLayout } from '../contract/engramLayout';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function project(n: number): { root: string; dataDir: string; bytes: number } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'engram-bench-dream-')));
  made.push(root);
  execFileSync('git', ['init', '-q'], { cwd: root });
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src/index.ts'), '');
  fs.writeFileSync(path.join(root, 'README.md'), '# x\n');
  fs.mkdirSync(path.join(root, engramLayout.dir));
  const memory = bigMemory(n);
  fs.writeFileSync(path.join(root, engramLayout.memoryFile), memory);
  return { root, dataDir: path.join(root, '.data'), bytes: Buffer.byteLength(memory) };
}

/** One real `engram dream --no-llm` process; its wall time in seconds and its figures. */
function dream(root: string, dataDir: string, dryRun: boolean): { s: number; merged: number } {
  const t = performance.now();
  const out = execFileSync(process.execPath, [ENGRAM_BIN, '--project', root, '--data-dir', dataDir, '--json', 'dream', '--no-llm', ...(dryRun ? ['--dry-run'] : [])], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 1_200_000,
  });
  return { s: (performance.now() - t) / 1000, merged: JSON.parse(out).merged };
}

/** Seconds from SIGINT to exit for a real dream that is busy planning. */
async function stopTime(root: string, dataDir: string): Promise<{ s: number; code: number | null; unchanged: boolean }> {
  const file = path.join(root, engramLayout.memoryFile);
  const before = fs.readFileSync(file);
  const child = spawn(process.execPath, [ENGRAM_BIN, '--project', root, '--data-dir', dataDir, 'dream', '--no-llm'], { cwd: REPO_ROOT, stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  // Started once it holds the project's dream lock; then into the passes.
  const lock = path.join(root, engramLayout.dreamLock);
  while (!fs.existsSync(lock) && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 300));
  const t = performance.now();
  child.kill('SIGINT');
  const code = await exited;
  return { s: (performance.now() - t) / 1000, code, unchanged: fs.readFileSync(file).equals(before) };
}

describe('dream scaling', () => {
  it('times a dream at 1k, 10k and 100k entries, and a stop request', async () => {
    const base = project(10);
    const startup = dream(base.root, base.dataDir, true).s;
    const rows: (string | number)[][] = [];
    let previous: number | null = null;
    for (const [n, dryRun] of [[1_000, false], [10_000, false], [100_000, true], [100_000, false]] as const) {
      const p = project(n);
      const r = dream(p.root, p.dataDir, dryRun);
      const growth = previous !== null && !dryRun && n === 100_000 ? '' : previous !== null ? `${(r.s / previous).toFixed(1)}× for 10× entries` : '';
      rows.push([n.toLocaleString('en'), dryRun ? 'dry run' : 'written', `${(p.bytes / 2 ** 20).toFixed(1)} MB`, `${r.s.toFixed(2)} s`, `${(r.s / startup).toFixed(1)}×`, r.merged, growth]);
      if (dryRun || n < 100_000) previous = r.s;
    }
    const stopAt = project(100_000);
    const stop = await stopTime(stopAt.root, stopAt.dataDir);
    recordSection(
      'dream-scaling',
      'Dream: time by memory size, and stopping',
      [
        'A real `engram dream --no-llm` process on a generated MEMORY.md (Zipf-like words, 5% exact and 5% near duplicates,',
        'some paths and relative dates). Baseline: the same command on a 10-entry memory (process start-up, database, git),',
        `${startup.toFixed(2)} s in this run. Before this change (measured once, same generator, same machine under load),`,
        'a dry run over 1,000 entries took 103.5 s; issue 16 measured 2,000 entries at 107 s and 5,000 unfinished after',
        '12 minutes: the size budget re-rendered the document per moved entry, every splice rebuilt the whole string,',
        'and duplicate detection compared every pair. Now near duplicates come from an inverted index over each',
        "entry's rarest shingles (prefix filtering: exact, no pair above the threshold missed), splices are applied in",
        'one pass and the budget counts sizes. A real dream at 100,000 entries includes writing 12 MB of topic files,',
        'the journal and re-indexing them.',
        '',
        table(['entries', 'mode', 'MEMORY.md', 'time', 'vs baseline', 'merged', 'growth'], rows),
        '',
        `SIGINT to a dream planning 100,000 entries: exited in ${stop.s.toFixed(2)} s with code ${stop.code}, MEMORY.md ${stop.unchanged ? 'unchanged' : 'CHANGED'}.`,
      ].join('\n'),
    );
  });
});
