/**
 * The one contract between the renderer and the host core.
 *
 * Every request the renderer may make is listed in `requestSchemas` (validated with zod at the
 * host boundary) and typed in `ApiResponses`; every event the host pushes is typed in
 * `ApiEvents`. Electron IPC (preload) and the WebSocket client of the browser shell both
 * implement `EngramApi`, so renderer code is identical in both shells.
 *
 * This file must stay free of runtime dependencies other than zod: the preload bundle and the
 * renderer bundle import its types, the host imports its schemas.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Shared shapes

export type ShellKind = 'electron' | 'browser';

export const VIEW_IDS = ['agent', 'terminal', 'tasks', 'memory', 'dreams', 'skills'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export interface Project {
  id: string;
  /** Absolute, symlink-resolved path of the repository folder. */
  path: string;
  /** Folder name, shown in the sidebar. */
  name: string;
  /** ISO time the project was first opened. */
  openedAt: string;
  /** The view last shown for this project. */
  view: ViewId;
}

export interface Layout {
  /** Sidebar width in CSS pixels. */
  sidebarWidth: number;
  sidebarCollapsed: boolean;
}

export const DEFAULT_LAYOUT: Layout = { sidebarWidth: 248, sidebarCollapsed: false };

export interface WorkbenchState {
  projects: Project[];
  activeProjectId: string | null;
  layout: Layout;
}

export interface AppInfo {
  name: 'Engram';
  version: string;
  shell: ShellKind;
  dataDir: string;
  platform: string;
  /** Whether `projects.pickFolder` (a native folder dialog) is available in this shell. */
  canPickFolder: boolean;
}

/** Error codes a request can fail with. The message is always human-readable. */
export type ApiErrorCode =
  | 'invalid_request'
  | 'unknown_method'
  | 'not_found'
  | 'not_a_directory'
  | 'not_readable'
  | 'unsupported'
  | 'busy'
  | 'internal';

export type TerminalStatus = 'starting' | 'running' | 'exited' | 'failed' | 'host-lost';

/** One terminal of a project. Its bytes never travel here: they have a channel of their own. */
export interface TerminalInfo {
  id: string;
  projectId: string;
  /** Tab name: the shell's name until the user renames it. */
  title: string;
  cwd: string;
  /** The shell program, once known. */
  shell: string | null;
  pid: number | null;
  cols: number;
  rows: number;
  status: TerminalStatus;
  exitCode: number | null;
  signal: number | null;
  /** Why the shell failed to start or stopped, in words for the pane. */
  message: string | null;
  createdAt: string;
}

export type { Task, TaskStatus, TaskLogLine, BrokenTask } from '../main/tasks/taskTypes';
export type { DreamRecord, DreamFigures, DreamList, DreamDiff, DreamStep } from '../main/dream/dreamTypes';
import type { DreamDiff, DreamFigures, DreamList, DreamStep } from '../main/dream/dreamTypes';
import type { Task, BrokenTask } from '../main/tasks/taskTypes';
import { TASK_STATUSES } from '../main/tasks/taskTypes';
export type { ArtifactInfo, ArtifactType } from '../main/agent/artifacts/artifactTypes';
export type { DistillCandidate, DistillEvidence, DistillProposal, DroppedDraft, WrittenArtifact } from '../main/distill/distillTypes';
import type { ArtifactInfo } from '../main/agent/artifacts/artifactTypes';
import { ARTIFACT_TYPES } from '../main/agent/artifacts/artifactTypes';
import type { DistillProposal, WrittenArtifact } from '../main/distill/distillTypes';

/** A project's task board: readable tasks, and files that could not be read (shown, never overwritten). */
export interface TaskBoard {
  tasks: Task[];
  broken: BrokenTask[];
}

// ---------------------------------------------------------------------------------------------
// The agent (sessions, streamed events, provider status)

export const AGENT_MODES = ['build', 'plan', 'compose'] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

