import * as nodePty from 'node-pty';
import type { FromPtyHost, SpawnRequest, ToPtyHost } from '../protocol';
import { HostedTerminal } from './hostedTerminal';
import type { OutputChannel } from './outputChannel';
import { resolveLoginEnvironment, shellProblem, userShell } from './loginEnvironment';

export interface PtyHostOptions {
  send: (message: FromPtyHost) => void;
  /** Ring buffer size per terminal. */
  scrollbackBytes?: number;
}

/**
 * The PTY host's logic, free of how messages travel (forked child or Electron utility
 * process): spawns shells, streams their output, obeys input, resizes and acks.
 */
export class PtyHost {
  private readonly terminals = new Map<string, HostedTerminal>();
  private readonly loginEnvs = new Map<string, Promise<NodeJS.ProcessEnv>>();

  constructor(private readonly options: PtyHostOptions) {}

  get size(): number {
    return this.terminals.size;
  }

  handle(message: ToPtyHost): void {
    switch (message.type) {
      case 'spawn':
        void this.spawn(message);
        return;
      case 'resize':
        this.terminals.get(message.key)?.resize(message.cols, message.rows);
        return;
      case 'connect':
        // A connect needs its channel: the process entry builds it and calls connect().
        return;
      case 'close':
        this.terminals.get(message.key)?.kill(message.reason);
        this.terminals.delete(message.key);
        return;
      case 'shutdown':
        this.shutdown();
        return;
    }
  }

  /** A window's channel to a terminal; closed at once when there is no such terminal (any more). */
  connect(key: string, attachId: number, channel: OutputChannel): void {
    const terminal = this.terminals.get(key);
    if (terminal) terminal.attach(attachId, channel);
    else channel.close('The terminal is not running.');
  }

  /** Ends every shell (SIGHUP, as closing a terminal window does). */
  shutdown(): void {
    for (const terminal of this.terminals.values()) terminal.kill('Engram is shutting down.');
    this.terminals.clear();
  }

  private async spawn(request: SpawnRequest): Promise<void> {
    const { key, cwd, cols, rows } = request;
    const shell = request.shell ?? userShell();
    const problem = shellProblem(shell);
    if (problem) return this.options.send({ type: 'spawnFailed', key, message: `Cannot start the shell: ${problem}` });
    let env: NodeJS.ProcessEnv;
    try {
      env = await this.loginEnv(shell);
    } catch {
      env = { ...process.env };
    }
    try {
      const pty = nodePty.spawn(shell, loginArgs(shell), {
        name: 'xterm-256color',
        cols,
        rows,
        cwd,
        encoding: null,
        env: { ...env, ...request.env, PWD: cwd, TERM: 'xterm-256color', COLORTERM: 'truecolor', TERM_PROGRAM: 'Engram' } as Record<string, string>,
      });
      const terminal = new HostedTerminal(
        pty,
        { exit: (exitCode, signal) => this.options.send({ type: 'exit', key, exitCode, signal }) },
        this.options.scrollbackBytes,
      );
      this.terminals.set(key, terminal);
      this.options.send({ type: 'spawned', key, pid: pty.pid, shell });
    } catch (err) {
      this.options.send({ type: 'spawnFailed', key, message: `Cannot start ${shell}: ${(err as Error).message}` });
    }
  }

  /** Resolved once per shell and cached: it runs the user's rc files, which can be slow. */
  private loginEnv(shell: string): Promise<NodeJS.ProcessEnv> {
    let env = this.loginEnvs.get(shell);
    if (!env) this.loginEnvs.set(shell, (env = resolveLoginEnvironment(shell)));
    return env;
  }
}

/** A login shell reads the user's profile, as a terminal emulator's shell does. */
function loginArgs(shell: string): string[] {
  return /(^|\/)(bash|zsh|fish|sh|ksh|dash)$/.test(shell) ? ['-l'] : [];
}
