import { useId, useState, type DragEvent } from 'react';
import type { Task, TaskStatus, TaskWorktree } from '../../../contract';
import { COLUMNS, type ColumnDef } from './columns';
import { TaskRun, type TaskRunActions } from './TaskRun';

const DRAG_TYPE = 'application/x-engram-task';

interface Props {
  column: ColumnDef;
  tasks: Task[];
  onDropTask(id: string): void;
  onOpen(id: string): void;
  onMove(task: Task, status: TaskStatus): void;
  /** Each task's agent run, by task id. */
  runs: ReadonlyMap<string, TaskWorktree>;
  /** Why agents cannot start here; null when they can. */
  unavailable: string | null;
  busy: boolean;
  runActions: TaskRunActions;
}

export function TaskColumn({ column, tasks, onDropTask, onOpen, onMove, runs, unavailable, busy, runActions }: Props) {
  const [over, setOver] = useState(false);
  const headingId = useId();

  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const id = e.dataTransfer.getData(DRAG_TYPE);
    if (id) onDropTask(id);
  };

  return (
    <section
      className={`task-column${over ? ' drop-target' : ''}`}
      aria-labelledby={headingId}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <h2 id={headingId} className="task-column-title">
        {column.label} <span className="task-count">{tasks.length}</span>
      </h2>
      <ul className="task-list" aria-label={column.label}>
        {tasks.map((t) => (
          <li
            key={t.id}
            className="task-card"
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_TYPE, t.id);
              e.dataTransfer.effectAllowed = 'move';
            }}
          >
            <button type="button" className="task-card-open" onClick={() => onOpen(t.id)}>
              <span className="task-title">{t.title}</span>
              <span className="task-meta">
                {t.id} · {t.log.length ? t.log[t.log.length - 1].text.slice(0, 80) : 'no progress yet'}
              </span>
            </button>
            <div className="task-card-foot">
              <TaskRun taskId={t.id} title={t.title} run={runs.get(t.id)} unavailable={unavailable} busy={busy} actions={runActions} />
              <select
                className="task-move"
                aria-label={`Move ${t.title}`}
                value={t.status}
                onChange={(e) => onMove(t, e.target.value as TaskStatus)}
              >
                {COLUMNS.map((c) => (
                  <option key={c.status} value={c.status}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