export interface AgentSessionSummary {
  /** `ses_` + a ULID-like id. */
  id: string;
  projectPath: string;
  parentId: string | null;
  title: string;
  mode: AgentMode;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  /** Tokens of the last request (prompt + answer): what the context meter shows. */
  contextTokens: number;
  taskId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type AgentToolStatus = 'running' | 'ok' | 'error' | 'denied' | 'refused' | 'cancelled';
export interface AgentToolMeta {
  diff?: string;
  exitCode?: number | null;
  path?: string;
}

/** One entry of a session's transcript as the pane shows it. */
export type AgentTranscriptItem =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string }
  | { kind: 'tool'; id: string; tool: string; input: unknown; status: AgentToolStatus; output: string | null; meta: AgentToolMeta | null };

export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
  contextTokens: number;
  contextWindow: number;
  cost: number;
}

/** What a run emits, in order (also the JSON lines of `engram run --json`). */
export type AgentEvent =
  | { type: 'session'; sessionId: string; title: string; mode: AgentMode; parentId: string | null }
  | { type: 'text'; text: string }
  | { type: 'tool_call'; id: string; tool: string; input: unknown }
  | { type: 'tool_result'; id: string; tool: string; status: AgentToolStatus; output: string; meta: AgentToolMeta | null }
  | { type: 'permission'; requestId: string; tool: string; subject: string | null; decision: 'pending' | 'allow' | 'deny'; reason: string }
  | { type: 'retry'; attempt: number; delayMs: number; message: string }
  | AgentCheckpointEvent
  | AgentRebuildEvent
  | { type: 'done'; sessionId: string; usage: AgentUsage; cancelled: boolean; error: string | null; text: string };

/**
 * The background checkpoint writer of a session: `queued` when a threshold is crossed while a
 * writer runs (a newer request `replaced` the waiting one), `started`, then `written` (the file
 * `path`, sections the answer lacked in `missing`, notes sent to MEMORY.md in `promoted`) or
 * `failed`. `through` is the last message id the checkpoint covers.
 */
export interface AgentCheckpointEvent {
  type: 'checkpoint';
  sessionId: string;
  status: 'queued' | 'started' | 'replaced' | 'written' | 'failed';
  contextTokens: number;
  threshold: number;
  through: number;
  path?: string;
  missing?: string[];
  promoted?: number;
  error?: string;
}

/** The context was rebuilt: system + memory + checkpoint + open task + a kept tail of messages. */
export interface AgentRebuildEvent {
  type: 'rebuild';
  sessionId: string;
  /** `threshold`: the highest threshold was reached in a run; `resume`: a continued session was over it. */
  reason: 'threshold' | 'resume';
  contextTokens: number;
  threshold: number;
  afterTokens: number;
  keptMessages: number;
  checkpoint: boolean;
}

export interface AgentStatus {
  configured: boolean;
  /** Why the agent cannot start, in words; null when configured. */
  problem: string | null;
  /** How to configure a provider (files and variables of SPEC §6). */
  howTo: string;
  provider: string | null;
  model: string | null;
  baseUrl: string | null;
  contextWindow: number;
  /** A local Ollama found on 127.0.0.1:11434 (null while the probe runs or when none). */
  ollama: { baseUrl: string; models: string[] } | null;
  /** The session running in this project now, if any. */
  runningSessionId: string | null;
  warnings: string[];
}

/** One change in a project's memory timeline (with its `seq`, the paging cursor), and a search hit. */
export type { TimelineRow as MemoryTimelineEvent } from '../main/memory/events/timelineQuery';
export type { SearchHit as MemorySearchHit } from '../main/memory/memoryEngine';
import type { TimelineRow as MemoryTimelineEvent } from '../main/memory/events/timelineQuery';
import type { SearchHit as MemorySearchHit } from '../main/memory/memoryEngine';

export interface MemoryEntryDetail {
  id: string;
  kind: string;
  text: string;
  /** Where the entry lives now, relative to the project (or absolute for user-wide memory); null once it is gone. */
  path: string | null;
  at: string | null;
  source: string | null;
  history: MemoryTimelineEvent[];
}

