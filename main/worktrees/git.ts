import { execFile } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A git command that failed, with git's own words (its first stderr lines) in the message. */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly result: GitResult,
  ) {
    const said = (result.stderr || result.stdout).trim().split('\n').slice(0, 4).join(' ');
    super(`git ${args[0]} failed: ${said || `exit code ${result.code}`}`);
    this.name = 'GitCommandError';
  }
}

const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs git in `cwd` without a shell and without prompts (no pager, no editor, no credential
 * asks), so a merge or a commit can never hang waiting for a person. Rejects with
 * GitCommandError on a non-zero exit unless `allowFail`.
 */
export function git(cwd: string, args: string[], options: { allowFail?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        maxBuffer: MAX_OUTPUT,
        env: { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', GIT_PAGER: 'cat', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          reject(new Error(`git could not be started (${(err as Error).message}); is git installed?`));
          return;
        }
        const result = { code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) };
        if (result.code !== 0 && !options.allowFail) reject(new GitCommandError(args, result));
        else resolve(result);
      },
    );
  });
}

/** stdout of a git command that must succeed, without its final newline. */
export async function gitOut(cwd: string, args: string[]): Promise<string> {
  return (await git(cwd, args)).stdout.replace(/\n$/, '');
}

/**
 * Arguments that give a commit an author when the repository has none configured (a fresh
 * machine, a CI box): Engram's own name, so committing the agent's work never fails for that.
 */
export async function identityArgs(cwd: string): Promise<string[]> {
  const email = await git(cwd, ['config', 'user.email'], { allowFail: true });
  const name = await git(cwd, ['config', 'user.name'], { allowFail: true });
  const args: string[] = [];
  if (name.code !== 0 && !process.env.GIT_AUTHOR_NAME) args.push('-c', 'user.name=Engram');
  if (email.code !== 0 && !process.env.GIT_AUTHOR_EMAIL) args.push('-c', 'user.email=engram@localhost');
  return args;
}
