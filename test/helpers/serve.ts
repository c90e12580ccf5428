import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { ENGRAM_BIN, REPO_ROOT } from './cli';
import { endChild, trackChild } from './children';

/** How long a server may take to print its URL (a cold start on a loaded machine is slow). */
const URL_WAIT_MS = 60_000;

export interface Served {
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<number | null>;
}

/** Starts `engram serve --json` on a random port and waits for its `{"url"}` line. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, [ENGRAM_BIN, '--json', ...args, 'serve', '--port', '0'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ENGRAM_DATA_DIR: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child, `engram ${[...args, 'serve'].join(' ')}`);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let firstLine: string;
  try {
    firstLine = await new Promise<string>((resolve, reject) => {
      const rl = readline.createInterface({ input: child.stdout! });
      const timer = setTimeout(() => reject(new Error(`engram serve printed no URL in ${URL_WAIT_MS / 1000} s: ${stderr}`)), URL_WAIT_MS);
      rl.once('line', (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`engram serve exited ${code}: ${stderr}`));
      });
    });
  } catch (err) {
    // A server that was slow to start (a loaded machine) would otherwise print its URL later
    // and serve on, orphaned, long after the suite.
    await endChild(child);
    throw err;
  }
  const { url } = JSON.parse(firstLine) as { url: string };
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    child,
    stderr: () => stderr,
    stop: async () => {
      await endChild(child);
      return child.exitCode;
    },
  };
}