/** What the sidebar shows of a project at a glance. */
export interface ProjectStatus {
  agent: 'idle' | 'running' | 'waiting';
  /** Tasks not done. */
  openTasks: number;
  /** ISO time of the last dream, or null if it never dreamt. */
  lastDreamAt: string | null;
}

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Requests

const viewId = z.enum(VIEW_IDS);
const projectId = z.string().min(1).max(64);
const empty = z.object({}).strict();
const sessionId = z.string().min(1).max(64);
const terminalId = z.string().min(1).max(64);
const terminalTitle = z.string().trim().min(1, 'Enter a name.').max(80);
const terminalCols = z.number().int().min(2).max(1000);
const terminalRows = z.number().int().min(1).max(500);

const taskId = z.string().min(1).max(80);
const taskTitle = z.string().trim().min(1, 'A task needs a title.').max(200);

const memoryEntryId = z.string().min(1).max(80);

export const requestSchemas = {
  'app.info': empty,
  'workbench.state': empty,
  'projects.open': z.object({ path: z.string().trim().min(1, 'Enter a folder path.').max(4096) }).strict(),
  'projects.close': z.object({ id: projectId }).strict(),
  'projects.activate': z.object({ id: projectId.nullable() }).strict(),
  'projects.setView': z.object({ id: projectId, view: viewId }).strict(),
  /** Native folder dialog; only where `AppInfo.canPickFolder`. Resolves to null when cancelled. */
  'projects.pickFolder': empty,
  'layout.set': z
    .object({
      sidebarWidth: z.number().int().min(160).max(640).optional(),
      sidebarCollapsed: z.boolean().optional(),
    })
    .strict(),
  'terminal.list': z.object({ projectId }).strict(),
  'terminal.create': z
    .object({ projectId, cols: terminalCols.optional(), rows: terminalRows.optional(), title: terminalTitle.optional() })
    .strict(),
  'terminal.close': z.object({ id: terminalId }).strict(),
  'terminal.rename': z.object({ id: terminalId, title: terminalTitle }).strict(),
  /** Starts a new shell in place of one that exited, failed or lost its PTY host (or ends a running one first). */
  'terminal.restart': z.object({ id: terminalId }).strict(),
  'terminal.resize': z.object({ id: terminalId, cols: terminalCols, rows: terminalRows }).strict(),
  'tasks.list': z.object({ projectId }).strict(),
  'tasks.create': z.object({ projectId, title: taskTitle }).strict(),
  'tasks.update': z
    .object({ projectId, id: taskId, title: taskTitle.optional(), status: z.enum(TASK_STATUSES).optional(), progress: z.string().max(4000).optional() })
    .strict(),
  'agent.status': z.object({ projectId }).strict(),
  /** Starts a run; answers at once with its session id, the run streams as `agent.event`. */
  'agent.send': z
    .object({
      projectId,
      text: z.string().trim().min(1, 'Type a message.').max(200_000),
      mode: z.enum(AGENT_MODES).optional(),
      sessionId: sessionId.nullable().optional(),
    })
    .strict(),
  'agent.stop': z.object({ projectId }).strict(),
  'agent.permission': z.object({ projectId, requestId: z.string().min(1).max(64), answer: z.enum(['once', 'session', 'deny']) }).strict(),
  'sessions.list': z.object({ projectId }).strict(),
  'sessions.open': z.object({ id: sessionId }).strict(),
  'sessions.rename': z.object({ id: sessionId, title: z.string().trim().min(1, 'Enter a name.').max(120) }).strict(),
  'sessions.delete': z.object({ id: sessionId }).strict(),
  /** Saves a provider into <data-dir>/config.json (e.g. the detected Ollama). */
  'settings.setProvider': z
    .object({
      projectId,
      provider: z.enum(['openai-compatible', 'anthropic', 'openai']),
      model: z.string().trim().min(1, 'Enter a model.').max(200),
      baseUrl: z.string().trim().url().max(2000).optional(),
      apiKey: z.string().min(1).max(4000).optional(),
    })
    .strict(),
  'memory.timeline': z
    .object({
      projectId,
      limit: z.number().int().min(1).max(500).optional(),
      before: z.number().int().positive().optional(),
      offset: z.number().int().min(0).optional(),
      type: z.string().max(40).optional(),
      actor: z.string().max(40).optional(),
      session: z.string().max(80).optional(),
    })
    .strict(),
  'memory.search': z.object({ projectId, query: z.string().max(1000), limit: z.number().int().min(1).max(200).optional() }).strict(),
  'memory.entry': z.object({ projectId, id: memoryEntryId }).strict(),
  /** Replaces an entry's text; `expectedText` is what the editor started from, so a concurrent change is not overwritten. */
  'memory.edit': z.object({ projectId, id: memoryEntryId, text: z.string().trim().min(1).max(20000), expectedText: z.string().max(20000) }).strict(),
  'projects.status': empty,
  'dreams.list': z.object({ projectId }).strict(),
  /** Runs a dream now; answers when it is done, with `dreams.progress` events meanwhile. */
  'dreams.run': z.object({ projectId, noLlm: z.boolean().optional() }).strict(),
  'dreams.revert': z.object({ projectId, id: z.string().min(1).max(64) }).strict(),
  'dreams.diff': z.object({ projectId, id: z.string().min(1).max(64) }).strict(),
  /** Skills, subagents and commands of a project (.engram, .claude, .opencode). */
  'artifacts.list': z.object({ projectId }).strict(),
  /** Reviews recent sessions and proposes artifacts; writes nothing. */
  'distill.propose': z.object({ projectId, sinceDays: z.number().int().min(1).max(3650).optional(), noLlm: z.boolean().optional() }).strict(),
  /** Writes one proposal (as shown, or as edited) into .engram/; refuses invalid text or an existing name. */
  'distill.accept': z
    .object({ projectId, type: z.enum(ARTIFACT_TYPES), name: z.string().min(1).max(64), content: z.string().min(1).max(64 * 1024) })
    .strict(),
  /** Remembers a rejected proposal so it is not proposed again. */
  'distill.reject': z.object({ projectId, key: z.string().min(1).max(80) }).strict(),
} as const;

