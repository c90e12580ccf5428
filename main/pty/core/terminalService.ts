import crypto from 'node:crypto';
import path from 'node:path';
import type { TerminalInfo } from '../../../contract';
import { NotFoundError, UnsupportedError } from '../../errors/domainErrors';
import { HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS, type FromPtyHost, type UpgradeRequest } from '../protocol';
import type { PtyHostProcess, SpawnPtyHost } from './ptyHostProcess';

export interface TerminalServiceOptions {
  spawnHost: SpawnPtyHost;
  onChange: (projectId: string, terminals: TerminalInfo[]) => void;
  log?: (line: string) => void;
  /** Overrides the login shell (tests). */
  shell?: string;
  /**
   * Set in every shell over the login environment: the instance's data folder, so `engram` typed
   * in its own terminal uses the same one (an `engram serve --data-dir X` included).
   */
  shellEnv?: Record<string, string>;
}

interface TerminalRecord {
  info: TerminalInfo;
  /** The PTY host's key of the current shell; a restart makes a new one. */
  key: string | null;
  generation: number;
}

const SPAWN_TIMEOUT_MS = 20_000;
const DEFAULT_COLS = 80;
const DEFAULT_ROWS = 24;

/**
 * The host core's side of the terminals: keeps their list, starts the PTY host process on
 * demand, and routes each terminal's bytes between its PTY and the windows attached to it.
 * When the PTY host dies, every terminal says so and can be restarted (in a new host).
 */
export class TerminalService {
  private readonly terminals = new Map<string, TerminalRecord>();
  private readonly byKey = new Map<string, TerminalRecord>();
  /** Projects that have had a terminal since they were opened (their first one is not started for them again). */
  private readonly hadTerminal = new Set<string>();
  private readonly pendingSpawns = new Map<string, (message: FromPtyHost) => void>();
  private host: PtyHostProcess | undefined;
  private lastBeat = 0;
  private lastCheck = 0;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private nextAttachId = 1;
  private disposed = false;
  private disposal: Promise<void> = Promise.resolve();

  constructor(private readonly options: TerminalServiceOptions) {}

  /** The PTY host's process id, while one runs. */
  get hostPid(): number | undefined {
    return this.host?.pid;
  }

  list(projectId: string): TerminalInfo[] {
    return [...this.terminals.values()].filter((t) => t.info.projectId === projectId).map((t) => ({ ...t.info }));
  }

  has(id: string): boolean {
    return this.terminals.has(id);
  }

  /**
   * The first shell of a project, started when its Terminal tab is first shown; null when it has
   * a terminal or had one (closing them all is a choice a tab switch or a reload must not undo).
   * Decided before any await, so two windows showing the tab at once start one shell, not two.
   */
  async openFirst(projectId: string, cwd: string): Promise<TerminalInfo | null> {
    if (this.hadTerminal.has(projectId) || this.list(projectId).length > 0) return null;
    return this.create(projectId, cwd);
  }

  async create(projectId: string, cwd: string, size: { cols?: number; rows?: number; title?: string } = {}): Promise<TerminalInfo> {
    this.hadTerminal.add(projectId);
    const shellName = this.options.shell ? path.basename(this.options.shell) : null;
    const record: TerminalRecord = {
      info: {
        id: crypto.randomUUID(),
        projectId,
        title: size.title ?? this.freeTitle(projectId, shellName ?? 'shell'),
        cwd,
        shell: null,
        pid: null,
        cols: size.cols ?? DEFAULT_COLS,
        rows: size.rows ?? DEFAULT_ROWS,
        status: 'starting',
        exitCode: null,
        signal: null,
        message: null,
        createdAt: new Date().toISOString(),
      },
      key: null,
      generation: 0,
    };
    this.terminals.set(record.info.id, record);
    await this.startShell(record, size.title === undefined);
    return { ...record.info };
  }

