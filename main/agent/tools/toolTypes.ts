import type { z } from 'zod';
import type { MemoryPort } from '../memoryPort';
import type { TaskPort } from '../taskPort';

export interface ToolContext {
  /** Real path of where the agent works (the project root, or a worktree of it). */
  root: string;
  /** Real path of the project whose `.engram/` holds this session's notes. */
  memoryRoot: string;
  sessionId: string;
  /** Aborted when the user stops the run: a tool stops its work (and children) at once. */
  signal: AbortSignal;
  memory: MemoryPort;
  tasks: TaskPort;
  /** Runs a child session and resolves to its final text (not offered inside a child). */
  runSubagent?: (args: { description: string; prompt: string; agent?: string }) => Promise<string>;
  /** Remembers the task this session works on (plan mode writes its plan there). */
  setCurrentTask(id: string): void;
}

export interface ToolOutcome {
  output: string;
  isError?: boolean;
  /** For the UI only: a unified diff of an edit, a command's exit code. */
  meta?: { diff?: string; exitCode?: number | null; path?: string };
}

export interface AgentTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  /** The arguments' JSON Schema as given (an MCP server's tools); the model sees it instead of `schema`. */
  jsonSchema?: Record<string, unknown>;
  /** Changes nothing on disk or in memory. */
  readOnly: boolean;
  /**
   * What permission rules match against: the project-relative path or the command. Resolving
   * a path here also refuses one outside the project (throws) before any rule is consulted.
   */
  subject(input: z.infer<S>, ctx: ToolContext): string | null;
  run(input: z.infer<S>, ctx: ToolContext): Promise<ToolOutcome>;
}

export function defineTool<S extends z.ZodType>(tool: AgentTool<S>): AgentTool<S> {
  return tool;
}

/** Refusals and failures a tool reports to the model (not crashes). */
export class ToolError extends Error {}
