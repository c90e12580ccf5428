import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { engramLayout, type Project, type Task, type TaskStatus, type TaskWorktree } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { useAgentStore } from '../../state/agentStore';
import { useTerminals } from '../terminal/terminalStore';
import { DiffDialog } from './DiffDialog';
import { LIVE_STATES } from './runStates';
import { TaskRun, type TaskRunActions } from './TaskRun';
import { useTaskBoard } from './useTaskBoard';
import { useTaskWorktrees } from './useTaskWorktrees';
import { TaskColumn } from './TaskColumn';
import { TaskDetail } from './TaskDetail';
import { COLUMNS } from './columns';
import './tasks.css';
import { useActionHandler } from '../../actions/actionRequests';
import { confirmAction } from '../../state/confirmStore';

/** The task board: one list per status; drag a card (or use its status menu) to move it. */
export function TasksView({ project }: { project: Project }) {
  const api = useApi();
  const { board, error } = useTaskBoard(project.id);
  const [title, setTitle] = useState('');
  const fieldId = useId();
  const [openId, setOpenId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [diffOf, setDiffOf] = useState<{ taskId: string; title: string } | null>(null);
  const agents = useTaskWorktrees(project.id);
  const runs = useMemo(() => new Map((agents.board?.worktrees ?? []).map((w) => [w.taskId, w])), [agents.board]);

  const run = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
    } catch (err) {
      setActionError((err as Error).message);
    }
  };
  /** A git action: one at a time, the board refreshed after it whatever happened. */
  const gitAction = (action: () => Promise<string | null>) =>
    void run(async () => {
      setBusy(true);
      setNotice(null);
      try {
        setNotice(await action());
      } finally {
        setBusy(false);
        agents.refresh();
      }
    });
  const titleOf = (w: TaskWorktree) => w.title ?? `task ${w.taskId} (deleted)`;
  const runActions: TaskRunActions = {
    start: (taskId) =>
      gitAction(async () => {
        const started = await api.call('worktrees.start', { projectId: project.id, taskId });
        return `Agent started on ${started.branch} (session ${started.sessionId}).`;
      }),
    stop: (taskId) => void run(() => api.call('worktrees.stop', { projectId: project.id, taskId })),
    diff: (w) => setDiffOf({ taskId: w.taskId, title: titleOf(w) }),
    merge: (w) =>
      gitAction(async () => {
        const m = await api.call('worktrees.merge', { projectId: project.id, taskId: w.taskId });
        const how = m.kind === 'fast-forward' ? 'fast-forward' : m.kind === 'merge-commit' ? 'merge commit' : 'already up to date';
        return `Merged ${m.branch} into ${m.into} (${how}, ${m.commit.slice(0, 7)})${m.committedWork ? `; the worktree's changes were committed first as ${m.committedWork.slice(0, 7)}` : ''}.`;
      }),
    discard: (w) =>
      gitAction(async () => {
        await api.call('worktrees.discard', { projectId: project.id, taskId: w.taskId });
        return `Discarded ${w.branch} and its worktree.`;
      }),
    terminal: (w) =>
      void run(async () => {
        const info = await api.call('terminal.create', { projectId: project.id, taskId: w.taskId, title: w.branch.slice(0, 80) });
        useTerminals.getState().setActive(project.id, info.id);
        await api.call('projects.setView', { id: project.id, view: 'terminal' });
      }),
    openSession: (w) =>
      void run(async () => {
        if (!w.session) return;
        const { session, items, contextWindow } = await api.call('sessions.open', { id: w.session });
        const store = useAgentStore.getState();
        store.show(project.id, session.id, items, { contextTokens: session.contextTokens, contextWindow });
        // A permission the run waits for is answered in the Agent tab too.
        store.patch(project.id, { mode: session.mode, running: LIVE_STATES.has(w.state), permission: w.permission });
        await api.call('projects.setView', { id: project.id, view: 'agent' });
      }),
    answer: (requestId, answer) =>
      void run(async () => {
        await api.call('agent.permission', { projectId: project.id, requestId, answer });
        agents.refresh();
      }),
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

  // "Add task" from the palette: focus the field once the board (and so the field) is there.
  const [focusAdd, setFocusAdd] = useState(0);
  useActionHandler(project.id, 'tasks.add', () => setFocusAdd((n) => n + 1));
  useEffect(() => {
    if (focusAdd) document.getElementById(fieldId)?.focus();
  }, [focusAdd, board !== null, fieldId]);

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
      {notice ? (
        <p role="status" className="task-notice">
          {notice}
        </p>
      ) : null}
      {agents.error ? <p role="alert" className="field-error task-error">Agents: {agents.error}</p> : null}
      {agents.board && !agents.board.available ? <p className="task-notice">Start agent is off: {agents.board.reason}</p> : null}
      {orphans(agents.board?.worktrees, board.tasks).length ? (
        <section className="task-orphans" aria-label="Agent branches without a task">
          <h2>Agent branches whose task was deleted</h2>
          {orphans(agents.board?.worktrees, board.tasks).map((w) => (
            <div key={w.taskId} className="task-card task-orphan">
              <TaskRun taskId={w.taskId} title={titleOf(w)} run={w} unavailable={null} busy={busy} actions={runActions} />
            </div>
          ))}
        </section>
      ) : null}
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
            runs={runs}
            unavailable={agents.board && !agents.board.available ? agents.board.reason : null}
            busy={busy}
            runActions={runActions}
          />
        ))}
      </div>
      {open ? (
        <TaskDetail
          task={open}
          onClose={() => setOpenId(null)}
          onMove={(s) => move(open, s)}
          onLog={(text) => run(() => api.call('tasks.update', { projectId: project.id, id: open.id, progress: text }))}
          onRename={(title) => run(() => api.call('tasks.update', { projectId: project.id, id: open.id, title }))}
          onArchive={() =>
            void run(async () => {
              const ok = await confirmAction({
                title: `Archive “${open.title}”?`,
                body: `It leaves the board. Its file, with the whole progress log, moves to ${engramLayout.archivedTaskDir(open.id)}/ — nothing is deleted; move the folder back to restore it.`,
                confirmLabel: 'Archive task',
              });
              if (!ok) return;
              await api.call('tasks.archive', { projectId: project.id, id: open.id });
              setOpenId(null);
            })
          }
        />
      ) : null}
      {diffOf ? <DiffDialog projectId={project.id} taskId={diffOf.taskId} title={diffOf.title} onClose={() => setDiffOf(null)} /> : null}
    </div>
  );
}

/** Agent branches whose task is gone: still listed, so their work can be merged or discarded. */
function orphans(worktrees: TaskWorktree[] | undefined, tasks: Task[]): TaskWorktree[] {
  const ids = new Set(tasks.map((t) => t.id));
  return (worktrees ?? []).filter((w) => !ids.has(w.taskId));
}
