import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../cli';
import { trackChild } from '../children';

const JITI = path.join(REPO_ROOT, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs');

export interface TsProcess {
  child: ChildProcess;
  /** Resolves once the process printed its first line ("ready" by convention). */
  ready: Promise<void>;
  /** Everything it printed, once it exited. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Starts a TypeScript file of this repository as a real Node process (compiled on the fly by
 * jiti), for tests that need several processes running Engram's own modules at once.
 */
export function startTsProcess(file: string, args: string[], timeoutMs = 120_000, env: NodeJS.ProcessEnv = {}): TsProcess {
  const child = spawn(process.execPath, [JITI, file, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  trackChild(child, `${path.basename(file)} ${args.join(' ')}`);
  let stdout = '';
  let stderr = '';
  let onFirstLine: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onFirstLine = resolve));
  child.stdout!.on('data', (d) => {
    stdout += d;
    if (stdout.includes('\n')) onFirstLine();
  });
  child.stderr!.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      onFirstLine();
      resolve({ code, stdout, stderr });
    });
  });
  return { child, ready, done };
}
