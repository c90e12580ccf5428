import type { AgentSessionSummary } from '../../../contract';

export function SessionList(props: {
  sessions: AgentSessionSummary[];
  currentId: string | null;
  disabled: boolean;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  return (
    <nav className="agent-sessions" aria-label="Sessions">
      <button type="button" className="button agent-new" onClick={props.onNew} disabled={props.disabled}>
        New session
      </button>
      <ul>
        {props.sessions.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={s.id === props.currentId ? 'current' : undefined}
              aria-current={s.id === props.currentId ? 'true' : undefined}
              disabled={props.disabled && s.id !== props.currentId}
              onClick={() => props.onOpen(s.id)}
              title={`${s.id} · ${s.mode} · ${new Date(s.updatedAt).toLocaleString()}`}
            >
              <span className="session-title">{s.title}</span>
              <span className="session-meta">
                {s.mode} · {new Date(s.updatedAt).toLocaleDateString()}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {props.sessions.length === 0 ? <p className="agent-muted">No sessions yet.</p> : null}
    </nav>
  );
}
