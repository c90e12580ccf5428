import type { ApiErrorShape, ApiEvents, ApiMethod, ApiResponses, AppInfo, ShellKind } from '../../preload/api';
import { requestSchemas } from '../../preload/api';
import { openDatabase, type Database } from '../db/database';
import { Workbench } from '../projects/workbench';
import { forkPtyHost, type SpawnPtyHost } from '../pty/ptyHostProcess';
import { TerminalService } from '../pty/terminalService';
import { TaskService } from '../tasks/taskService';
import { ProjectMemories } from '../memory/projectMemories';
import { ProjectStatusBoard } from '../projects/projectStatus';
import { AgentService } from '../agent/agentService';
import type { SecretStore } from '../agent/config/secretStore';
import { DreamService, DreamProjectNotOpenError } from '../dream/dreamService';
import { DreamScheduler } from '../dream/dreamScheduler';
import { DreamBusyError } from '../dream/dreamTypes';
import { DreamNotFoundError } from '../dream/dreamRevert';
import { DistillService } from '../distill/distillService';
import { HostError } from './hostError';
import { TypedEvents } from './typedEvents';
import { ENGRAM_VERSION } from './version';

export interface HostOptions {
  dataDir: string;
  shell: ShellKind;
  /** better-sqlite3 binary for another ABI (Electron). */
  nativeBinding?: string;
  /** Native folder dialog, where the shell has one. */
  pickFolder?: () => Promise<string | null>;
  log?: (line: string) => void;
  /** How the PTY host process is started: a forked Node child unless the shell says otherwise. */
  spawnPtyHost?: SpawnPtyHost;
  /** Where provider keys are kept (Electron safeStorage); else <data-dir>/config.json. */
  secrets?: SecretStore;
  /** Environment the agent reads its provider from (SPEC §6); process.env by default. */
  env?: NodeJS.ProcessEnv;
}

type Handlers = {
  [M in ApiMethod]: (params: never) => ApiResponses[M] | Promise<ApiResponses[M]>;
};

/**
 * The host core: one per process, shared by every window and transport. It knows nothing of
 * Electron or WebSockets; shells call `handle` with untrusted input and forward `events`.
 */
export class Host {
  readonly events = new TypedEvents<ApiEvents>();
  readonly db: Database;
  readonly workbench: Workbench;
  readonly tasks: TaskService;
  readonly memories: ProjectMemories;
  readonly status: ProjectStatusBoard;
  readonly terminals: TerminalService;
  readonly agent: AgentService;
  readonly dreams: DreamService;
  readonly distill: DistillService;
  private readonly dreamScheduler: DreamScheduler;
  private readonly handlers: Handlers;
  private closed = false;

