import type { TaskStatus } from '../../contract/tasks';

export type AgentTaskStatus = TaskStatus;

export interface AgentTask {
  id: string;
  title: string;
  status: AgentTaskStatus;
  /** On the answer to a write: kinds of secret that were redacted from it. */
  redacted?: string[];
}

/** What the agent needs from the task board (main/tasks), adapted in taskAdapter.ts. */
export interface TaskPort {
  list(): AgentTask[];
  get(id: string): AgentTask | null;
  create(input: { title: string; status?: AgentTaskStatus }): AgentTask;
  /** `progress` appends one log line to the task's progress.md. */
  update(id: string, patch: { title?: string; status?: AgentTaskStatus; progress?: string; session?: string }): AgentTask;
}
