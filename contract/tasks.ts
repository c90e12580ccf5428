/** A project's task board: one `.engram/tasks/<id>/progress.md` per task. */
import { z } from 'zod';
import { projectId } from './shapes';

export const TASK_STATUSES = ['todo', 'in_progress', 'review', 'blocked', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskLogLine {
  /** As written in the file (e.g. 2026-11-25T10:40Z). */
  at: string;
  session: string | null;
  text: string;
}

export interface Task {
  id: string;
  title: string;
  status: TaskStatus;
  created: string;
  updated: string;
  sessions: string[];
  log: TaskLogLine[];
  /** Path of progress.md. */
  path: string;
  /** The branch an agent works on for this task (`engram/<id>`); null before Start agent. */
  branch: string | null;
  /** The git worktree of that branch, in Engram's data folder; null when there is none. */
  worktree: string | null;
  /** The commit the branch started from: what Diff compares against. */
  base: string | null;
  /** The agent session working on the task in its worktree. */
  session: string | null;
  /** Only on the answer to a write: kinds of secret replaced by `[redacted: <kind>]` in what was written. */
  redacted?: string[];
}

/** A task file that could not be read; shown as such and never written over. */
export interface BrokenTask {
  id: string;
  path: string;
  error: string;
}

/** A project's task board: readable tasks, and files that could not be read (shown, never overwritten). */
export interface TaskBoard {
  tasks: Task[];
  broken: BrokenTask[];
}

const taskId = z.string().min(1).max(80);
const taskTitle = z.string().trim().min(1, 'A task needs a title.').max(200);

export const taskSchemas = {
  'tasks.list': z.object({ projectId }).strict(),
  'tasks.create': z.object({ projectId, title: taskTitle }).strict(),
  'tasks.update': z
    .object({ projectId, id: taskId, title: taskTitle.optional(), status: z.enum(TASK_STATUSES).optional(), progress: z.string().max(4000).optional() })
    .strict(),
  /** Takes a task off the board; its file moves to .engram/tasks/.archived/<id>/, never deleted. */
  'tasks.archive': z.object({ projectId, id: taskId }).strict(),
} satisfies Record<string, z.ZodType>;

export interface TaskResponses {
  'tasks.list': TaskBoard;
  'tasks.create': Task;
  'tasks.update': Task;
  'tasks.archive': { archived: string; path: string };
}

export interface TaskEvents {
  /** A project's task board changed: through Engram, or a person editing a progress.md. */
  'tasks.changed': { projectId: string } & TaskBoard;
}