  constructor(private readonly options: HostOptions) {
    this.db = openDatabase(options.dataDir, { nativeBinding: options.nativeBinding, log: options.log, check: true });
    this.workbench = new Workbench(this.db, (state) => this.events.emit('workbench.changed', state));
    this.terminals = new TerminalService({
      spawnHost: options.spawnPtyHost ?? forkPtyHost(),
      onChange: (projectId, terminals) => this.events.emit('terminal.changed', { projectId, terminals }),
      log: options.log,
    });
    this.workbench.onProjectClosed((id) => this.terminals.closeProject(id));
    this.status = new ProjectStatusBoard(
      {
        openProjectIds: () => this.workbench.state().projects.map((p) => p.id),
        openTasks: (id) => this.tasks.board(id).tasks.filter((t) => t.status !== 'done').length,
        agent: (id) => this.agent.activity(id),
        lastDreamAt: (id) => this.dreams.lastRunAt(id),
      },
      (projectId, status) => this.events.emit('projects.status', { projectId, status }),
    );
    this.tasks = new TaskService({
      projectRoot: (id) => this.workbench.project(id)?.path,
      onChange: (projectId, board) => {
        this.events.emit('tasks.changed', { projectId, ...board });
        this.status.changed(projectId);
      },
    });
    // One watcher per project (the memory engine's, over all of .engram/) feeds every view.
    this.memories = new ProjectMemories({
      db: this.db,
      dataDir: options.dataDir,
      projectRoot: (id) => this.workbench.project(id)?.path,
      log: options.log,
      onChange: (projectId, report) => {
        this.events.emit('memory.changed', { projectId });
        if (report) this.tasks.filesChanged(projectId);
      },
    });
    this.workbench.onProjectClosed((id) => void this.memories.closeProject(id));
    this.agent = new AgentService({
      db: this.db,
      dataDir: options.dataDir,
      env: options.env ?? process.env,
      projectPath: (id) => this.projectPath(id),
      emit: (event, payload) => {
        this.events.emit(event, payload);
        // Runs starting/ending and permission asks change what the sidebar shows.
        if (event === 'agent.changed' || (payload as ApiEvents['agent.event']).event?.type === 'permission') {
          this.status.changed(payload.projectId);
        }
      },
      secrets: options.secrets,
      memoryEngine: (id) => this.memories.engine(id),
      log: options.log,
    });
    this.workbench.onProjectClosed((id) => this.agent.closeProject(id));
    this.dreams = new DreamService({
      db: this.db,
      dataDir: options.dataDir,
      env: options.env ?? process.env,
      projectRoot: (id) => this.workbench.project(id)?.path,
      onChanged: (projectId, list) => {
        this.events.emit('dreams.changed', { projectId, ...list });
        this.status.changed(projectId);
      },
      onProgress: (projectId, step, running) => this.events.emit('dreams.progress', { projectId, step, running }),
      log: options.log,
    });
    this.distill = new DistillService({
      db: this.db,
      dataDir: options.dataDir,
      env: options.env ?? process.env,
      projectPath: (id) => this.projectPath(id),
      onChanged: (projectId) => this.events.emit('artifacts.changed', { projectId }),
      log: options.log,
    });
    // Overdue dreams of the open projects run now, then the schedule is checked hourly.
    this.dreamScheduler = new DreamScheduler({
      service: this.dreams,
      openProjects: () => this.workbench.state().projects.map((p) => ({ id: p.id, path: p.path })),
      log: options.log,
    });
    this.dreamScheduler.start();
    this.handlers = this.createHandlers();
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  info(): AppInfo {
    return {
      name: 'Engram',
      version: ENGRAM_VERSION,
      shell: this.options.shell,
      dataDir: this.options.dataDir,
      platform: process.platform,
      canPickFolder: Boolean(this.options.pickFolder),
    };
  }

  /**
   * Validates and runs one request. Never throws: the answer is a result or an error a person
   * can read, so a bad request from any client cannot take the host down.
   */
  async handle(method: string, params: unknown): Promise<{ result: unknown } | { error: ApiErrorShape }> {
    if (!Object.prototype.hasOwnProperty.call(requestSchemas, method)) {
      return { error: { code: 'unknown_method', message: `Unknown method: ${String(method).slice(0, 100)}` } };
    }
    const schema = requestSchemas[method as ApiMethod];
    const parsed = schema.safeParse(params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return { error: { code: 'invalid_request', message: `Invalid request for ${method}: ${where}${issue?.message}` } };
    }
    try {
      const handler = this.handlers[method as ApiMethod] as (p: unknown) => unknown;
      return { result: await handler(parsed.data) };
    } catch (err) {
      if (err instanceof HostError) return { error: { code: err.code, message: err.message } };
      this.options.log?.(`engram: ${method} failed: ${(err as Error)?.stack ?? err}`);
      return { error: { code: 'internal', message: `${method} failed: ${(err as Error)?.message ?? err}` } };
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dreamScheduler.stop();
    this.agent.dispose();
    void this.memories.dispose();
    void this.terminals.dispose();
    this.db.close();
  }

  private projectPath(projectId: string): string {
    const project = this.workbench.state().projects.find((p) => p.id === projectId);
    if (!project) throw new HostError('not_found', `No open project with id ${projectId}.`);
    return project.path;
  }

  private createHandlers(): Handlers {
    const wb = this.workbench;
    return {
      'app.info': () => this.info(),
      'workbench.state': () => wb.state(),
      'projects.open': ({ path }: { path: string }) => wb.open(path),
      'projects.close': ({ id }: { id: string }) => ({ closed: wb.close(id) }),
      'projects.activate': ({ id }: { id: string | null }) => ({ activeProjectId: wb.activate(id) }),
      'projects.setView': ({ id, view }: { id: string; view: never }) => wb.setView(id, view),
      'projects.pickFolder': async () => {
        if (!this.options.pickFolder) {
          throw new HostError('unsupported', 'This shell has no folder dialog: type the folder path instead.');
        }
        return { path: await this.options.pickFolder() };
      },
      'layout.set': (patch: object) => wb.setLayout(patch),
      'projects.status': () => this.status.all(),
      'tasks.list': ({ projectId }: { projectId: string }) => {
        this.memories.engine(projectId); // starts watching the project's files
        return this.tasks.board(projectId);
      },
      'memory.timeline': ({ projectId, ...filter }: { projectId: string; limit?: number; before?: number; offset?: number; type?: string; actor?: string; session?: string }) =>
        this.memories.timeline(projectId, { ...filter, limit: filter.limit ?? 200 }),
      'memory.search': ({ projectId, query, limit }: { projectId: string; query: string; limit?: number }) => ({
        hits: this.memories.engine(projectId).search(query, { limit: limit ?? 50 }),
      }),
      'memory.entry': ({ projectId, id }: { projectId: string; id: string }) => this.memories.entry(projectId, id),
      'memory.edit': ({ projectId, id, text, expectedText }: { projectId: string; id: string; text: string; expectedText: string }) =>
        this.memories.edit(projectId, id, text, expectedText),
      'tasks.create': ({ projectId, title }: { projectId: string; title: string }) => this.tasks.create(projectId, title),
      'tasks.update': ({ projectId, id, ...change }: { projectId: string; id: string; title?: string; status?: never; progress?: string }) =>
        this.tasks.update(projectId, id, change),
      'terminal.list': ({ projectId }: { projectId: string }) => this.terminals.list(projectId),
      'terminal.create': ({ projectId, ...size }: { projectId: string; cols?: number; rows?: number; title?: string }) =>
        this.terminals.create(projectId, this.projectPath(projectId), size),
      'terminal.close': ({ id }: { id: string }) => ({ closed: this.terminals.close(id) }),
      'terminal.rename': ({ id, title }: { id: string; title: string }) => this.terminals.rename(id, title),
      'terminal.restart': ({ id }: { id: string }) => this.terminals.restart(id),
      'terminal.resize': ({ id, cols, rows }: { id: string; cols: number; rows: number }) => this.terminals.resize(id, cols, rows),
      'agent.status': ({ projectId }: { projectId: string }) => this.agent.status(projectId),
      'agent.send': ({ projectId, ...input }: { projectId: string; text: string; mode?: never; sessionId?: string | null }) =>
        this.agent.send(projectId, input),
      'agent.stop': ({ projectId }: { projectId: string }) => ({ stopped: this.agent.stop(projectId) }),
      'agent.permission': ({ projectId, requestId, answer }: { projectId: string; requestId: string; answer: never }) => {
        const answered = this.agent.answer(projectId, requestId, answer);
        this.status.changed(projectId);
        return { answered };
      },
      'sessions.list': ({ projectId }: { projectId: string }) => this.agent.list(projectId),
      'sessions.open': ({ id }: { id: string }) => this.agent.open(id),
      'sessions.rename': ({ id, title }: { id: string; title: string }) => this.agent.rename(id, title),
      'sessions.delete': ({ id }: { id: string }) => ({ deleted: this.agent.delete(id) }),
      'dreams.list': ({ projectId }: { projectId: string }) => dreamCall(() => this.dreams.list(projectId)),
      'dreams.run': ({ projectId, noLlm }: { projectId: string; noLlm?: boolean }) =>
        dreamCall(() => this.dreams.run(projectId, { noLlm })),
      'dreams.revert': ({ projectId, id }: { projectId: string; id: string }) => dreamCall(() => this.dreams.revert(projectId, id)),
      'dreams.diff': ({ projectId, id }: { projectId: string; id: string }) => dreamCall(() => this.dreams.diff(projectId, id)),
      'artifacts.list': ({ projectId }: { projectId: string }) => this.distill.list(projectId),
      'distill.propose': ({ projectId, ...input }: { projectId: string; sinceDays?: number; noLlm?: boolean }) => this.distill.propose(projectId, input),
      'distill.accept': ({ projectId, ...input }: { projectId: string; type: never; name: string; content: string }) => this.distill.accept(projectId, input),
      'distill.reject': ({ projectId, key }: { projectId: string; key: string }) => this.distill.reject(projectId, key),
      'settings.setProvider': ({ projectId, ...choice }: { projectId: string; provider: never; model: string; baseUrl?: string; apiKey?: string }) =>
        this.agent.setProvider(projectId, choice),
    };
  }
}

/** Dream errors in the host's words: busy and not-found are answers, not failures. */
async function dreamCall<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DreamBusyError) throw new HostError('busy', err.message);
    if (err instanceof DreamProjectNotOpenError || err instanceof DreamNotFoundError) throw new HostError('not_found', err.message);
    throw err;
  }
}
