import type { MergeKind } from '../../contract/worktrees';
import { ConflictError, UnsupportedError } from '../errors/domainErrors';
import { git, gitOut, identityArgs } from './git';

/** A merge git would stop on: nothing was changed, and the files are named. */
export class MergeConflictError extends ConflictError {
  constructor(
    message: string,
    readonly files: string[],
  ) {
    super(message);
    this.name = 'MergeConflictError';
  }
}

/** The main checkout has uncommitted changes in files the merge would touch. */
export class DirtyCheckoutError extends ConflictError {
  constructor(
    message: string,
    readonly files: string[],
  ) {
    super(message);
    this.name = 'DirtyCheckoutError';
  }
}

/**
 * Commits everything in a worktree (tracked changes and new files) with `message`; the new
 * commit, or null when there was nothing to commit.
 */
export async function commitAll(worktree: string, message: string): Promise<string | null> {
  const status = await gitOut(worktree, ['status', '--porcelain', '-z']);
  if (!status) return null;
  await git(worktree, ['add', '-A', '--', '.']);
  await git(worktree, [...(await identityArgs(worktree)), 'commit', '-q', '--no-verify', '-m', message]);
  return gitOut(worktree, ['rev-parse', 'HEAD']);
}

export async function hasUncommitted(worktree: string): Promise<boolean> {
  return Boolean(await gitOut(worktree, ['status', '--porcelain', '-z']));
}

/**
 * Merges `branch` into the branch checked out in `mainRoot`: a fast-forward when possible,
 * else a merge commit. Every check runs before the checkout is touched, so a refusal leaves
 * both sides exactly as they were:
 * - uncommitted changes in the main checkout block the merge only when the branch touches
 *   those same files (they are named);
 * - a conflict is found with `git merge-tree` (no working tree involved) and the conflicting
 *   files are named.
 */
export async function mergeBranch(mainRoot: string, into: string, branch: string, message: string): Promise<{ kind: MergeKind; commit: string }> {
  const head = await gitOut(mainRoot, ['rev-parse', 'HEAD']);
  const tip = await gitOut(mainRoot, ['rev-parse', '--verify', `${branch}^{commit}`]);
  if ((await git(mainRoot, ['merge-base', '--is-ancestor', tip, head], { allowFail: true })).code === 0) {
    return { kind: 'up-to-date', commit: head };
  }
  const mergeBase = await gitOut(mainRoot, ['merge-base', head, tip]);
  const touched = (await gitOut(mainRoot, ['diff', '--name-only', '-z', '--no-renames', mergeBase, tip])).split('\0').filter(Boolean);
  const dirty = dirtyPaths(await gitOut(mainRoot, ['status', '--porcelain', '-z', '--untracked-files=all']));
  const blocked = touched.filter((f) => dirty.has(f));
  if (blocked.length) {
    throw new DirtyCheckoutError(
      `Not merged: ${into} has uncommitted changes in ${listed(blocked)}, which ${branch} also changes. Commit or stash them, then merge again. Nothing was changed.`,
      blocked,
    );
  }
  const fastForward = head === mergeBase;
  if (!fastForward) {
    const probe = await git(mainRoot, ['merge-tree', '--write-tree', '--name-only', '--no-messages', head, tip], { allowFail: true });
    if (probe.code === 1) {
      const files = probe.stdout.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
      throw new MergeConflictError(
        `Not merged: ${branch} conflicts with ${into} in ${listed(files)}. Nothing was changed: both branches are as they were. Merge by hand (git merge ${branch}) or ask the agent to rebase its work.`,
        files,
      );
    }
    if (probe.code !== 0) throw new UnsupportedError(`Cannot check the merge of ${branch}: ${probe.stderr.trim() || `git merge-tree exit ${probe.code}`}`);
  }
  const args = fastForward
    ? ['merge', '--ff-only', '-q', tip]
    : [...(await identityArgs(mainRoot)), 'merge', '--no-ff', '--no-edit', '-q', '-m', message, tip];
  const result = await git(mainRoot, args, { allowFail: true });
  if (result.code !== 0) {
    // Checked above, so this is a race (someone committed meanwhile): undo what git started.
    if (!fastForward) await git(mainRoot, ['merge', '--abort'], { allowFail: true });
    throw new ConflictError(`Not merged: git stopped the merge of ${branch} (${(result.stderr || result.stdout).trim().split('\n')[0]}). Nothing was changed.`);
  }
  return { kind: fastForward ? 'fast-forward' : 'merge-commit', commit: await gitOut(mainRoot, ['rev-parse', 'HEAD']) };
}

/** Paths with uncommitted changes (staged, unstaged or untracked) from `git status -z`. */
function dirtyPaths(status: string): Set<string> {
  const paths = new Set<string>();
  const parts = status.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i];
    if (entry.length < 4) continue;
    paths.add(entry.slice(3));
    // A rename lists its old path as the next field.
    if (entry[0] === 'R' || entry[0] === 'C') paths.add(parts[++i]);
  }
  return paths;
}

function listed(files: string[]): string {
  const shown = files.slice(0, 8).join(', ');
  return files.length > 8 ? `${shown} and ${files.length - 8} more` : shown;
}
