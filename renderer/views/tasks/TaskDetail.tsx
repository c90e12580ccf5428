import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { engramLayout, type Task, type TaskStatus } from '../../../contract';
import { COLUMNS } from './columns';

interface Props {
  task: Task;
  onClose(): void;
  onMove(status: TaskStatus): void;
  onLog(text: string): Promise<unknown>;
  onRename(title: string): Promise<unknown>;
  onArchive(): void;
}

/** A task's progress log, its sessions and where its file is. */
export function TaskDetail({ task, onClose, onMove, onLog, onRename, onArchive }: Props) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [text, setText] = useState('');
  const fieldId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), [task.id]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    await onLog(text);
    setText('');
  };

  return (
    <aside className="task-detail" aria-label={`Task ${task.title}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="task-detail-header">
        {renaming === null ? (
          <h2>{task.title}</h2>
        ) : (
          <form
            className="task-rename"
            onSubmit={(e) => {
              e.preventDefault();
              const title = renaming.trim();
              setRenaming(null);
              if (title && title !== task.title) void onRename(title);
            }}
          >
            <input
              aria-label="Task title"
              className="text-field"
              value={renaming}
              maxLength={200}
              autoFocus
              onChange={(e) => setRenaming(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setRenaming(null);
                }
              }}
            />
          </form>
        )}
        <button ref={closeRef} type="button" className="icon-button visible" aria-label="Close task" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="task-detail-actions">
        <button type="button" className="button" onClick={() => setRenaming(task.title)} disabled={renaming !== null}>
          Rename
        </button>
        <button type="button" className="button" onClick={onArchive} title={`Take it off the board; the file is kept under ${engramLayout.archivedTasksDir}/`}>
          Archive
        </button>
      </div>
      <dl className="task-facts">
        <dt>Status</dt>
        <dd>
          <select aria-label="Status" value={task.status} onChange={(e) => onMove(e.target.value as TaskStatus)}>
            {COLUMNS.map((c) => (
              <option key={c.status} value={c.status}>
                {c.label}
              </option>
            ))}
          </select>
        </dd>
        <dt>Id</dt>
        <dd><code>{task.id}</code></dd>
        <dt>Sessions</dt>
        <dd>{task.sessions.length ? task.sessions.map((s) => <code key={s}>{s} </code>) : 'none yet'}</dd>
        {task.branch ? (
          <>
            <dt>Branch</dt>
            <dd>
              <code>{task.branch}</code>
              {task.base ? <span className="task-run-why"> from {task.base.slice(0, 7)}</span> : null}
            </dd>
            <dt>Worktree</dt>
            <dd>{task.worktree ? <code className="task-path">{task.worktree}</code> : 'none (its folder was removed)'}</dd>
          </>
        ) : null}
        <dt>File</dt>
        <dd><code className="task-path">{task.path}</code></dd>
      </dl>
      <h3>Progress</h3>
      <ol className="task-log" aria-label="Progress log">
        {task.log.map((l, i) => (
          <li key={i}>
            <time>{l.at.replace('T', ' ').replace('Z', '')}</time>
            {l.session ? <code className="task-log-session">{l.session}</code> : null}
            <span>{l.text}</span>
          </li>
        ))}
      </ol>
      <form className="task-log-add" onSubmit={submit}>
        <label htmlFor={fieldId} className="visually-hidden">
          Progress note
        </label>
        <input id={fieldId} className="text-field" placeholder="Log progress…" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="button">Log</button>
      </form>
    </aside>
  );
}
