import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../../main/db/database';
import { MemoryEngine } from '../../../main/memory/memoryEngine';
import { runDream } from '../../../main/dream/dreamRunner';
import { parseMemoryDocument } from '../../../main/memory/markdown/memoryDocument';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

/**
 * Real repositories for team-memory tests: an origin set up with `engram init --team` through
 * the built CLI (so git's merge driver is this checkout's bin/engram.js), and clones of it, each
 * with its own data folder, as two teammates' machines would be.
 */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Team Test',
  GIT_AUTHOR_EMAIL: 'team@test.invalid',
  GIT_COMMITTER_NAME: 'Team Test',
  GIT_COMMITTER_EMAIL: 'team@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs git and returns its status and output instead of throwing. */
export function gitTry(cwd: string, ...args: string[]): { ok: boolean; out: string } {
  try {
    return { ok: true, out: git(cwd, ...args) };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

export async function engram(root: string, ...args: string[]) {
  return runEngram(['--project', root, ...args], { env: { ...GIT_ENV } });
}

/** An origin repository with `.engram/` committed and the team setup done, plus its path. */
export async function teamOrigin(): Promise<string> {
  const origin = path.join(tempDir('engram-team-'), 'origin');
  git(path.dirname(origin), 'init', '-q', '-b', 'main', origin);
  fs.writeFileSync(path.join(origin, 'README.md'), '# app\n');
  const init = await engram(origin, 'init', '--team');
  if (init.code !== 0) throw new Error(init.stderr);
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'engram team memory');
  return origin;
}

export interface Clone {
  root: string;
  dataDir: string;
}

export async function cloneOf(origin: string, name: string, register = true): Promise<Clone> {
  const root = path.join(path.dirname(origin), name);
  git(path.dirname(origin), 'clone', '-q', origin, root);
  if (register) {
    const r = await engram(root, 'init', '--team');
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return { root, dataDir: tempDir(`engram-team-data-${name}-`) };
}

/** The memory engine of a clone, opened for `fn` and closed after (as the app would). */
export async function withEngine<T>(clone: Clone, fn: (engine: MemoryEngine) => T): Promise<T> {
  const db = openDatabase(clone.dataDir);
  const engine = new MemoryEngine({ db, projectRoot: clone.root, dataDir: clone.dataDir });
  try {
    engine.sync();
    return fn(engine);
  } finally {
    await engine.close();
    db.close();
  }
}

export async function dream(clone: Clone) {
  const db = openDatabase(clone.dataDir);
  try {
    return await runDream({ db, dataDir: clone.dataDir, projectRoot: clone.root, budget: { maxLines: 60, maxBytes: 4096 } });
  } finally {
    db.close();
  }
}

export function commitAll(clone: Clone, message: string): void {
  git(clone.root, 'add', '-A');
  if (gitTry(clone.root, 'diff', '--cached', '--quiet').ok) return;
  git(clone.root, 'commit', '-q', '-m', message);
}

/** Every memory file of the work tree that merges by entry id: MEMORY.md and topic files. */
export function memoryFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const read = (rel: string) => {
    const p = path.join(root, rel);
    if (fs.existsSync(p)) files.set(rel, fs.readFileSync(p).toString('latin1'));
  };
  read('.engram/MEMORY.md');
  const topics = path.join(root, '.engram/memory');
  if (fs.existsSync(topics)) for (const name of fs.readdirSync(topics)) if (name.endsWith('.md')) read(`.engram/memory/${name}`);
  return files;
}

/**
 * Where each entry id can be found: as an entry (live or superseded) in any memory file, or
 * named in a survivor's `merged:` list.
 */
export function presentIds(root: string): Set<string> {
  const ids = new Set<string>();
  for (const bytes of memoryFiles(root).values()) {
    for (const e of parseMemoryDocument(bytes).entries) {
      ids.add(e.id);
      for (const m of (e.meta.merged ?? '').split(',')) if (m) ids.add(m);
    }
  }
  return ids;
}

export function hasConflictMarkers(root: string): boolean {
  return [...memoryFiles(root).values()].some((b) => /^(<<<<<<<|=======|>>>>>>>)( |$)/m.test(b));
}
