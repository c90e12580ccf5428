import { TASK_STATUSES, type TaskStatus } from '../../contract/tasks';

/** The task shapes are the contract's (contract/tasks.ts); the CLI and the host speak them too. */
export { TASK_STATUSES } from '../../contract/tasks';
export type { Task, TaskStatus, TaskLogLine, BrokenTask } from '../../contract/tasks';

export function isTaskStatus(s: string): s is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(s);
}
