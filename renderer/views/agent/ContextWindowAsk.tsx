import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/apiContext';

/**
 * The catalog does not know this model: ask its context window once (kept per model in
 * config.json), so the meter and the checkpoint thresholds measure against the real size.
 */
export function ContextWindowAsk({ projectId, model, onSaved }: { projectId: string; model: string; onSaved: () => void }) {
  const api = useApi();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.call('settings.setContextWindow', { projectId, model, contextWindow: Number(value.replace(/[,_\s]/g, '')) });
      onSaved();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form className="agent-notice context-ask" onSubmit={submit} aria-label="Context window">
      <span>
        Engram does not know how many tokens <code>{model}</code> takes. Context window:
      </span>
      <input aria-label="Context window in tokens" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} placeholder="e.g. 32768" />
      <button type="submit" className="button" disabled={!value.trim()}>
        Keep
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </form>
  );
}
