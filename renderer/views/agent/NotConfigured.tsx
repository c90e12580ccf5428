import { useState } from 'react';
import type { AgentStatus, ProviderKind } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { useSettingsDialog } from '../../state/settingsDialog';

/** No provider yet: say why, open Settings, name the data folder, offer a local server's models. */
export function NotConfigured({ projectId, status, onSaved }: { projectId: string; status: AgentStatus; onSaved: () => void }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const use = async (provider: ProviderKind, baseUrl: string, model: string) => {
    try {
      await api.call('settings.setProvider', { projectId, provider, model, baseUrl });
      onSaved();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const local: Array<{ provider: ProviderKind; label: string; found: AgentStatus['ollama'] }> = [
    { provider: 'ollama', label: 'Ollama', found: status.ollama },
    { provider: 'lmstudio', label: 'LM Studio', found: status.lmstudio },
  ];
  return (
    <section className="agent-setup" aria-label="Configure a model provider">
      <h2>Connect a model</h2>
      <p>{status.problem}</p>
      <p>
        <button type="button" className="button primary" onClick={() => useSettingsDialog.getState().show()}>
          Open Settings
        </button>
      </p>
      <p className="agent-muted">
        Settings live in the data folder <code>{status.dataDir}</code> (its <code>config.json</code>); keys are kept apart from it and never in a repository.
        ENGRAM_PROVIDER, ENGRAM_MODEL, ENGRAM_BASE_URL and ENGRAM_API_KEY override them.
      </p>
      {local
        .filter((l) => l.found && l.found.models.length)
        .map((l) => (
          <div key={l.provider} className="agent-ollama">
            <p>A local {l.label} is running. Use one of its models:</p>
            {l.found!.models.slice(0, 6).map((m) => (
              <button key={m} type="button" className="button" onClick={() => void use(l.provider, l.found!.baseUrl, m)}>
                Use {m}
              </button>
            ))}
          </div>
        ))}
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
