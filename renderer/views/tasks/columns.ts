import type { TaskStatus } from '../../../contract';

export interface ColumnDef {
  status: TaskStatus;
  /** The list's accessible name (SPEC §9). */
  label: string;
}

export const COLUMNS: ColumnDef[] = [
  { status: 'todo', label: 'Todo' },
  { status: 'in_progress', label: 'In progress' },
  { status: 'review', label: 'Review' },
  { status: 'blocked', label: 'Blocked' },
  { status: 'done', label: 'Done' },
];
