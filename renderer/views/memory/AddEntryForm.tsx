import { useEffect, useRef, useState } from 'react';
import { MEMORY_KINDS, type MemoryAddResult, type MemoryKind } from '../../../contract';
import { useApi } from '../../api/apiContext';

interface Props {
  projectId: string;
  onAdded(result: MemoryAddResult): void;
  onCancel(): void;
}

/** What a write redacted, in one line ("redacted 1 secret (AWS access key)"), like the CLI says it. */
export function redactionLine(kinds: string[]): string {
  if (!kinds.length) return '';
  return `redacted ${kinds.length} secret${kinds.length === 1 ? '' : 's'} (${[...new Set(kinds)].join(', ')})`;
}

/**
 * A person adds an entry to the project's MEMORY.md: kind and text, saved with the button or
 * Ctrl/Cmd+Enter, dropped with Escape. A failure is shown here and the draft kept.
 */
export function AddEntryForm({ projectId, onAdded, onCancel }: Props) {
  const api = useApi();
  const [kind, setKind] = useState<MemoryKind>('knowledge');
  const [text, setText] = useState('');
  const [pinned, setPinned] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => textRef.current?.focus(), []);

  const save = async () => {
    if (saving) return;
    if (!text.trim()) {
      setError('Write the entry first: its text is empty.');
      textRef.current?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      onAdded(await api.call('memory.add', { projectId, kind, text, ...(pinned ? { pinned } : {}) }));
    } catch (err) {
      // A refused field reads as the form's own words, without the request's name in front.
      setError((err as Error).message.replace(/^Invalid request for memory\.add: (?:[\w.]+: )?/, ''));
      setSaving(false);
    }
  };

  return (
    <form
      className="memory-add"
      aria-label="Add memory entry"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <div className="memory-add-fields">
        <label className="memory-add-kind">
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as MemoryKind)} disabled={saving}>
            {MEMORY_KINDS.map((k) => (
              <option key={k} value={k}>{k}</option>
            ))}
          </select>
        </label>
        <label className="memory-add-pin">
          <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} disabled={saving} /> Pinned
        </label>
      </div>
      <label htmlFor={`memory-add-text-${projectId}`} className="visually-hidden">New entry text</label>
      <textarea
        id={`memory-add-text-${projectId}`}
        ref={textRef}
        className="text-field"
        rows={3}
        value={text}
        placeholder="What should the agent remember? Secrets are redacted before writing."
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `memory-add-error-${projectId}` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
      />
      {error ? <p role="alert" id={`memory-add-error-${projectId}`} className="field-error">{error}</p> : null}
      <div className="memory-add-actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="memory-add-hint">Ctrl/⌘+Enter saves · Esc cancels</span>
      </div>
    </form>
  );
}
