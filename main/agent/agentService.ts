import type { AgentEvent, AgentMode, AgentSessionSummary, AgentStatus, ApiEvents, AgentTranscriptItem, PermissionAnswer, ProjectStatus, ProviderKind } from '../../contract';
import type { Database } from '../db/database';
import type { MemoryEngine } from '../memory/memoryEngine';
import { InvalidInputError, NotFoundError, UnsupportedError } from '../errors/domainErrors';
import { AgentOrchestrator, SessionOfAnotherProjectError } from './agentOrchestrator';
import { configurationProblem, howToConfigure } from '../settings/agentSettings';
import type { SettingsService } from '../settings/settingsService';
import type { McpHub } from '../mcp/client/mcpHub';
import type { Asker } from './permissions/gate';
import { batchedEvents } from './eventBatcher';
import { probeLocal, type LocalProbe } from './providers/localServers';
import type { SessionStore } from './sessions/sessionStore';

interface ServiceOptions {
  db: Database;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  projectPath(projectId: string): string;
  emit<E extends 'agent.event' | 'agent.changed'>(event: E, payload: ApiEvents[E]): void;
  /** The user's settings and key storage: read fresh at every run and status. */
  settings: SettingsService;
  /** MCP servers whose tools a run is offered; none when absent. */
  mcp?: McpHub;
  /** The host's open memory engine of a project (it watches the files); else one per run. */
  memoryEngine?: (projectId: string) => MemoryEngine;
  log?: (line: string) => void;
}

interface Running {
  sessionId: string;
  controller: AbortController;
  pending: Map<string, (answer: PermissionAnswer) => void>;
}

const LOCAL_RECHECK_MS = 30_000;

/**
 * The agent for the host: one run at a time per project, events to every client, permission
 * asks answered from the UI. Transport-agnostic: the host forwards `emit`.
 */
export class AgentService {
  readonly sessions: SessionStore;
  /** Checkpoint writers and session grants outlive a run: one orchestrator for the host's lifetime. */
  readonly runs: AgentOrchestrator;
  private readonly running = new Map<string, Running>();
  private local: { ollama: LocalProbe | null; lmstudio: LocalProbe | null } = { ollama: null, lmstudio: null };
  private localCheckedAt = 0;

  constructor(private readonly options: ServiceOptions) {
    this.runs = new AgentOrchestrator({
      db: options.db,
      dataDir: options.dataDir,
      env: () => options.env,
      secrets: options.settings.secrets,
      mcp: options.mcp,
      log: options.log,
    });
    this.sessions = this.runs.sessions;
    // Fire and forget: start-up never waits on the probe.
    void this.refreshLocal();
  }

  status(projectId: string): AgentStatus {
    const root = this.options.projectPath(projectId);
    if (Date.now() - this.localCheckedAt > LOCAL_RECHECK_MS) void this.refreshLocal();
    const settings = this.settingsFor(root);
    const problem = configurationProblem(settings);
    const found = (p: LocalProbe | null) => (p?.reachable ? { baseUrl: p.baseUrl, models: p.models } : null);
    return {
      configured: !problem,
      problem,
      howTo: howToConfigure(this.options.dataDir),
      provider: settings.provider,
      model: settings.model,
      baseUrl: settings.baseURL,
      contextWindow: settings.contextWindow,
      contextWindowSource: settings.contextWindowSource,
      priced: settings.pricing !== null,
      dataDir: this.options.dataDir,
      ollama: found(this.local.ollama),
      lmstudio: found(this.local.lmstudio),
      runningSessionId: this.running.get(projectId)?.sessionId ?? null,
      warnings: settings.warnings,
    };
  }

  setProvider(projectId: string, choice: { provider: ProviderKind; model: string; baseUrl?: string; apiKey?: string }): AgentStatus {
    this.options.settings.save(choice);
    this.options.emit('agent.changed', { projectId });
    return this.status(projectId);
  }

