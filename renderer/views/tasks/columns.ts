import { TASK_STATUSES, type TaskStatus } from '../../../contract';

export interface ColumnDef {
  status: TaskStatus;
  /** The list's accessible name (SPEC §9). */
  label: string;
}

/** Every status of the contract has its column: one added there and not here does not compile. */
const LABELS: Record<TaskStatus, string> = {
  todo: 'Todo',
  in_progress: 'In progress',
  review: 'Review',
  blocked: 'Blocked',
  done: 'Done',
};

export const COLUMNS: ColumnDef[] = TASK_STATUSES.map((status) => ({ status, label: LABELS[status] }));
