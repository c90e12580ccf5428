import fs from 'node:fs';
import path from 'node:path';
import type { ChangedFile, FileChangeKind, FileDiff } from '../../contract/worktrees';
import { git } from './git';

/** Larger files are listed with their counts but their text is not sent to the Diff dialog. */
const MAX_TEXT_BYTES = 512 * 1024;

/** Where a task's changes are read from: its worktree (committed and not), or only its branch. */
export type DiffSide = { worktree: string } | { repo: string; branch: string };

/**
 * What changed on a task's branch since `base`, per file with +/− lines. With a worktree, its
 * uncommitted and untracked files count too: that is what Merge would land.
 */
export async function changedFiles(side: DiffSide, base: string): Promise<ChangedFile[]> {
  const cwd = 'worktree' in side ? side.worktree : side.repo;
  const range = 'worktree' in side ? [base] : [base, side.branch];
  const [status, numstat] = await Promise.all([
    git(cwd, ['diff', '--name-status', '-z', '-M', ...range, '--']),
    git(cwd, ['diff', '--numstat', '-z', '-M', ...range, '--']),
  ]);
  const counts = parseNumstat(numstat.stdout);
  const files = parseNameStatus(status.stdout).map((f) => ({ ...f, ...(counts.get(f.path) ?? { added: null, removed: null }) }));
  if ('worktree' in side) {
    const untracked = await git(cwd, ['ls-files', '--others', '--exclude-standard', '-z']);
    for (const rel of untracked.stdout.split('\0').filter(Boolean)) {
      const text = readText(path.join(cwd, rel));
      files.push({ path: rel, oldPath: null, change: 'added', added: text === null ? null : countLines(text), removed: text === null ? null : 0 });
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** Each changed file with its text before and after, for the unified and side-by-side views. */
export async function fileDiffs(side: DiffSide, base: string): Promise<FileDiff[]> {
  const files = await changedFiles(side, base);
  const cwd = 'worktree' in side ? side.worktree : side.repo;
  return Promise.all(
    files.map(async (f) => {
      const binary = f.added === null;
      if (binary) return { ...f, before: null, after: null, note: 'binary file' };
      const before = f.change === 'added' ? '' : await blob(cwd, base, f.oldPath ?? f.path);
      let after: string | null = '';
      if (f.change !== 'deleted') after = 'worktree' in side ? readText(path.join(side.worktree, f.path)) : await blob(cwd, side.branch, f.path);
      const tooLarge = before === null || after === null;
      return { ...f, before: tooLarge ? null : before, after: tooLarge ? null : after, note: tooLarge ? 'too large to show' : null };
    }),
  );
}

export function totals(files: ChangedFile[]): { added: number; removed: number } {
  return files.reduce((t, f) => ({ added: t.added + (f.added ?? 0), removed: t.removed + (f.removed ?? 0) }), { added: 0, removed: 0 });
}

async function blob(cwd: string, rev: string, rel: string): Promise<string | null> {
  const size = await git(cwd, ['cat-file', '-s', `${rev}:${rel}`], { allowFail: true });
  if (size.code !== 0) return '';
  if (Number(size.stdout.trim()) > MAX_TEXT_BYTES) return null;
  return (await git(cwd, ['show', `${rev}:${rel}`])).stdout;
}

function readText(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_TEXT_BYTES) return null;
    const bytes = fs.readFileSync(file);
    return bytes.includes(0) ? null : bytes.toString('utf8');
  } catch {
    return null;
  }
}

function countLines(text: string): number {
  if (!text) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const KINDS: Record<string, FileChangeKind> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', T: 'modified', C: 'added' };

function parseNameStatus(out: string): Array<{ path: string; oldPath: string | null; change: FileChangeKind }> {
  const parts = out.split('\0');
  const files: Array<{ path: string; oldPath: string | null; change: FileChangeKind }> = [];
  for (let i = 0; i < parts.length && parts[i]; ) {
    const code = parts[i][0];
    if (code === 'R' || code === 'C') {
      files.push({ oldPath: code === 'R' ? parts[i + 1] : null, path: parts[i + 2], change: KINDS[code] });
      i += 3;
    } else {
      files.push({ oldPath: null, path: parts[i + 1], change: KINDS[code] ?? 'modified' });
      i += 2;
    }
  }
  return files;
}

function parseNumstat(out: string): Map<string, { added: number | null; removed: number | null }> {
  const counts = new Map<string, { added: number | null; removed: number | null }>();
  const parts = out.split('\0');
  for (let i = 0; i < parts.length && parts[i]; ) {
    const [a, r, p] = parts[i].split('\t');
    const value = { added: a === '-' ? null : Number(a), removed: r === '-' ? null : Number(r) };
    if (p === '') {
      // A rename: the old and the new path follow as their own fields.
      counts.set(parts[i + 2], value);
      i += 3;
    } else {
      counts.set(p, value);
      i += 1;
    }
  }
  return counts;
}
