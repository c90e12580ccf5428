import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const RESOLVE_TIMEOUT_MS = 5_000;
const MARKER = '__ENGRAM_ENV_7f3a__';

/** Variables of our own process that must not leak into the user's shell. */
const DROP = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE', 'NODE_OPTIONS', 'NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE'];

/** The user's login shell: $SHELL, else the passwd entry, else /bin/sh. */
export function userShell(): string {
  if (process.env.SHELL) return process.env.SHELL;
  try {
    const fromPasswd = os.userInfo().shell;
    if (fromPasswd) return fromPasswd;
  } catch {
    // No passwd entry (some containers): fall through.
  }
  return '/bin/sh';
}

/** Why `shell` cannot be started, or null when it can. */
export function shellProblem(shell: string): string | null {
  try {
    const stat = fs.statSync(shell);
    if (!stat.isFile()) return `${shell} is not a file.`;
    fs.accessSync(shell, fs.constants.X_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${shell} does not exist.`;
    if (code === 'EACCES') return `${shell} is not executable.`;
    return `${shell} cannot be used: ${(err as Error).message}`;
  }
}

/**
 * The environment the user's login shell sets up (PATH above all). An app started from a
 * desktop launcher inherits a minimal environment; asking the login shell once fixes that.
 * Falls back to our own environment when the shell is slow, broken or missing.
 */
export function resolveLoginEnvironment(shell: string, timeoutMs = RESOLVE_TIMEOUT_MS): Promise<NodeJS.ProcessEnv> {
  if (process.platform === 'win32' || shellProblem(shell)) return Promise.resolve(cleanEnv({ ...process.env }));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (parsed: Record<string, string> | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(cleanEnv(parsed ? { ...process.env, ...parsed } : { ...process.env }));
    };
    const child = execFile(
      shell,
      ['-ilc', `printf '%s' ${MARKER}; command env -0; printf '%s' ${MARKER}`],
      { maxBuffer: 4 * 1024 * 1024, encoding: 'utf8', env: process.env, cwd: os.homedir() },
      (err, stdout) => settle(err ? null : parseEnvOutput(stdout)),
    );
    // An interactive shell ignores SIGTERM (execFile's own timeout would wait on it forever),
    // and a terminal must not wait on a hung rc file: give up on time, whatever the shell does.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(null);
    }, timeoutMs);
  });
}

/** Parses the NUL-separated `env -0` output between the markers (rc files may print around it). */
export function parseEnvOutput(stdout: string): Record<string, string> | null {
  const start = stdout.indexOf(MARKER);
  const end = stdout.lastIndexOf(MARKER);
  if (start < 0 || end <= start) return null;
  const env: Record<string, string> = {};
  for (const entry of stdout.slice(start + MARKER.length, end).split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env.PATH ? env : null;
}

function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  for (const name of DROP) delete env[name];
  // The login shell's own shell-level counters are not the new terminal's.
  delete env.SHLVL;
  delete env.OLDPWD;
  return env;
}
