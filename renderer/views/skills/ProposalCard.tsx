import { useState } from 'react';
import type { DistillCandidate } from '../../../contract';

/** One proposal: what it is, the evidence behind it, its file as it would be written; Accept / Edit / Reject. */
export function ProposalCard(props: { candidate: DistillCandidate; onAccept: (content: string) => Promise<void>; onReject: () => void }) {
  const c = props.candidate;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(c.preview);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = `proposal-${c.key}`;

  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onAccept(text);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <li className="proposal" aria-labelledby={headingId}>
      <div className="proposal-head">
        <h4 id={headingId}>
          <span className={`artifact-type type-${c.type}`}>{c.type}</span> {c.name}
        </h4>
        <div className="proposal-actions">
          <button type="button" className="skills-primary" onClick={() => void accept()} disabled={busy}>
            Accept
          </button>
          <button type="button" onClick={() => setEditing(!editing)} aria-pressed={editing} disabled={busy}>
            {editing ? 'Done editing' : 'Edit'}
          </button>
          <button type="button" onClick={props.onReject} disabled={busy}>
            Reject
          </button>
        </div>
      </div>
      <p className="skills-muted">
        {c.description} · writes <code>{c.path}</code> · drafted by {c.draftedBy === 'model' ? 'the model' : 'a template'}
      </p>
      <section className="proposal-evidence" aria-label="Evidence">
        <h5>Evidence: seen in {c.evidence.sessions.length} sessions</h5>
        <ul className="evidence-sessions">
          {c.evidence.sessions.map((s) => (
            <li key={s.id}>
              <code>{s.id}</code> {s.title} <time dateTime={s.at}>{new Date(s.at).toLocaleDateString()}</time>
            </li>
          ))}
        </ul>
        {c.evidence.prompt && (
          <p>
            Repeated request: <code>{c.evidence.prompt}</code>
          </p>
        )}
        {c.evidence.steps.length > 0 && (
          <ol className="evidence-steps" aria-label="Repeated steps">
            {c.evidence.steps.map((s, i) => (
              <li key={i}>
                <code>{s}</code>
              </li>
            ))}
          </ol>
        )}
      </section>
      {editing ? (
        <textarea className="proposal-editor" aria-label={`Edit ${c.name}`} value={text} onChange={(e) => setText(e.target.value)} rows={Math.min(24, text.split('\n').length + 2)} spellCheck={false} />
      ) : (
        <pre className="proposal-preview" aria-label={`Preview of ${c.name}`}>
          {text}
        </pre>
      )}
      {error && (
        <p role="alert" className="skills-error">
          {error}
        </p>
      )}
    </li>
  );
}
