import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { EmbeddingProviderKind, EmbeddingStatus, Project, SettingsState } from '../../../contract';
import { EmbeddingStatusView } from './EmbeddingStatusView';
import { useApi } from '../../api/apiContext';

const OFF = 'off';

/**
 * Semantic search: an embedding model (off by default) whose vectors are fused with lexical
 * search; the status of background embedding for the active project.
 */
export function SemanticSearchPanel({ project }: { project: Project | null }) {
  const api = useApi();
  const projectId = project?.id;
  const [state, setState] = useState<SettingsState | null>(null);
  const [status, setStatus] = useState<EmbeddingStatus | null>(null);
  const [provider, setProvider] = useState<EmbeddingProviderKind | typeof OFF>(OFF);
  const [model, setModel] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void api.call('settings.get', { projectId }).then((s) => {
      setState(s);
      const c = s.embeddings.choice;
      setProvider(c?.provider ?? OFF);
      setModel(c?.model ?? '');
      const preset = s.embeddings.presets.find((p) => p.provider === c?.provider);
      setBaseUrl(c?.baseUrl && c.baseUrl !== preset?.defaultBaseUrl ? c.baseUrl : '');
    }, (err) => setMessage({ ok: false, text: (err as Error).message }));
  }, [api, projectId]);

  const refresh = useCallback(() => {
    if (!projectId) return;
    api.call('memory.embeddings', { projectId }).then(setStatus, () => {});
  }, [api, projectId]);
  useEffect(() => {
    refresh();
    const offs = [api.on('memory.embeddingsChanged', refresh), api.on('memory.changed', (e) => e.projectId === projectId && refresh())];
    return () => offs.forEach((off) => off());
  }, [api, projectId, refresh]);

  if (!state) return message ? <p role="alert">{message.text}</p> : <p className="settings-muted">Loading settings…</p>;
  const presets = state.embeddings.presets;
  const preset = presets.find((p) => p.provider === provider) ?? null;
  const keySaved = preset ? state.keysSaved.includes(preset.provider) : false;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const next =
        provider === OFF
          ? await api.call('settings.saveEmbeddings', { projectId, provider: null })
          : await api.call('settings.saveEmbeddings', {
              projectId,
              provider,
              model: model.trim(),
              baseUrl: baseUrl.trim() || null,
              ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
            });
      setState(next);
      setApiKey('');
      setMessage({ ok: !next.embeddings.problem, text: next.embeddings.problem ?? (provider === OFF ? 'Semantic search is off.' : `Saved: ${preset?.label} · ${model.trim()}. Entries are embedded in the background.`) });
      refresh();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="settings-form" onSubmit={save} aria-label="Semantic search">
      <p className="settings-muted settings-intro">
        Optional. Memory search is lexical (bm25) and needs no model. With an embedding model, entries also get vectors in the
        background and search fuses both rankings, so a question can find an entry that shares none of its words. Vectors stay in
        the local database; entries are sent to the provider you choose.
      </p>
      <label className="settings-field">
        <span>Embeddings provider</span>
        <select
          value={provider}
          onChange={(e) => {
            const next = e.target.value as EmbeddingProviderKind | typeof OFF;
            setProvider(next);
            setModel(presets.find((p) => p.provider === next)?.models[0]?.id ?? '');
            setBaseUrl('');
            setMessage(null);
          }}
        >
          <option value={OFF}>Off (lexical search only)</option>
          {presets.map((p) => (
            <option key={p.provider} value={p.provider}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {/* Right under the choice it is about: a failing model is seen before its fields. */}
      {status ? (
        <EmbeddingStatusView status={status} projectName={project?.name ?? null} />
      ) : (
        <p className="settings-muted">Open a project to see how far its entries are embedded.</p>
      )}
      {preset ? (
        <>
          <label className="settings-field">
            <span>Embedding model</span>
            <input list="embedding-models" value={model} onChange={(e) => setModel(e.target.value)} placeholder={preset.models[0]?.id ?? 'model id'} required spellCheck={false} />
            <datalist id="embedding-models">
              {preset.models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.dimensions ? `${m.dimensions} dimensions` : ''}
                </option>
              ))}
            </datalist>
          </label>
          {preset.models.length ? (
            <div className="settings-chips" aria-label="Known embedding models">
              {preset.models.map((m) => (
                <button key={m.id} type="button" className={`chip${m.id === model ? ' active' : ''}`} onClick={() => setModel(m.id)}>
                  {m.id}
                </button>
              ))}
            </div>
          ) : null}
          <label className="settings-field">
            <span>Embeddings base URL</span>
            <input type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder={preset.defaultBaseUrl ?? 'https://host/v1'} required={!preset.defaultBaseUrl} spellCheck={false} />
          </label>
          <label className="settings-field">
            <span>Embeddings API key</span>
            <input
              type="password"
              autoComplete="off"
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              placeholder={keySaved ? `Uses the saved ${preset.label} key: leave empty` : preset.keyRequired ? 'Paste the key' : preset.provider === 'openai-compatible' ? 'Only if the endpoint asks for one' : 'Not needed for this provider'}
              spellCheck={false}
            />
          </label>
        </>
      ) : null}
      <div className="settings-actions">
        <button type="submit" className="button primary" disabled={busy || (provider !== OFF && !model.trim())}>
          {busy ? 'Saving…' : 'Save semantic search'}
        </button>
        {status && (status.state === 'unreachable' || status.state === 'failed' || status.state === 'embedding') && projectId ? (
          <button type="button" className="button" onClick={() => void api.call('memory.embedNow', { projectId }).then(setStatus, () => {})}>
            {status.state === 'embedding' ? 'Embed now' : 'Retry now'}
          </button>
        ) : null}
      </div>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'settings-ok' : 'settings-error'}>
          {message.text}
        </p>
      ) : null}

    </form>
  );
}
