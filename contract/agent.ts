/** The agent: runs, their streamed events, permission asks, sessions and provider status. */
import { z } from 'zod';
import { projectId } from './shapes';
import type { ContextWindowSource } from './settings';

/** The agent's modes (SPEC §4): build does the work, plan only reads, compose splits it into tasks. */
export const AGENT_MODES = ['build', 'plan', 'compose'] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

/** How a person answers a permission ask: this call, the rest of the session, or no. */
export const PERMISSION_ANSWERS = ['once', 'session', 'deny'] as const;
export type PermissionAnswer = (typeof PERMISSION_ANSWERS)[number];

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
  /** Of the input tokens, how many the provider read from or wrote to its prompt cache. */
  cacheReadTokens: number;
  cacheWriteTokens: number;
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

/**
 * One entry of a session's transcript as the pane shows it. `reasoning` is what a reasoning
 * model thought before answering (MiMo, DeepSeek, Qwen, Claude, o-series…), kept apart from
 * the answer.
 */
export type AgentTranscriptItem =
  | { kind: 'user'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'assistant'; text: string }
  | { kind: 'tool'; id: string; tool: string; input: unknown; status: AgentToolStatus; output: string | null; meta: AgentToolMeta | null };

export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  contextTokens: number;
  contextWindow: number;
  cost: number;
}

/** What a run emits, in order (also the JSON lines of `engram run --json`). */
export type AgentEvent =
  | { type: 'session'; sessionId: string; title: string; mode: AgentMode; parentId: string | null }
  | { type: 'text'; text: string }
  /** The model's thinking as it streams, before its text of the same step; never part of `done.text`. */
  | { type: 'reasoning'; text: string }
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
  /** Whether the model has a price (catalog or config.json `pricing`): cost is shown only then. */
  priced: boolean;
  /** `default`: the catalog does not know the model; the pane asks for its window once. */
  contextWindowSource: ContextWindowSource;
  /** The data folder, where config.json and the key storage live (the empty state names it). */
  dataDir: string;
  /** A local Ollama found on 127.0.0.1:11434 (null while the probe runs or when none). */
  ollama: { baseUrl: string; models: string[] } | null;
  /** A local LM Studio found on 127.0.0.1:1234 (null while the probe runs or when none). */
  lmstudio: { baseUrl: string; models: string[] } | null;
  /** The session running in this project now, if any. */
  runningSessionId: string | null;
  warnings: string[];
}

const sessionId = z.string().min(1).max(64);

export const agentSchemas = {
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
  /** Stops the pane's run; with `sessionId`, the run of that session (a task's agent, contract/worktrees.ts) if it is one. */
  'agent.stop': z.object({ projectId, sessionId: sessionId.optional() }).strict(),
  'agent.permission': z.object({ projectId, requestId: z.string().min(1).max(64), answer: z.enum(PERMISSION_ANSWERS) }).strict(),
  'sessions.list': z.object({ projectId }).strict(),
  'sessions.open': z.object({ id: sessionId }).strict(),
  'sessions.rename': z.object({ id: sessionId, title: z.string().trim().min(1, 'Enter a name.').max(120) }).strict(),
  'sessions.delete': z.object({ id: sessionId }).strict(),
} satisfies Record<string, z.ZodType>;

export interface AgentResponses {
  'agent.status': AgentStatus;
  'agent.send': { sessionId: string };
  'agent.stop': { stopped: boolean };
  'agent.permission': { answered: boolean };
  'sessions.list': AgentSessionSummary[];
  'sessions.open': { session: AgentSessionSummary; items: AgentTranscriptItem[]; contextWindow: number };
  'sessions.rename': AgentSessionSummary;
  'sessions.delete': { deleted: boolean };
}

export interface AgentEvents {
  /** One event of a running agent session (text deltas are batched by the host). */
  'agent.event': {
    projectId: string;
    sessionId: string;
    event: AgentEvent;
    /** Set for a task's agent working in its worktree (contract/worktrees.ts), beside the pane's own run. */
    taskId?: string;
  };
  /** A project's session list or the agent's status changed. */
  'agent.changed': { projectId: string };
}
