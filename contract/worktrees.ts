/**
 * Parallel agents: a task's agent works in its own git worktree, on branch `engram/<task-id>`,
 * while every agent reads and writes the one memory of the main checkout (SPEC §3). The task's
 * frontmatter records the branch, worktree, start commit and session (contract/tasks.ts).
 */
import { z } from 'zod';
import { AGENT_MODES } from './agent';
import { projectId } from './shapes';

/**
 * What a task's agent is doing. `running` and `waiting` (for a permission answer) are live;
 * `interrupted` is a run whose process ended before the run did (Engram was stopped): it can
 * be resumed. `idle`: a worktree, and no run recorded yet.
 */
export const TASK_RUN_STATES = ['idle', 'running', 'waiting', 'done', 'failed', 'stopped', 'interrupted'] as const;
export type TaskRunState = (typeof TASK_RUN_STATES)[number];

/** How a file changed on the task's branch, against the start commit. */
export const FILE_CHANGE_KINDS = ['added', 'modified', 'deleted', 'renamed'] as const;
export type FileChangeKind = (typeof FILE_CHANGE_KINDS)[number];

export interface ChangedFile {
  path: string;
  /** The path at the start commit, for a rename. */
  oldPath: string | null;
  change: FileChangeKind;
  /** Lines added and removed; null for a binary file. */
  added: number | null;
  removed: number | null;
}

/** One task's agent work: its branch, its worktree, its run, and what changed. */
export interface TaskWorktree {
  taskId: string;
  /** The task's title; null when the task was deleted while its branch lives on. */
  title: string | null;
  branch: string;
  /** The worktree folder (in Engram's data folder); null when it was removed or deleted by hand. */
  path: string | null;
  /** The worktree folder was deleted by hand: git's record was pruned, the branch kept. */
  missing: boolean;
  base: string;
  session: string | null;
  state: TaskRunState;
  /** Why the run failed, in words. */
  error: string | null;
  files: ChangedFile[];
  added: number;
  removed: number;
  /** The worktree has changes not committed yet (Merge commits them first). */
  uncommitted: boolean;
  /** What the run waits for a person to allow (answer with `agent.permission`); null otherwise. */
  permission: { requestId: string; tool: string; subject: string | null } | null;
}

export interface TaskWorktreeBoard {
  /** Whether agents can be started here; `reason` says why not (not a git repository, no commit). */
  available: boolean;
  reason: string | null;
  /** The branch Merge lands on; null when the main checkout's HEAD is detached. */
  currentBranch: string | null;
  worktrees: TaskWorktree[];
}

/** A changed file with both sides, for the Diff dialog (unified and side by side). */
export interface FileDiff extends ChangedFile {
  /** Text at the start commit and now; null when absent, binary or too large to show. */
  before: string | null;
  after: string | null;
  /** Why the text is not shown (binary, too large). */
  note: string | null;
}

export interface TaskDiff {
  taskId: string;
  branch: string;
  base: string;
  files: FileDiff[];
  added: number;
  removed: number;
}

export const MERGE_KINDS = ['fast-forward', 'merge-commit', 'up-to-date'] as const;
export type MergeKind = (typeof MERGE_KINDS)[number];

export interface MergeResult {
  /** The branch merged (SPEC §7's `{"merged","commit"}`). */
  merged: string;
  taskId: string;
  branch: string;
  /** The branch merged into. */
  into: string;
  kind: MergeKind;
  /** The main checkout's HEAD after the merge. */
  commit: string;
  /** The commit made from the worktree's uncommitted changes first, if any. */
  committedWork: string | null;
  files: ChangedFile[];
}

const taskId = z.string().min(1).max(80);

export const worktreeSchemas = {
  'worktrees.list': z.object({ projectId }).strict(),
  /** Creates the task's worktree (or reuses it) and starts its agent there. */
  'worktrees.start': z
    .object({ projectId, taskId, mode: z.enum(AGENT_MODES).optional(), prompt: z.string().trim().max(20_000).optional() })
    .strict(),
  'worktrees.stop': z.object({ projectId, taskId }).strict(),
  'worktrees.diff': z.object({ projectId, taskId }).strict(),
  'worktrees.merge': z.object({ projectId, taskId }).strict(),
  'worktrees.discard': z.object({ projectId, taskId }).strict(),
} satisfies Record<string, z.ZodType>;

export interface WorktreeResponses {
  'worktrees.list': TaskWorktreeBoard;
  'worktrees.start': { taskId: string; sessionId: string; branch: string; path: string };
  'worktrees.stop': { stopped: boolean };
  'worktrees.diff': TaskDiff;
  'worktrees.merge': MergeResult;
  /** `discarded`: the branch discarded (SPEC §7's `{"discarded"}`). */
  'worktrees.discard': { discarded: string; taskId: string; removedWorktree: boolean; removedBranch: boolean };
}

export interface WorktreeEvents {
  /** A task's worktree or run changed (started, waiting, ended, merged, discarded, pruned). */
  'worktrees.changed': { projectId: string };
}