  rename(id: string, title: string): TerminalInfo {
    const record = this.get(id);
    record.info.title = title;
    this.changed(record.info.projectId);
    return { ...record.info };
  }

  async restart(id: string): Promise<TerminalInfo> {
    const record = this.get(id);
    this.endShell(record, 'The terminal restarted.');
    await this.startShell(record, false);
    return { ...record.info };
  }

  resize(id: string, cols: number, rows: number): { cols: number; rows: number } {
    const record = this.get(id);
    record.info.cols = cols;
    record.info.rows = rows;
    if (record.key && record.info.status === 'running') this.host?.send({ type: 'resize', key: record.key, cols, rows });
    return { cols, rows };
  }

  close(id: string): boolean {
    const record = this.terminals.get(id);
    if (!record) return false;
    this.endShell(record, 'The terminal was closed.');
    this.terminals.delete(id);
    this.changed(record.info.projectId);
    return true;
  }

  /** Ends every shell of a project (the project was closed). */
  closeProject(projectId: string): void {
    this.hadTerminal.delete(projectId);
    for (const record of [...this.terminals.values()]) {
      if (record.info.projectId === projectId) this.close(record.info.id);
    }
  }

  /**
   * Hands a window's channel to the PTY host, which streams to it directly: the recent output
   * (the ring buffer) first, then everything new; the most recent window paces the shell.
   * `transport` is a socket whose WebSocket upgrade was authorised (with `upgrade`, the request)
   * or an Electron MessagePort. False when the terminal has no shell to connect to; the caller
   * then still owns the transport and ends it.
   */
  connect(id: string, transport: unknown, upgrade?: UpgradeRequest): boolean {
    const record = this.get(id);
    if (!record.key || !this.host || (record.info.status !== 'running' && record.info.status !== 'exited')) return false;
    this.host.send({ type: 'connect', key: record.key, attachId: this.nextAttachId++, upgrade }, transport);
    return true;
  }

  /** Ends all shells and the PTY host (the app quits); resolves once the host process is gone. */
  dispose(): Promise<void> {
    if (this.disposed) return this.disposal;
    this.disposed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.terminals.clear();
    const host = this.host;
    this.host = undefined;
    host?.send({ type: 'shutdown' });
    this.disposal = host ? host.kill() : Promise.resolve();
    return this.disposal;
  }

  /** "bash", then "bash 2", "bash 3": two tabs of a project never share a name. */
  private freeTitle(projectId: string, base: string, self?: string): string {
    const taken = new Set(this.list(projectId).filter((t) => t.id !== self).map((t) => t.title));
    if (!taken.has(base)) return base;
    let n = 2;
    while (taken.has(`${base} ${n}`)) n++;
    return `${base} ${n}`;
  }

  private get(id: string): TerminalRecord {
    const record = this.terminals.get(id);
    if (!record) throw new NotFoundError(`No terminal with id ${id}.`);
    return record;
  }