export type ApiMethod = keyof typeof requestSchemas;
export type ApiParams<M extends ApiMethod> = z.input<(typeof requestSchemas)[M]>;

export interface ApiResponses {
  'artifacts.list': ArtifactInfo[];
  'distill.propose': DistillProposal;
  'distill.accept': WrittenArtifact;
  'distill.reject': { rejected: boolean };
  'dreams.list': DreamList;
  'dreams.run': DreamFigures;
  'dreams.revert': { reverted: string };
  'dreams.diff': DreamDiff;
  'projects.status': Record<string, ProjectStatus>;
  'memory.timeline': { events: MemoryTimelineEvent[]; hasMore: boolean; total: number };
  'memory.search': { hits: MemorySearchHit[] };
  'memory.entry': MemoryEntryDetail;
  'memory.edit': MemoryEntryDetail;
  'tasks.list': TaskBoard;
  'tasks.create': Task;
  'tasks.update': Task;
  'app.info': AppInfo;
  'workbench.state': WorkbenchState;
  'projects.open': Project;
  'projects.close': { closed: boolean };
  'projects.activate': { activeProjectId: string | null };
  'projects.setView': Project;
  'projects.pickFolder': { path: string | null };
  'layout.set': Layout;
  'terminal.list': TerminalInfo[];
  'terminal.create': TerminalInfo;
  'terminal.close': { closed: boolean };
  'terminal.rename': TerminalInfo;
  'terminal.restart': TerminalInfo;
  'terminal.resize': { cols: number; rows: number };
  'agent.status': AgentStatus;
  'agent.send': { sessionId: string };
  'agent.stop': { stopped: boolean };
  'agent.permission': { answered: boolean };
  'sessions.list': AgentSessionSummary[];
  'sessions.open': { session: AgentSessionSummary; items: AgentTranscriptItem[]; contextWindow: number };
  'sessions.rename': AgentSessionSummary;
  'sessions.delete': { deleted: boolean };
  'settings.setProvider': AgentStatus;
}

