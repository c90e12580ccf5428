import { useId, useState, type FormEvent } from 'react';
import { engramLayout, type Project, type Task, type TaskStatus } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { useTaskBoard } from './useTaskBoard';
import { TaskColumn } from './TaskColumn';
import { TaskDetail } from './TaskDetail';
import { COLUMNS } from './columns';
import './tasks.css';

/** The task board: one list per status; drag a card (or use its status menu) to move it. */
export function TasksView({ project }: { project: Project }) {
  const api = useApi();
  const { board, error } = useTaskBoard(project.id);
  const [title, setTitle] = useState('');
  const fieldId = useId();
  const [openId, setOpenId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
    } catch (err) {
      setActionError((err as Error).message);
    }
  };
  const move = (task: Task, status: TaskStatus) => {
    if (task.status !== status) void run(() => api.call('tasks.update', { projectId: project.id, id: task.id, status }));
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    void run(async () => {
      await api.call('tasks.create', { projectId: project.id, title });
      setTitle('');
    });
  };

  if (error) return <p role="alert" className="view-error">{error}</p>;
  if (!board) return <p className="view-loading">Loading tasks…</p>;
  const open = board.tasks.find((t) => t.id === openId);

  return (
    <div className="task-board-view">
      <form className="task-add" onSubmit={add}>
        <label htmlFor={fieldId} className="visually-hidden">
          New task
        </label>
        <input
          id={fieldId}
          className="text-field"
          placeholder="Add a task…"
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit" className="button primary">
          Add task
        </button>
        <span className="task-add-hint">
          Tasks live in <code>{engramLayout.tasksDir}/</code>; edit them by hand and the board follows.
        </span>
      </form>
      {actionError ? <p role="alert" className="field-error task-error">{actionError}</p> : null}
      {board.broken.length ? (
        <div className="task-broken" role="alert">
          {board.broken.map((b) => (
            <p key={b.id}>
              <strong>{b.id}</strong> cannot be read: {b.error}. Fix <code>{b.path}</code> by hand; Engram will not
              change it.
            </p>
          ))}
        </div>
      ) : null}
      <div className="task-columns">
        {COLUMNS.map((c) => (
          <TaskColumn
            key={c.status}
            column={c}
            tasks={board.tasks.filter((t) => t.status === c.status)}
            onDropTask={(id) => {
              const task = board.tasks.find((t) => t.id === id);
              if (task) move(task, c.status);
            }}
            onOpen={setOpenId}
            onMove={move}
          />
        ))}
      </div>
      {open ? (
        <TaskDetail
          task={open}
          onClose={() => setOpenId(null)}
          onMove={(s) => move(open, s)}
          onLog={(text) => run(() => api.call('tasks.update', { projectId: project.id, id: open.id, progress: text }))}
        />
      ) : null}
    </div>
  );
}
