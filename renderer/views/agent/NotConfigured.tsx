import { useState } from 'react';
import type { AgentStatus } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** No provider yet: say why and how, and offer a local Ollama when one answered. */
export function NotConfigured({ projectId, status, onSaved }: { projectId: string; status: AgentStatus; onSaved: () => void }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const useOllama = async (model: string) => {
    try {
      await api.call('settings.setProvider', { projectId, provider: 'openai-compatible', model, baseUrl: status.ollama!.baseUrl });
      onSaved();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section className="agent-setup" aria-label="Configure a model provider">
      <h2>Connect a model</h2>
      <p>{status.problem}</p>
      <p className="agent-muted">{status.howTo}</p>
      {status.ollama && status.ollama.models.length ? (
        <div className="agent-ollama">
          <p>A local Ollama is running. Use one of its models:</p>
          {status.ollama.models.slice(0, 6).map((m) => (
            <button key={m} type="button" onClick={() => void useOllama(m)}>
              Use {m}
            </button>
          ))}
        </div>
      ) : null}
      {status.warnings.map((w) => (
        <p key={w} className="agent-warning">
          {w}
        </p>
      ))}
      {error ? <p role="alert">{error}</p> : null}
      <p className="agent-muted">Everything else in Engram works without a model.</p>
    </section>
  );
}
