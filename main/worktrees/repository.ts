import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UnsupportedError } from '../errors/domainErrors';
import { git } from './git';

/** A folder Engram cannot run worktree agents in; the message says why, for the card and the CLI. */
export class NotARepositoryError extends UnsupportedError {
  constructor(message: string) {
    super(message);
    this.name = 'NotARepositoryError';
  }
}

export interface Repository {
  /** The main checkout: the folder whose `.git` is the repository (not a linked worktree). */
  mainRoot: string;
  /** The checkout `dir` is in (the main one, or a linked worktree). */
  checkoutRoot: string;
  /** The commit HEAD names now. */
  head: string;
  /** The branch checked out in the main checkout; null when its HEAD is detached. */
  branch: string | null;
}

/**
 * The repository `dir` belongs to, found the way git finds it. The main checkout is the
 * parent of `git rev-parse --git-common-dir`: every worktree of a repository shares it, which
 * is how an agent in a worktree finds the one `.engram/` memory of its project (SPEC §3).
 */
export async function openRepository(dir: string): Promise<Repository> {
  const top = await git(dir, ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-common-dir'], { allowFail: true });
  if (top.code !== 0) throw new NotARepositoryError(`${dir} is not a git repository: run \`git init\` and commit once to start agents in worktrees.`);
  const [checkoutRoot, commonDir] = top.stdout.trim().split('\n');
  if (!commonDir || path.basename(commonDir) !== '.git') {
    throw new NotARepositoryError(`${dir} belongs to a bare repository (${commonDir}): open a checkout of it instead.`);
  }
  const mainRoot = realpath(path.dirname(commonDir));
  const head = await git(mainRoot, ['rev-parse', '--verify', '-q', 'HEAD'], { allowFail: true });
  if (head.code !== 0) throw new NotARepositoryError(`${mainRoot} has no commit yet: commit once, then start agents (a worktree branches from a commit).`);
  const branch = await git(mainRoot, ['symbolic-ref', '--short', '-q', 'HEAD'], { allowFail: true });
  return { mainRoot, checkoutRoot: realpath(checkoutRoot), head: head.stdout.trim(), branch: branch.code === 0 ? branch.stdout.trim() : null };
}

/** The branch an agent of task `taskId` works on. */
export const taskBranch = (taskId: string) => `engram/${taskId}`;

/**
 * `<data-dir>/worktrees/<project>/`: a project's worktrees live in Engram's data folder, never
 * inside the repository (a checkout inside a checkout confuses tools and watchers). The
 * project's folder name is readable and unique: its name and a hash of its path.
 */
export function projectWorktreesDir(dataDir: string, mainRoot: string): string {
  const hash = crypto.createHash('sha256').update(mainRoot).digest('hex').slice(0, 8);
  const name = path.basename(mainRoot).replace(/[^A-Za-z0-9._-]/g, '_') || 'project';
  return path.join(dataDir, 'worktrees', `${name}-${hash}`);
}

export function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
