import { useEffect, useState } from 'react';
import type { MemoryEntryDetail } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** Who added an entry, as the panel says it. */
const ACTOR_WORDS: Record<string, string> = { cli: 'the CLI', agent: 'the agent', person: 'you (in Engram)', dream: 'a dream' };

interface Props {
  projectId: string;
  id: string;
  onClose(): void;
}

/** One entry: its text, where it lives, its history; edited in place through the memory engine. */
export function EntryDetail({ projectId, id, onClose }: Props) {
  const api = useApi();
  const [entry, setEntry] = useState<MemoryEntryDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    const load = () =>
      api.call('memory.entry', { projectId, id }).then(
        (e) => live && setEntry(e),
        (err: Error) => live && setError(err.message),
      );
    void load();
    const off = api.on('memory.changed', (e) => e.projectId === projectId && void load());
    return () => {
      live = false;
      off();
    };
  }, [api, projectId, id]);

  const save = async () => {
    if (!entry || draft === null) return;
    setSaving(true);
    setError(null);
    try {
      setEntry(await api.call('memory.edit', { projectId, id, text: draft, expectedText: entry.text }));
      setDraft(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <aside className="entry-detail" aria-label="Memory entry" onKeyDown={(e) => e.key === 'Escape' && draft === null && onClose()}>
      <header className="entry-detail-header">
        <h2>
          <code>{id}</code> {entry ? <span className="entry-kind">{entry.kind}</span> : null}
        </h2>
        <button type="button" className="icon-button visible" aria-label="Close entry" onClick={onClose}>
          ×
        </button>
      </header>
      {error ? <p role="alert" className="field-error">{error}</p> : null}
      {!entry ? null : draft === null ? (
        <>
          <p className="entry-text">{entry.text || <em>This entry is no longer in memory.</em>}</p>
          <dl className="entry-facts">
            <dt>File</dt>
            <dd><code>{entry.path ?? 'gone'}</code></dd>
            <dt>Added</dt>
            <dd>{entry.at ?? 'unknown'}</dd>
            <dt>Source</dt>
            <dd>
              {entry.source ? <code>{entry.source}</code> : null}
              {entry.source && entry.addedBy ? ' · ' : null}
              {entry.addedBy ? (
                <>
                  added by {ACTOR_WORDS[entry.addedBy.actor] ?? entry.addedBy.actor} on {entry.addedBy.at.slice(0, 16).replace('T', ' ')}
                  {entry.addedBy.session && entry.addedBy.session !== entry.source ? <> in <code>{entry.addedBy.session}</code></> : null}
                </>
              ) : entry.source ? null : (
                'written into the file by hand'
              )}
            </dd>
          </dl>
          {entry.path ? (
            <button type="button" className="button" onClick={() => setDraft(entry.text)}>
              Edit
            </button>
          ) : null}
        </>
      ) : (
        <div className="entry-edit">
          <label htmlFor="entry-edit-text" className="visually-hidden">Entry text</label>
          <textarea id="entry-edit-text" className="text-field" value={draft} rows={6} onChange={(e) => setDraft(e.target.value)} />
          <div className="entry-edit-actions">
            <button type="button" className="button primary" disabled={saving || !draft.trim()} onClick={() => void save()}>
              Save
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {entry?.history.length ? (
        <>
          <h3>History</h3>
          <ol className="entry-history" aria-label="Entry history">
            {entry.history.map((h) => (
              <li key={h.seq}>
                <span className={`event-type type-${h.type}`}>{h.type}</span> {h.actor}
                {h.session ? <code title={h.session}> {h.session}</code> : null} <time>{h.at.slice(0, 16).replace('T', ' ')}</time>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </aside>
  );
}
