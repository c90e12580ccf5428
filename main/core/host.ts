import type { ApiErrorShape, ApiEvents, ApiHandlers, ApiMethod, AppInfo, AppNotice, ShellKind, WorkbenchState } from '../../contract';
import { requestSchemas } from '../../contract';
import { openDatabase, rebuildDatabase, type Database } from '../db/database';
import { ReopenableDatabase } from '../db/reopenableDatabase';
import { corruptionIn, DatabaseRecovery, rebuiltNotice } from './databaseRecovery';
import { READ_ONLY_METHODS } from './readOnlyMethods';
import { Workbench } from '../projects/workbench';
import { forkPtyHost, type SpawnPtyHost } from '../pty/core/ptyHostProcess';
import { TerminalService } from '../pty/core/terminalService';
import { shellChildren } from '../pty/core/shellActivity';
import { TaskService } from '../tasks/taskService';
import { ProjectMemories } from '../memory/projectMemories';
import { ProjectStatusBoard } from '../projects/projectStatus';
import { AgentService } from '../agent/agentService';
import type { SecretStore } from '../settings/secrets/secretStore';
import { defaultSecrets } from '../settings/secrets/defaultSecrets';
import { SettingsService } from '../settings/settingsService';
import { SemanticLayer } from '../memory/semantic/semanticLayer';
import { usageReport } from '../usage/usageReport';
import { McpHub } from '../mcp/client/mcpHub';
import { DreamService } from '../dream/dreamService';
import { DreamScheduler } from '../dream/dreamScheduler';
import { SkillService } from '../skills/skillService';
import { TaskRuns } from '../worktrees/taskRuns';
import { NotFoundError, UnsupportedError } from '../errors/domainErrors';
import { toApiError } from './apiErrors';
import { driverCommandFor, engramCliScript, registerMergeDriver, teamStatus } from '../teamMemory/teamSetup';
import { TypedEvents } from './typedEvents';
import { ENGRAM_VERSION } from './version';
import { cliCommand } from '../paths/cliCommand';
import { OutsideWrites, type OutsideChange } from './outsideWrites';
import { ConfigFileWatch } from '../settings/configFileWatch';
import { dataConfigPath, projectConfigPath } from '../settings/agentSettings';

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
  /** Where provider keys are kept (Electron safeStorage); else the system keyring or a 0600 file. */
  secrets?: SecretStore;
  /** Environment the agent reads its provider from (SPEC §6); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** What git runs as Engram's merge driver; this Node running bin/engram.js by default. */
  mergeDriverCommand?: string;
}

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
  readonly skills: SkillService;
  readonly settings: SettingsService;
  readonly semantic: SemanticLayer;
  readonly mcp: McpHub;
  readonly taskRuns: TaskRuns;
  private readonly dreamScheduler: DreamScheduler;
  /** Replaced with the connection when the database is rebuilt (it keeps prepared statements). */
  private outsideWrites: OutsideWrites;
  private readonly configWatch: ConfigFileWatch;
  private readonly handlers: ApiHandlers;
  private closed = false;
  /** The connection every service uses; replaced when the database is found damaged. */
  private readonly database: ReopenableDatabase;
  private readonly recovery = new DatabaseRecovery((err) => this.rebuildDatabase(err));
  /** What the window showed last, to bring back if the database has to be rebuilt. */
  private lastWorkbench: WorkbenchState | null = null;
  /** Every notice since the host started (a rebuild at open happens before any window listens). */
  private readonly notices: AppNotice[] = [];

  constructor(private readonly options: HostOptions) {
    this.database = new ReopenableDatabase(
      openDatabase(options.dataDir, {
        nativeBinding: options.nativeBinding,
        log: options.log,
        check: true,
        onRebuilt: (rebuilt) => this.notices.push(rebuiltNotice(rebuilt)),
      }),
    );
    this.db = this.database.db;
    const secrets = options.secrets ?? defaultSecrets(options.dataDir, options.env ?? process.env);
    this.settings = new SettingsService({
      dataDir: options.dataDir,
      env: options.env ?? process.env,
      secrets,
      onChanged: () => {
        this.configWatch.sawOwnWrite(dataConfigPath(options.dataDir));
        this.events.emit('settings.changed', {});
        this.semantic.settingsChanged();
        // Every open project's agent pane shows the provider: tell them all.
        for (const p of this.workbench.state().projects) this.events.emit('agent.changed', { projectId: p.id });
      },
    });
    this.mcp = new McpHub({
      dataDir: options.dataDir,
      env: options.env ?? process.env,
      onChange: (root) => {
        if (this.closed) return;
        for (const p of this.workbench.state().projects) if (p.path === root) this.events.emit('mcp.changed', { projectId: p.id });
      },
    });
    this.workbench = new Workbench(this.db, (state) => {
      this.lastWorkbench = state;
      this.events.emit('workbench.changed', state);
      this.outsideWrites?.projectsChanged();
      this.watchConfigFiles();
    });
    this.lastWorkbench = this.workbench.state();
    this.terminals = new TerminalService({
      spawnHost: options.spawnPtyHost ?? forkPtyHost(),
      onChange: (projectId, terminals) => this.events.emit('terminal.changed', { projectId, terminals }),
      log: options.log,
      shellEnv: { ENGRAM_DATA_DIR: options.dataDir },
    });
    this.workbench.onProjectClosed((id) => this.terminals.closeProject(id));
    this.status = new ProjectStatusBoard(
      {
        openProjectIds: () => this.workbench.state().projects.map((p) => p.id),
        openTasks: (id) => this.tasks.board(id).tasks.filter((t) => t.status !== 'done').length,
        agent: (id) => busiest(this.agent.activity(id), this.taskRuns.activity(id)),
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
    // Semantic search over memory, off unless an embedding model is chosen; entries are
    // embedded in the background, in batches between which the event loop is free.
    this.semantic = new SemanticLayer({
      db: this.db,
      settings: () => this.settings.embeddingSettings(),
      scopes: () => this.memories.openScopes(),
      onChange: () => {
        if (!this.closed) this.events.emit('memory.embeddingsChanged', {});
      },
      log: options.log,
    });
    // One watcher per project (the memory engine's, over all of .engram/) feeds every view.
    this.memories = new ProjectMemories({
      db: this.db,
      dataDir: options.dataDir,
      semantic: this.semantic,
      projectRoot: (id) => this.workbench.project(id)?.path,
      log: options.log,
      onChange: (projectId, report) => {
        this.events.emit('memory.changed', { projectId });
        this.semantic.wake();
        if (report) {
          this.tasks.filesChanged(projectId);
          // Engram's own skills live under .engram/ too, which this watcher covers.
          this.events.emit('skills.changed', { projectId });
        }
      },
    });
    this.workbench.onProjectClosed((id) => void this.memories.closeProject(id));
    this.agent = new AgentService({
      db: this.db,
      dataDir: options.dataDir,
      env: options.env ?? process.env,
      projectPath: (id) => this.projectPath(id),
      emit: (event, payload) => {
        // A run that ends while the host closes has nobody left to tell (and no database).
        if (this.closed) return;
        this.events.emit(event, payload);
        // Runs starting/ending and permission asks change what the sidebar shows.
        if (event === 'agent.changed' || (payload as ApiEvents['agent.event']).event?.type === 'permission') {
          this.status.changed(payload.projectId);
        }
        this.usageAfter(event, payload);
      },
      settings: this.settings,
      mcp: this.mcp,
      memoryEngine: (id) => this.memories.engine(id),
      log: options.log,
    });
    this.workbench.onProjectClosed((id) => this.agent.closeProject(id));
    // Called after the project left the list: stop the MCP servers no open project uses.
    this.workbench.onProjectClosed(() => this.mcp.closeOthers(new Set(this.workbench.state().projects.map((p) => p.path))));
    this.taskRuns = new TaskRuns({
      dataDir: options.dataDir,
      orchestrator: this.agent.runs,
      projectPath: (id) => this.projectPath(id),
      memoryEngine: (id) => this.memories.engine(id),
      emit: (event, payload) => {
        this.events.emit(event, payload);
        if (event === 'worktrees.changed') this.status.changed(payload.projectId);
        this.usageAfter(event, payload);
      },
      log: options.log,
    });
    this.workbench.onProjectClosed((id) => this.taskRuns.closeProject(id));
    this.dreams = new DreamService({
      db: this.db,
      dataDir: options.dataDir,
      env: options.env ?? process.env,
      secrets,
      projectRoot: (id) => this.workbench.project(id)?.path,
      onChanged: (projectId, list) => {
        this.events.emit('dreams.changed', { projectId, ...list });
        this.status.changed(projectId);
      },
      onProgress: (projectId, step, running) => this.events.emit('dreams.progress', { projectId, step, running }),
      log: options.log,
    });
    this.skills = new SkillService({
      db: this.db,
      dataDir: options.dataDir,
      env: options.env ?? process.env,
      secrets,
      projectPath: (id) => this.projectPath(id),
      onChanged: (projectId) => this.events.emit('skills.changed', { projectId }),
      log: options.log,
    });
    this.workbench.onProjectClosed((id) => this.skills.closeProject(id));
    // Overdue dreams of the open projects run now, then the schedule is checked hourly.
    this.dreamScheduler = new DreamScheduler({
      service: this.dreams,
      openProjects: () => this.workbench.state().projects.map((p) => ({ id: p.id, path: p.path })),
      log: options.log,
    });
    this.dreamScheduler.start();
    // What other processes (the CLI beside the window) write only to engram.db reaches the
    // open views too: file changes come through each project's watcher, these through here.
    this.outsideWrites = this.watchOutsideWrites();
    // Settings files another process changed (`engram config set`, an editor): every view
    // that shows settings, the provider or MCP servers refetches.
    this.configWatch = new ConfigFileWatch(() => this.configChangedOutside());
    this.watchConfigFiles();
    this.semantic.start();
    this.handlers = this.createHandlers();
  }

  private watchOutsideWrites(): OutsideWrites {
    const watch = new OutsideWrites({
      db: this.db,
      projects: () => this.workbench.state().projects.map((p) => ({ id: p.id, path: p.path })),
      onChange: (changes) => this.outsideChanged(changes),
      log: this.options.log,
    });
    watch.start();
    return watch;
  }

  /** Tells the open views what another process changed in engram.db (see OutsideWrites). */
  private outsideChanged(changes: OutsideChange[]): void {
    if (this.closed) return;
    for (const c of changes) {
      if (c.kind === 'usage') {
        this.events.emit('usage.changed', {});
        continue;
      }
      const projectId = c.projectId!;
      if (c.kind === 'agent') {
        this.events.emit('agent.changed', { projectId });
        this.status.changed(projectId);
      } else if (c.kind === 'memory') {
        this.events.emit('memory.changed', { projectId });
      } else if (c.kind === 'dreams') {
        this.events.emit('dreams.changed', { projectId, ...this.dreams.list(projectId) });
        this.status.changed(projectId);
      }
    }
  }

  private watchConfigFiles(): void {
    this.configWatch?.watch([dataConfigPath(this.options.dataDir), ...this.workbench.state().projects.map((p) => projectConfigPath(p.path))]);
  }

  private configChangedOutside(): void {
    if (this.closed) return;
    this.events.emit('settings.changed', {});
    // `engram config set embeddings.*` beside the window turns semantic search on, off or over.
    this.semantic.settingsChanged();
    for (const p of this.workbench.state().projects) {
      this.events.emit('agent.changed', { projectId: p.id });
      this.events.emit('mcp.changed', { projectId: p.id });
    }
  }

  /** A finished agent run (the pane's or a task's) recorded its model requests' usage. */
  private usageAfter(event: string, payload: unknown): void {
    if (event === 'agent.event' && (payload as ApiEvents['agent.event']).event.type === 'done') this.events.emit('usage.changed', {});
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
      cli: cliCommand(this.options.env ?? process.env),
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
    const handler = this.handlers[method as ApiMethod] as (p: unknown) => unknown;
    await this.recovery.idle();
    const generation = this.recovery.current;
    try {
      return { result: await handler(parsed.data) };
    } catch (err) {
      const damage = corruptionIn(err);
      if (!damage || this.closed) return this.failed(method, err);
      // engram.db was damaged while running: move it aside, rebuild it from the files, go on.
      try {
        await this.recovery.recover(damage, generation);
      } catch (rebuildErr) {
        return this.failed(method, rebuildErr);
      }
      if (READ_ONLY_METHODS.has(method as ApiMethod)) {
        try {
          return { result: await handler(parsed.data) };
        } catch (again) {
          return this.failed(method, again);
        }
      }
      return {
        error: {
          code: 'internal',
          message:
            `Engram's database was damaged (${damage.message}). It was moved aside and rebuilt from your project's files, which are intact. ` +
            `${method} may not have finished: check, then try again.`,
        },
      };
    }
  }

  private failed(method: string, err: unknown): { error: ApiErrorShape } {
    const known = toApiError(err);
    if (known) return { error: known };
    this.options.log?.(`engram: ${method} failed: ${(err as Error)?.stack ?? err}`);
    return { error: { code: 'internal', message: `${method} failed: ${(err as Error)?.message ?? err}` } };
  }

  /**
   * engram.db turned out damaged while the host runs (a disk error, another program writing
   * it): the memory engines close, the file is moved aside (one log line says where) and a
   * fresh database opened in its place; the window's projects come back with their ids, each
   * project's memory is indexed again from its files, and every view is told to reload. What
   * lives only in the database (agent sessions, timeline history, usage, dream runs) is copied
   * back from the moved file as far as it can be read; the notice says what was kept.
   */
  private async rebuildDatabase(err: Error): Promise<void> {
    const log = this.options.log ?? ((line: string) => process.stderr.write(line + '\n'));
    let state = this.lastWorkbench;
    try {
      state = this.workbench.state();
    } catch {
      // The damage may reach the projects table too: the last state the window saw will do.
    }
    await this.memories.dispose();
    try {
      this.database.connection.close();
    } catch {
      // Closing a damaged connection may fail; the file is moved aside all the same.
    }
    const rebuilt = rebuildDatabase(this.options.dataDir, err, { nativeBinding: this.options.nativeBinding, log });
    this.database.replace(rebuilt.db);
    // Its statements were prepared on the old connection: watch the new one.
    this.outsideWrites.stop();
    this.outsideWrites = this.watchOutsideWrites();
    this.semantic.connectionReplaced();
    // An engine a background sync made meanwhile was made on the old connection.
    await this.memories.dispose();
    if (state) this.workbench.restore(state);
    for (const p of state?.projects ?? []) {
      try {
        this.memories.engine(p.id);
      } catch (indexErr) {
        log(`engram: could not index ${p.path} again after the rebuild: ${(indexErr as Error).message}`);
      }
      this.events.emit('memory.changed', { projectId: p.id });
      this.tasks.filesChanged(p.id);
      try {
        this.events.emit('dreams.changed', { projectId: p.id, ...this.dreams.list(p.id) });
      } catch {
        // The Dreams view reloads its list when it is next shown.
      }
      this.status.changed(p.id);
    }
    const notice = rebuiltNotice(rebuilt);
    this.notices.push(notice);
    this.events.emit('app.notice', notice);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.outsideWrites.stop();
    this.configWatch.stop();
    this.dreamScheduler.stop();
    // Task runs first: they write through the orchestrator the agent service owns.
    this.taskRuns.dispose();
    this.agent.dispose();
    void this.mcp.dispose();
    this.skills.dispose();
    void this.semantic.stop();
    void this.memories.dispose();
    void this.terminals.dispose();
    this.db.close();
  }

  private projectPath(projectId: string): string {
    const project = this.workbench.state().projects.find((p) => p.id === projectId);
    if (!project) throw new NotFoundError(`No open project with id ${projectId}.`);
    return project.path;
  }

  private rootOf(projectId: string | undefined): string | null {
    return projectId ? this.projectPath(projectId) : null;
  }

  /** One handler per method; each one's params are typed from its schema (contract/api.ts). */
  private createHandlers(): ApiHandlers {
    const wb = this.workbench;
    return {
      'app.info': () => this.info(),
      'app.notices': () => ({ notices: [...this.notices] }),
      'workbench.state': () => wb.state(),
      'projects.open': ({ path }) => wb.open(path),
      'projects.close': ({ id }) => ({ closed: wb.close(id) }),
      'projects.activity': ({ id }) => {
        this.projectPath(id);
        return {
          terminals: this.terminals
            .list(id)
            .filter((t) => t.status === 'running' || t.status === 'starting')
            .map((t) => {
              const children = shellChildren(t.pid);
              return { id: t.id, title: t.title, running: children ?? [], idle: children !== null && children.length === 0 };
            }),
          agentRunning: this.agent.activity(id) !== 'idle',
          dreamRunning: this.dreams.isRunning(id),
        };
      },
      'projects.activate': ({ id }) => ({ activeProjectId: wb.activate(id) }),
      'projects.setView': ({ id, view }) => wb.setView(id, view),
      'projects.pickFolder': async () => {
        if (!this.options.pickFolder) {
          throw new UnsupportedError('This shell has no folder dialog: type the folder path instead.');
        }
        return { path: await this.options.pickFolder() };
      },
      'layout.set': (patch) => wb.setLayout(patch),
      'projects.status': () => this.status.all(),
      'tasks.list': ({ projectId }) => {
        this.memories.engine(projectId); // starts watching the project's files
        return this.tasks.board(projectId);
      },
      'memory.timeline': ({ projectId, ...filter }) => this.memories.timeline(projectId, { ...filter, limit: filter.limit ?? 200 }),
      'memory.search': async ({ projectId, query, limit }) => ({
        hits: await this.memories.engine(projectId).searchAsync(query, { limit: limit ?? 50 }),
      }),
      'memory.embeddings': ({ projectId }) => this.semantic.status(this.memories.scopesOf(projectId)),
      'memory.embedNow': ({ projectId }) => {
        this.semantic.retryNow();
        return this.semantic.status(this.memories.scopesOf(projectId));
      },
      'memory.entry': ({ projectId, id }) => this.memories.entry(projectId, id),
      'memory.edit': ({ projectId, id, text, expectedText }) => this.memories.edit(projectId, id, text, expectedText),
      'memory.add': ({ projectId, kind, text, pinned }) => this.memories.add(projectId, { kind, text, pinned }),
      'memory.overview': ({ projectId }) => this.memories.overview(projectId),
      'memory.reindex': async ({ projectId }) => {
        const result = await this.memories.engine(projectId).reindexAsync();
        this.events.emit('memory.changed', { projectId });
        return result;
      },
      'memory.teamStatus': ({ projectId }) => teamStatus(this.projectPath(projectId)),
      'memory.registerMergeDriver': ({ projectId }) => {
        const root = this.projectPath(projectId);
        registerMergeDriver(root, this.options.mergeDriverCommand ?? driverCommandFor(process.execPath, engramCliScript()));
        return teamStatus(root);
      },
      'tasks.create': ({ projectId, title }) => this.tasks.create(projectId, title),
      'tasks.update': ({ projectId, id, ...change }) => this.tasks.update(projectId, id, change),
      'tasks.archive': ({ projectId, id }) => this.tasks.archive(projectId, id),
      'terminal.list': ({ projectId }) => this.terminals.list(projectId),
      'terminal.create': async ({ projectId, taskId, ...size }) =>
        this.terminals.create(projectId, taskId ? await this.taskRuns.worktreePath(projectId, taskId) : this.projectPath(projectId), size),
      'terminal.openFirst': async ({ projectId }) => ({ started: await this.terminals.openFirst(projectId, this.projectPath(projectId)) }),
      'terminal.close': ({ id }) => ({ closed: this.terminals.close(id) }),
      'terminal.rename': ({ id, title }) => this.terminals.rename(id, title),
      'terminal.restart': ({ id }) => this.terminals.restart(id),
      'terminal.resize': ({ id, cols, rows }) => this.terminals.resize(id, cols, rows),
      'agent.status': ({ projectId }) => this.agent.status(projectId),
      'agent.send': async ({ projectId, ...input }) => {
        // A task's session continues in the task's worktree, wherever it is sent from.
        const taskId = input.sessionId ? this.taskRuns.taskOfSession(projectId, input.sessionId) : null;
        if (!taskId) return this.agent.send(projectId, input);
        const { sessionId } = await this.taskRuns.start(projectId, { taskId, prompt: input.text, mode: input.mode });
        return { sessionId };
      },
      'agent.stop': ({ projectId, sessionId }) => ({
        stopped: (sessionId !== undefined && this.taskRuns.stopSession(projectId, sessionId)) || this.agent.stop(projectId),
      }),
      'agent.permission': ({ projectId, requestId, answer }) => {
        const answered = this.agent.answer(projectId, requestId, answer) || this.taskRuns.answer(projectId, requestId, answer);
        this.status.changed(projectId);
        return { answered };
      },
      'sessions.list': ({ projectId }) => this.agent.list(projectId),
      'sessions.open': ({ id }) => this.agent.open(id),
      'sessions.rename': ({ id, title }) => this.agent.rename(id, title),
      'sessions.delete': ({ id }) => {
        if (this.taskRuns.isRunningSession(id)) throw new UnsupportedError("This session is a task's running agent: stop it on its card before deleting it.");
        return { deleted: this.agent.delete(id) };
      },
      'dreams.list': ({ projectId }) => this.dreams.list(projectId),
      'dreams.run': ({ projectId, noLlm }) => this.dreams.run(projectId, { noLlm }),
      'dreams.revert': ({ projectId, id }) => this.dreams.revert(projectId, id),
      'dreams.diff': ({ projectId, id }) => this.dreams.diff(projectId, id),
      'dreams.cancel': ({ projectId }) => ({ cancelled: this.dreams.cancel(projectId) }),
      'skills.list': ({ projectId }) => this.skills.list(projectId),
      'skills.distill': ({ projectId, ...input }) => this.skills.distill(projectId, input),
      'skills.accept': ({ projectId, ...input }) => this.skills.accept(projectId, input),
      'skills.reject': ({ projectId, key }) => this.skills.reject(projectId, key),
      'worktrees.list': ({ projectId }) => this.taskRuns.board(projectId),
      'worktrees.start': ({ projectId, ...input }) => this.taskRuns.start(projectId, input),
      'worktrees.stop': ({ projectId, taskId }) => ({ stopped: this.taskRuns.stop(projectId, taskId) }),
      'worktrees.diff': ({ projectId, taskId }) => this.taskRuns.worktrees.diff(this.projectPath(projectId), taskId),
      'worktrees.merge': ({ projectId, taskId }) => this.taskRuns.changing(projectId, (root) => this.taskRuns.worktrees.merge(root, taskId)),
      'worktrees.discard': ({ projectId, taskId }) => this.taskRuns.changing(projectId, (root) => this.taskRuns.worktrees.discard(root, taskId)),
      'settings.setProvider': ({ projectId, ...choice }) => this.agent.setProvider(projectId, choice),
      'mcp.servers': ({ projectId }) => this.mcp.status(this.projectPath(projectId)),
      'mcp.approve': ({ projectId, name }) => this.mcp.approve(this.projectPath(projectId), name),
      'usage.report': ({ projectId, sinceDays }) => usageReport(this.db, { sinceDays, projectPath: projectId ? this.projectPath(projectId) : undefined }),
      'settings.get': ({ projectId }) => this.settings.state(this.rootOf(projectId)),
      'settings.models': ({ provider, baseUrl }) => this.settings.models(provider, baseUrl),
      'settings.test': ({ projectId, ...input }) => this.settings.test(input, this.rootOf(projectId)),
      'settings.save': ({ projectId, ...input }) => {
        this.settings.save(input);
        return this.settings.state(this.rootOf(projectId));
      },
      'settings.saveEmbeddings': ({ projectId, provider, model, baseUrl, apiKey }) => {
        this.settings.saveEmbeddings(provider ? { provider, model: model!, baseUrl, apiKey } : null);
        return this.settings.state(this.rootOf(projectId));
      },
      'settings.forgetKey': ({ projectId, provider }) => {
        this.settings.forgetKey(provider);
        return this.settings.state(this.rootOf(projectId));
      },
      'settings.setContextWindow': ({ projectId, model, contextWindow }) => {
        this.settings.setContextWindow(model, contextWindow);
        return this.settings.state(this.rootOf(projectId));
      },
    };
  }
}

/** The sidebar's one word for a project whose pane and task agents may both be at work. */
function busiest(...states: Array<'idle' | 'running' | 'waiting'>): 'idle' | 'running' | 'waiting' {
  return states.includes('waiting') ? 'waiting' : states.includes('running') ? 'running' : 'idle';
}
