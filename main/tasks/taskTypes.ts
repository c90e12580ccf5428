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
  /** Only on the answer to a write: kinds of secret replaced by `[redacted: <kind>]` in what was written. */
  redacted?: string[];
}

/** A task file that could not be read; shown as such and never written over. */
export interface BrokenTask {
  id: string;
  path: string;
  error: string;
}

export function isTaskStatus(s: string): s is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(s);
}
