import { spawn } from 'node:child_process';
import { z } from 'zod';
import { defineTool } from './toolTypes';

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_TIMEOUT_MS = 600_000;
/** Kept from each end of the output; the middle is dropped with a note. */
const KEEP_CHARS = 15_000;
const KILL_GRACE_MS = 2_000;

export const bashTool = defineTool({
  name: 'bash',
  description: `Run a shell command (bash -c) in the project folder. Output (stdout+stderr) is capped. Default timeout ${DEFAULT_TIMEOUT_MS} ms.`,
  schema: z.object({
    command: z.string().min(1),
    timeout_ms: z.number().int().min(1).max(MAX_TIMEOUT_MS).optional(),
  }),
  readOnly: false,
  subject: (input) => input.command,
  run(input, ctx) {
    return new Promise((resolve) => {
      // Its own process group, so stopping it also stops whatever it started.
      const child = spawn('bash', ['-c', input.command], {
        cwd: ctx.root,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ENGRAM_SESSION_ID: ctx.sessionId },
      });
      const output = new CappedText(KEEP_CHARS);
      child.stdout.on('data', (d: Buffer) => output.push(d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => output.push(d.toString('utf8')));
      let why: 'timeout' | 'cancelled' | null = null;
      const stop = (reason: 'timeout' | 'cancelled') => {
        if (why) return;
        why = reason;
        killGroup(child.pid, 'SIGTERM');
        setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
      };
      const timer = setTimeout(() => stop('timeout'), input.timeout_ms ?? DEFAULT_TIMEOUT_MS);
      const onAbort = () => stop('cancelled');
      if (ctx.signal.aborted) onAbort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const finish = (code: number | null, error?: Error) => {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        // The group may have left children behind after the shell exited.
        killGroup(child.pid, 'SIGKILL');
        const text = output.text();
        const tail =
          error ? `\n[could not run: ${error.message}]`
          : why === 'timeout' ? `\n[stopped: timed out after ${input.timeout_ms ?? DEFAULT_TIMEOUT_MS} ms]`
          : why === 'cancelled' ? '\n[stopped: cancelled by the user]'
          : `\n[exit code ${code}]`;
        resolve({ output: (text || '(no output)') + tail, isError: Boolean(error) || why !== null || code !== 0, meta: { exitCode: code } });
      };
      child.on('error', (err) => finish(null, err));
      child.on('close', (code) => finish(code));
    });
  },
});

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Keeps the head and the tail of a long output, which is where the useful lines are. */
class CappedText {
  private head = '';
  private tail = '';
  private dropped = 0;
  constructor(private readonly keep: number) {}
  push(s: string): void {
    if (this.head.length < this.keep) {
      const room = this.keep - this.head.length;
      this.head += s.slice(0, room);
      s = s.slice(room);
    }
    if (!s) return;
    this.tail += s;
    if (this.tail.length > this.keep) {
      this.dropped += this.tail.length - this.keep;
      this.tail = this.tail.slice(-this.keep);
    }
  }
  text(): string {
    return this.dropped ? `${this.head}\n… [${this.dropped} characters omitted] …\n${this.tail}` : this.head + this.tail;
  }
}