  async send(projectId: string, input: { text: string; mode?: AgentMode; sessionId?: string | null }): Promise<{ sessionId: string }> {
    const root = this.options.projectPath(projectId);
    if (this.running.has(projectId)) throw new UnsupportedError('The agent is already working in this project: wait, or press Stop.');
    let prepared;
    try {
      // `/name args` from the pane runs a custom command, exactly as `engram run` does. No
      // provider configured: an AgentNotConfiguredError (unsupported) says how to set one.
      prepared = this.runs.prepare({
        memoryRoot: root,
        text: input.text,
        mode: input.mode,
        sessionId: input.sessionId,
        memoryEngine: this.options.memoryEngine?.(projectId),
      });
    } catch (err) {
      // The pane names no paths: its project is the one the session is not in.
      if (err instanceof SessionOfAnotherProjectError) throw new InvalidInputError(`Session ${err.sessionId} belongs to another project.`);
      throw err;
    }
    const run: Running = { sessionId: input.sessionId ?? '', controller: new AbortController(), pending: new Map() };
    this.running.set(projectId, run);
    const asker: Asker = (req, signal) =>
      new Promise((resolve) => {
        if (signal.aborted) return resolve('deny');
        run.pending.set(req.requestId, resolve);
        signal.addEventListener('abort', () => resolve('deny'), { once: true });
      });

    let started: (id: string) => void = () => {};
    let failed: (err: unknown) => void = () => {};
    const sessionReady = new Promise<string>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    const emit = this.batchedEmitter(projectId, () => run.sessionId, (e) => {
      if (e.type === 'session' && !e.parentId) {
        run.sessionId = e.sessionId;
        started(e.sessionId);
        this.options.emit('agent.changed', { projectId });
      }
    });
    void this.runs
      .run(prepared, { asker, signal: run.controller.signal, emit })
      .catch((err) => {
        failed(err);
        this.options.log?.(`engram: agent run failed: ${(err as Error)?.stack ?? err}`);
      })
      .finally(() => {
        this.running.delete(projectId);
        this.options.emit('agent.changed', { projectId });
      });
    return { sessionId: await sessionReady };
  }

  stop(projectId: string): boolean {
    const run = this.running.get(projectId);
    if (!run) return false;
    run.controller.abort(new Error('cancelled'));
    return true;
  }

  /** For the sidebar: working, waiting for a person to answer a permission ask, or idle. */
  activity(projectId: string): ProjectStatus['agent'] {
    const run = this.running.get(projectId);
    if (!run) return 'idle';
    return run.pending.size ? 'waiting' : 'running';
  }

  answer(projectId: string, requestId: string, answer: PermissionAnswer): boolean {
    const resolve = this.running.get(projectId)?.pending.get(requestId);
    if (!resolve) return false;
    this.running.get(projectId)!.pending.delete(requestId);
    resolve(answer);
    return true;
  }

  list(projectId: string): AgentSessionSummary[] {
    return this.sessions.list(this.options.projectPath(projectId));
  }

  open(id: string): { session: AgentSessionSummary; items: AgentTranscriptItem[]; contextWindow: number } {
    const session = this.sessions.get(id);
    if (!session) throw new NotFoundError(`No session ${id}.`);
    const contextWindow = this.settingsFor(session.projectPath).contextWindow;
    return { session, items: this.sessions.transcript(id), contextWindow };
  }

  rename(id: string, title: string): AgentSessionSummary {
    if (!this.sessions.get(id)) throw new NotFoundError(`No session ${id}.`);
    return this.sessions.rename(id, title);
  }

  delete(id: string): boolean {
    if ([...this.running.values()].some((r) => r.sessionId === id)) {
      throw new UnsupportedError('This session is running: stop it before deleting it.');
    }
    this.runs.forget(id);
    return this.sessions.delete(id);
  }

  closeProject(projectId: string): void {
    this.stop(projectId);
  }

  dispose(): void {
    for (const run of this.running.values()) run.controller.abort(new Error('host closing'));
    this.runs.dispose();
  }

  private settingsFor(root: string) {
    return this.options.settings.agentSettings(root);
  }

  /** Ollama and LM Studio on their default ports; windows hear when one comes or goes. */
  private async refreshLocal(): Promise<void> {
    this.localCheckedAt = Date.now();
    const before = [this.local.ollama?.reachable, this.local.lmstudio?.reachable];
    const [ollama, lmstudio] = await Promise.all([probeLocal('ollama'), probeLocal('lmstudio')]);
    this.local = { ollama, lmstudio };
    if (before[0] !== undefined && (before[0] !== ollama.reachable || before[1] !== lmstudio.reachable)) {
      for (const projectId of this.running.keys()) this.options.emit('agent.changed', { projectId });
    }
  }

  /** Text deltas coalesced (eventBatcher.ts); each event goes out with the run's session. */
  private batchedEmitter(projectId: string, sessionId: () => string, observe: (e: AgentEvent) => void): (e: AgentEvent) => void {
    return batchedEvents(
      (e) => this.options.emit('agent.event', { projectId, sessionId: e.type === 'session' ? e.sessionId : sessionId(), event: e }),
      observe,
    );
  }
}

