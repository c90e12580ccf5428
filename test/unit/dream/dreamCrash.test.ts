import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGRAM_BIN, REPO_ROOT, runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

/** 400 distinct entries with ids: far over the size budget, so a dream writes topic files. */
function memoryOf(n: number): string {
  const kinds = ['Context', 'Rules', 'Decisions', 'Knowledge', 'Gotchas'];
  const out = ['# Project memory', ''];
  for (const kind of kinds) {
    out.push(`## ${kind}`);
    for (let i = 0; i < n / kinds.length; i++) {
      const id = `m${kind.slice(0, 2).toLowerCase()}${String(i).padStart(4, '0')}`;
      out.push(`- ${kind} fact number ${i} says the ${['parser', 'cache', 'index', 'writer'][i % 4]} keeps ${i * 7} items <!-- id:${id} at:2026-0${1 + (i % 9)}-1${i % 10} -->`);
    }
    out.push('');
  }
  out.push('## Superseded', '');
  return out.join('\n');
}

function project(): { root: string; dataDir: string; memory: string } {
  const root = tempDir('engram-crash-');
  execFileSync('git', ['init', '-q'], { cwd: root });
  fs.mkdirSync(path.join(root, '.engram'));
  const memory = memoryOf(400);
  fs.writeFileSync(path.join(root, '.engram/MEMORY.md'), memory);
  return { root, dataDir: tempDir('engram-crash-data-'), memory };
}

/** Every entry id in MEMORY.md and the topic files, with repeats. */
function idsOnDisk(root: string): string[] {
  const files = [path.join(root, '.engram/MEMORY.md')];
  const topics = path.join(root, '.engram/memory');
  if (fs.existsSync(topics)) for (const f of fs.readdirSync(topics)) if (f.endsWith('.md') && !f.startsWith('.')) files.push(path.join(topics, f));
  return files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/id:(m\w+)/g)].map((m) => m[1]));
}

function dreamKilledAt(root: string, dataDir: string, step: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENGRAM_BIN, '--project', root, '--data-dir', dataDir, 'dream', '--no-llm'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ENGRAM_TEST_CRASH_AT: step },
      stdio: 'ignore',
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** After the crash, the next process to open the project's memory finishes or undoes the dream. */
async function expectRecovered(root: string, dataDir: string, original: string[], memoryBefore: string): Promise<'rolled back' | 'finished'> {
  const search = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'memory', 'search', 'parser']);
  expect(search.code, search.stderr).toBe(0);
  const ids = idsOnDisk(root);
  expect(ids.length, 'no id twice').toBe(new Set(ids).size);
  expect(new Set(ids)).toEqual(new Set(original));
  const hits = JSON.parse(search.stdout) as { id: string }[];
  expect(hits.filter((h) => /-\d+$/.test(h.id))).toEqual([]);
  const journal = path.join(root, '.engram/.journal');
  expect(fs.existsSync(journal) ? fs.readdirSync(journal).filter((f) => f.endsWith('.json')) : []).toEqual([]);
  const history = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', 'history']);
  const dreams = JSON.parse(history.stdout) as { id: string }[];
  const memoryNow = fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8');
  if (memoryNow === memoryBefore) {
    expect(dreams).toEqual([]);
    expect(fs.existsSync(path.join(root, '.engram/memory')) ? fs.readdirSync(path.join(root, '.engram/memory')).filter((f) => f.endsWith('.md')) : []).toEqual([]);
    return 'rolled back';
  }
  expect(dreams.length).toBe(1);
  expect(fs.existsSync(path.join(root, dreams[0] && `.engram/dreams/${dreams[0].id}.md`))).toBe(true);
  return 'finished';
}

describe('a dream killed while writing', () => {
  it('is finished or rolled back by the next start at every write step, and no id is ever doubled', { timeout: 180_000 }, async () => {
    const outcomes: string[] = [];
    const steps = ['journal', ...Array.from({ length: 9 }, (_, i) => `file:${i}`), 'commit', 'committed'];
    for (const step of steps) {
      const { root, dataDir, memory } = project();
      const original = idsOnDisk(root);
      const run = await dreamKilledAt(root, dataDir, step);
      if (step.startsWith('file:') && run.signal !== 'SIGKILL') continue; // fewer files than this
      expect(run.signal, step).toBe('SIGKILL');
      outcomes.push(`${step}: ${await expectRecovered(root, dataDir, original, memory)}`);
      // The next dream over the recovered state doubles nothing either.
      const again = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream', '--no-llm']);
      expect(again.code, again.stderr).toBe(0);
      const ids = idsOnDisk(root);
      expect(ids.length, step).toBe(new Set(ids).size);
      expect(new Set(ids), step).toEqual(new Set(original));
    }
    // Crashes before the commit undo the dream; after it, they finish it.
    expect(outcomes.filter((o) => o.endsWith('rolled back')).length).toBeGreaterThan(3);
    expect(outcomes).toContain('committed: finished');
  });

  it('is recovered after a real kill -9 the moment the first topic file appears', { timeout: 120_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const { root, dataDir, memory } = project();
      const original = idsOnDisk(root);
      // Killed as soon as the first topic file appears: MEMORY.md is not written yet.
      const watcher = fs.watch(path.join(root, '.engram'));
      const child = spawn(process.execPath, [ENGRAM_BIN, '--project', root, '--data-dir', dataDir, 'dream', '--no-llm'], { cwd: REPO_ROOT, stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      let topics: fs.FSWatcher | null = null;
      watcher.on('change', (_event, name) => {
        if (name !== 'memory' || topics) return;
        topics = fs.watch(path.join(root, '.engram/memory'));
        topics.on('change', (_e, file) => {
          if (String(file).endsWith('.md') && !String(file).startsWith('.')) child.kill('SIGKILL');
        });
      });
      await exited;
      watcher.close();
      (topics as fs.FSWatcher | null)?.close();
      await expectRecovered(root, dataDir, original, memory);
    }
  });
});
