import { useEffect, useRef, useState } from 'react';
import { PERMISSION_ANSWERS, type PermissionAnswer, type TaskWorktree } from '../../../contract';
import { LIVE_STATES, RUN_STATE_LABELS } from './runStates';

const ANSWER_LABELS: Record<PermissionAnswer, string> = { once: 'Allow once', session: 'Allow for session', deny: 'Deny' };

export interface TaskRunActions {
  start(taskId: string): void;
  stop(taskId: string): void;
  diff(item: TaskWorktree): void;
  merge(item: TaskWorktree): void;
  discard(item: TaskWorktree): void;
  terminal(item: TaskWorktree): void;
  openSession(item: TaskWorktree): void;
  answer(requestId: string, answer: PermissionAnswer): void;
}

interface Props {
  taskId: string;
  title: string;
  run: TaskWorktree | undefined;
  /** Why agents cannot start in this project (not a git repository…); null when they can. */
  unavailable: string | null;
  busy: boolean;
  actions: TaskRunActions;
}

/**
 * The agent part of a task card: Start agent, or the run's state, its changes (+/−), its
 * session, and Diff / Merge / Discard / Open terminal here. A permission ask is answered in place.
 */
export function TaskRun({ taskId, title, run, unavailable, busy, actions }: Props) {
  const [confirming, setConfirming] = useState(false);
  if (!run) {
    return (
      <div className="task-run">
        <button
          type="button"
          className="button small"
          disabled={Boolean(unavailable) || busy}
          title={unavailable ?? `Start an agent on branch engram/${taskId} in its own worktree`}
          onClick={() => actions.start(taskId)}
        >
          <span aria-hidden="true">▶ </span>Start agent
        </button>
      </div>
    );
  }
  const live = LIVE_STATES.has(run.state);
  // A run that ended (or was cut off when Engram stopped) continues its session in the same worktree.
  const again = !live && run.title !== null ? (run.missing ? 'Start again' : run.state === 'interrupted' ? 'Resume' : 'Continue') : null;
  return (
    <div className={`task-run task-run-block task-run-${run.state}`} aria-label={`Agent of ${title}`}>
      <div className="task-run-line">
        <span className={`run-state run-state-${run.state}`} role="status">
          {live ? <span className="run-dot" aria-hidden="true" /> : null}
          {RUN_STATE_LABELS[run.state]}
        </span>
        <span className="task-run-changes" title={run.files.map((f) => f.path).join('\n') || 'no changes yet'}>
          {run.files.length} file{run.files.length === 1 ? '' : 's'} <span className="diff-plus">+{run.added}</span>{' '}
          <span className="diff-minus">−{run.removed}</span>
        </span>
        {run.session ? (
          <button type="button" className="link-button" onClick={() => actions.openSession(run)} title={`Open ${run.session} in the Agent tab`}>
            Session ›
          </button>
        ) : null}
      </div>
      <div className="task-run-branch">
        <code>{run.branch}</code>
        {run.missing ? <span className="task-run-why"> · worktree folder gone (pruned); the branch is kept</span> : null}
        {run.title === null ? <span className="task-run-why"> · its task was deleted</span> : null}
      </div>
      {run.error && run.state === 'failed' ? <p className="task-run-error">{run.error}</p> : null}
      {run.permission ? (
        <div className="task-run-ask" role="group" aria-label={`Permission for ${title}`}>
          <span>
            <strong>{run.permission.tool}</strong> {run.permission.subject ? <code>{run.permission.subject}</code> : null}
          </span>
          <span className="task-run-buttons">
            {PERMISSION_ANSWERS.map((a) => (
              <button key={a} type="button" className={`button small${a === 'once' ? ' primary' : a === 'deny' ? ' danger' : ''}`} onClick={() => actions.answer(run.permission!.requestId, a)}>
                {ANSWER_LABELS[a]}
              </button>
            ))}
          </span>
        </div>
      ) : null}
      <div className="task-run-buttons">
        <button type="button" className="button small" onClick={() => actions.diff(run)}>
          Diff
        </button>
        <button type="button" className="button small" disabled={live || busy} title={live ? 'Stop the agent first' : 'Merge into the current branch'} onClick={() => actions.merge(run)}>
          Merge
        </button>
        <button type="button" className="button small danger" disabled={live || busy} onClick={() => setConfirming(true)}>
          Discard
        </button>
        {run.path ? (
          <button type="button" className="button small" onClick={() => actions.terminal(run)}>
            Open terminal here
          </button>
        ) : null}
        {live ? (
          <button type="button" className="button small" onClick={() => actions.stop(run.taskId)}>
            Stop
          </button>
        ) : null}
        {again ? (
          <button type="button" className="button small" disabled={busy || Boolean(unavailable)} onClick={() => actions.start(run.taskId)}>
            {again}
          </button>
        ) : null}
      </div>
      {confirming ? (
        <ConfirmDiscard
          run={run}
          title={title}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            actions.discard(run);
          }}
        />
      ) : null}
    </div>
  );
}

function ConfirmDiscard({ run, title, onCancel, onConfirm }: { run: TaskWorktree; title: string; onCancel(): void; onConfirm(): void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div className="modal-backdrop" onMouseDown={onCancel}>
      <div
        className="confirm-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-label={`Discard ${title}`}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      >
        <h2>Discard the agent's work?</h2>
        <p>
          This removes the worktree and the branch <code>{run.branch}</code>
          {run.files.length ? (
            <>
              {' '}
              with its {run.files.length} changed file{run.files.length === 1 ? '' : 's'} (+{run.added} −{run.removed})
            </>
          ) : null}
          . The task stays on the board.
        </p>
        <div className="confirm-actions">
          <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button danger-solid" onClick={onConfirm}>
            Discard
          </button>
        </div>
      </div>
    </div>
  );
}