  private async startShell(record: TerminalRecord, titleFromShell: boolean): Promise<void> {
    if (this.disposed) throw new UnsupportedError('Engram is shutting down.');
    const key = `${record.info.id}.${++record.generation}`;
    record.key = key;
    this.byKey.set(key, record);
    Object.assign(record.info, { status: 'starting', pid: null, exitCode: null, signal: null, message: null });
    this.changed(record.info.projectId);

    const { cwd, cols, rows } = record.info;
    const answer = await new Promise<FromPtyHost>((resolve) => {
      const timer = setTimeout(() => {
        this.pendingSpawns.delete(key);
        resolve({ type: 'spawnFailed', key, message: 'The shell did not start within 20 seconds.' });
      }, SPAWN_TIMEOUT_MS);
      this.pendingSpawns.set(key, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.ensureHost().send({ type: 'spawn', key, cwd, cols, rows, shell: this.options.shell, env: this.options.shellEnv });
    });
    if (record.key !== key || !this.terminals.has(record.info.id)) return;
    if (answer.type === 'spawned') {
      Object.assign(record.info, { status: 'running', pid: answer.pid, shell: answer.shell });
      if (titleFromShell) record.info.title = this.freeTitle(record.info.projectId, path.basename(answer.shell), record.info.id);
    } else if (answer.type === 'spawnFailed') {
      Object.assign(record.info, { status: 'failed', message: answer.message });
      this.byKey.delete(key);
      record.key = null;
    }
    this.changed(record.info.projectId);
  }

  private endShell(record: TerminalRecord, reason: string): void {
    if (record.key) {
      this.host?.send({ type: 'close', key: record.key, reason });
      this.byKey.delete(record.key);
      this.pendingSpawns.get(record.key)?.({ type: 'spawnFailed', key: record.key, message: reason });
      record.key = null;
    }
  }

  private ensureHost(): PtyHostProcess {
    if (this.host) return this.host;
    const host = this.options.spawnHost();
    this.host = host;
    this.lastBeat = Date.now();
    host.onMessage((message) => {
      if (this.host === host) this.receive(message);
    });
    host.onExit((reason) => {
      if (this.host === host) this.hostLost(reason);
    });
    this.watchdog ??= setInterval(() => this.checkHeartbeat(), HEARTBEAT_MS);
    this.watchdog.unref?.();
    return host;
  }

  private receive(message: FromPtyHost): void {
    this.lastBeat = Date.now();
    if (message.type === 'heartbeat') return;
    if (message.type === 'spawned' || message.type === 'spawnFailed') {
      const settle = this.pendingSpawns.get(message.key);
      this.pendingSpawns.delete(message.key);
      if (settle) settle(message);
      else if (message.type === 'spawned') this.host?.send({ type: 'close', key: message.key });
      return;
    }
    const record = this.byKey.get(message.key);
    if (!record) return;
    if (message.type === 'exit') {
      const how = message.signal ? `was killed by signal ${message.signal}` : `exited with code ${message.exitCode}`;
      Object.assign(record.info, { status: 'exited', exitCode: message.exitCode, signal: message.signal || null, message: `The shell ${how}.` });
      this.changed(record.info.projectId);
    }
  }

  /** The PTY host is gone: its shells went with it. Say so; a restart starts a new host. */
  private hostLost(reason: string): void {
    this.host = undefined;
    if (this.disposed) return;
    this.options.log?.(`engram: the terminal host ${reason}`);
    for (const [key, settle] of this.pendingSpawns) settle({ type: 'spawnFailed', key, message: `The terminal host ${reason}.` });
    this.pendingSpawns.clear();
    const projects = new Set<string>();
    for (const record of this.terminals.values()) {
      if (!record.key) continue;
      this.byKey.delete(record.key);
      record.key = null;
      if (record.info.status === 'running' || record.info.status === 'starting') {
        Object.assign(record.info, { status: 'host-lost', pid: null, message: `The terminal host ${reason}; restart the terminal to get a new shell.` });
      }
      projects.add(record.info.projectId);
    }
    for (const p of projects) this.changed(p);
  }

  /** A host that stops answering (hung, not dead) is ended, so its terminals can restart. */
  private checkHeartbeat(): void {
    const now = Date.now();
    // Our own event loop was blocked: the host's beats are queued unread, not missing.
    if (now - this.lastCheck > 2 * HEARTBEAT_MS) this.lastBeat = now;
    this.lastCheck = now;
    if (!this.host) return;
    if (now - this.lastBeat > HEARTBEAT_TIMEOUT_MS) {
      this.options.log?.('engram: the terminal host stopped answering; ending it');
      const host = this.host;
      this.hostLost('stopped answering');
      void host.kill();
    }
  }

  private changed(projectId: string): void {
    if (!this.disposed) this.options.onChange(projectId, this.list(projectId));
  }
}