// Compile-time check that every method has a response type and vice versa.
type _EveryMethodAnswered = [ApiMethod] extends [keyof ApiResponses]
  ? [keyof ApiResponses] extends [ApiMethod]
    ? true
    : never
  : never;
export const _everyMethodAnswered: _EveryMethodAnswered = true;

// ---------------------------------------------------------------------------------------------
// Events pushed by the host

export interface ApiEvents {
  /** A project's skills, subagents or commands changed through Engram (a proposal was accepted). */
  'artifacts.changed': { projectId: string };
  /** A project's dream history changed (a dream ran or was reverted). */
  'dreams.changed': { projectId: string } & DreamList;
  /** A dream's step while it runs; `running` false once it ended (done or failed). */
  'dreams.progress': { projectId: string; step: DreamStep; running: boolean };
  /** One project's at-a-glance status changed. */
  'projects.status': { projectId: string; status: ProjectStatus };
  /** A project's memory changed (agent, person, CLI or dream); views refetch what they show. */
  'memory.changed': { projectId: string };
  /** A project's task board changed: through Engram, or a person editing a progress.md. */
  'tasks.changed': { projectId: string } & TaskBoard;
  /** The list of projects, the active project or the layout changed (from any client). */
  'workbench.changed': WorkbenchState;
  /** A project's terminals changed: created, closed, renamed, started, exited, lost their host. */
  'terminal.changed': { projectId: string; terminals: TerminalInfo[] };
  /** One event of a running agent session (text deltas are batched by the host). */
  'agent.event': { projectId: string; sessionId: string; event: AgentEvent };
  /** A project's session list or the agent's status changed. */
  'agent.changed': { projectId: string };
}
export type ApiEventName = keyof ApiEvents;

// ---------------------------------------------------------------------------------------------
// The interface both shells implement for the renderer

export interface EngramApi {
  readonly shell: ShellKind;
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResponses[M]>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** Thrown by `EngramApi.call` when the host answers with an error. */
export class ApiError extends Error implements ApiErrorShape {
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// ---------------------------------------------------------------------------------------------
// Wire format of the WebSocket transport (Electron IPC carries the same objects)

export type ClientMessage = { id: number; method: string; params: unknown };
/** The host's answer to one request. */
export type ApiAnswer = { result: unknown } | { error: ApiErrorShape };

/**
 * What the Electron preload exposes as `window.engramBridge`: the raw request/answer pair.
 * (contextBridge does not carry error classes, so the renderer turns answers into ApiErrors.)
 */
export interface EngramBridge {
  readonly shell: 'electron';
  invoke(method: string, params: unknown): Promise<ApiAnswer>;
  on(event: ApiEventName, listener: (payload: unknown) => void): () => void;
  /**
   * Asks for a terminal's byte channel. The port arrives as a window `message` event whose
   * data is `{ [TERMINAL_PORT_MESSAGE]: id }` with the MessagePort in `ports[0]`
   * (contextBridge cannot hand over a MessagePort itself).
   */
  openTerminalPort(id: string): void;
}

/**
 * A terminal's own byte channel (a binary WebSocket `/pty?id=` in the browser shell, a
 * MessagePort in Electron). Host → renderer: output bytes only (Uint8Array / binary frames),
 * the ring buffer first. Renderer → host: input (binary frames / `{ input }`) and
 * `{ ack: bytes }` once xterm has parsed that many bytes. Nothing is answered.
 */
export const TERMINAL_PORT_MESSAGE = 'engramTerminalPort';
/**
 * The renderer acknowledges parsed output in steps of this many bytes. Must stay well below the
 * PTY host's low watermark (512 KiB): a remainder never acknowledged must not keep a shell paused.
 */
export const TERMINAL_ACK_STEP = 16_384;
export type TerminalPortMessage = { input: string } | { ack: number };
export type ServerMessage =
  | { id: number; result: unknown }
  | { id: number; error: ApiErrorShape }
  | { event: ApiEventName; payload: unknown };
