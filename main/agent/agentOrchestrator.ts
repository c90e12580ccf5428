import type { AgentEvent, AgentMode, AgentSessionSummary } from '../../contract';
import { InvalidInputError, NotFoundError } from '../errors/domainErrors';
import type { Database } from '../db/database';
import type { MemoryEngine } from '../memory/memoryEngine';
import { agentRuntime, type AgentRuntime } from './agentRuntime';
import { expandCommand, type ExpandedCommand } from '../skills/commandExpansion';
import { Continuity } from './continuity/continuity';
import { runAgent, type DoneEvent } from './loop/agentLoop';
import { PermissionGate, SessionGrants, type Asker } from './permissions/gate';
import { SessionStore } from './sessions/sessionStore';
import type { SecretStore } from '../settings/secrets/secretStore';
import type { McpHub } from '../mcp/client/mcpHub';

export class SessionNotFoundError extends NotFoundError {
  constructor(readonly sessionId: string) {
    super(`No session ${sessionId}.`);
  }
}

export class SessionOfAnotherProjectError extends InvalidInputError {
  constructor(
    readonly sessionId: string,
    readonly owner: string,
    readonly project: string,
  ) {
    super(`Session ${sessionId} belongs to ${owner}, not ${project}.`);
  }
}

/** A `/command` that cannot be expanded (e.g. it names an agent that has no definition). */
export class CommandExpansionError extends InvalidInputError {}

export interface AgentRunRequest {
  /**
   * The project the run belongs to: its `.engram/` memory, tasks and settings, and the
   * project its session is listed under.
   */
  memoryRoot: string;
  /**
   * Where the agent works: its tools read, write and run commands here. The memory root when
   * absent; a git worktree of the project when runs work side by side.
   */
  cwd?: string;
  /** The person's text; `/name args` runs the custom command `name`. */
  text: string;
  /** An explicit mode wins over the mode a command names; else build. */
  mode?: AgentMode;
  /** Continue this session (it must belong to `memoryRoot`); a new session when absent. */
  sessionId?: string | null;
  /** The host's open engine of the project, when it has one (it watches the files). */
  memoryEngine?: MemoryEngine;
}

/** A run checked and built, not started: everything that can refuse has refused by now. */
export interface PreparedRun {
  request: AgentRunRequest;
  cwd: string;
  /** The session being continued, or null for a new one. */
  session: AgentSessionSummary | null;
  /** The `/command` the text named, expanded; null for plain text. */
  command: ExpandedCommand | null;
  mode: AgentMode;
  runtime: AgentRuntime;
}

export interface RunIo {
  /** Answers permission asks: the person in the workbench, `--yes` (or not) headless. */
  asker: Asker;
  signal: AbortSignal;
  emit: (e: AgentEvent) => void;
}

/**
 * The one orchestrator of an agent run, for the workbench and `engram run` alike: checks the
 * session belongs to the project, expands `/commands`, builds the runtime, and runs the turn
 * with a permission gate and continuity. It owns what outlives a turn: the checkpoint writers
 * and the "allowed for this session" grants. It keeps no per-project state, so several runs
 * (in several working directories) may go at once; who may run when is the caller's policy.
 */
export class AgentOrchestrator {
  readonly sessions: SessionStore;
  readonly continuity: Continuity;
  private readonly grants = new SessionGrants();

  constructor(
    private readonly options: {
      db: Database;
      dataDir: string;
      /** Read at every run: a key saved meanwhile takes effect on the next one. */
      env: () => NodeJS.ProcessEnv;
      /** Where provider keys are kept (SPEC §6); without it only the environment's keys apply. */
      secrets?: SecretStore;
      /** MCP servers whose tools a run is offered (`mcp__<server>__<tool>`); none when absent. */
      mcp?: McpHub;
      /** Remarks for people: an MCP server left out of a run, and why. */
      log?: (line: string) => void;
    },
  ) {
    this.sessions = new SessionStore(options.db);
    this.continuity = new Continuity(options.db);
  }

  /**
   * Checks and builds a run without starting it. Throws SessionNotFoundError,
   * SessionOfAnotherProjectError, CommandExpansionError or AgentNotConfiguredError.
   * `observe` sees each step as it passes (the CLI reports them in this order).
   */
  prepare(
    request: AgentRunRequest,
    observe: { session?: (s: AgentSessionSummary) => void; command?: (c: ExpandedCommand) => void } = {},
  ): PreparedRun {
    const { memoryRoot } = request;
    let session: AgentSessionSummary | null = null;
    if (request.sessionId) {
      session = this.sessions.get(request.sessionId);
      if (!session) throw new SessionNotFoundError(request.sessionId);
      if (session.projectPath !== memoryRoot) throw new SessionOfAnotherProjectError(session.id, session.projectPath, memoryRoot);
      observe.session?.(session);
    }
    let command: ExpandedCommand | null;
    try {
      command = expandCommand(memoryRoot, request.text);
    } catch (err) {
      throw new CommandExpansionError((err as Error).message);
    }
    if (command) observe.command?.(command);
    const runtime = agentRuntime({
      db: this.options.db,
      dataDir: this.options.dataDir,
      projectRoot: memoryRoot,
      env: this.options.env(),
      secrets: this.options.secrets,
      memoryEngine: request.memoryEngine,
    });
    return { request, cwd: request.cwd ?? memoryRoot, session, command, mode: request.mode ?? command?.mode ?? 'build', runtime };
  }

  /**
   * Runs one turn of a prepared run; resolves with its `done` event (also emitted). The
   * project's MCP servers still starting get at most their start timeout; failed ones are
   * left out of the turn (Settings says why).
   */
  async run(prepared: PreparedRun, io: RunIo): Promise<DoneEvent> {
    const { request, command, runtime } = prepared;
    const mcp = this.options.mcp ? await this.options.mcp.tools(request.memoryRoot) : null;
    for (const s of mcp?.skipped ?? []) this.options.log?.(`engram: MCP server ${s.name} left out: ${s.reason}`);
    return runAgent({
      root: prepared.cwd,
      memoryRoot: request.memoryRoot,
      store: this.sessions,
      ...runtime,
      // Rules are read fresh each run; the grants a person gave last the session.
      gate: new PermissionGate(runtime.settings.permissions, io.asker, this.grants),
      prompt: command?.prompt ?? request.text,
      mode: prepared.mode,
      agentPrompt: command?.agentPrompt,
      toolFilter: command?.toolFilter,
      extraTools: mcp?.tools,
      sessionId: request.sessionId ?? null,
      signal: io.signal,
      emit: io.emit,
      continuity: this.continuity,
    });
  }

  /** A deleted session's grants go with it. */
  forget(sessionId: string): void {
    this.grants.forget(sessionId);
  }

  /** Waits for background checkpoint writers (a CLI run does before closing the database). */
  idle(): Promise<void> {
    return this.continuity.idle();
  }

  dispose(): void {
    this.continuity.dispose();
  }
}
