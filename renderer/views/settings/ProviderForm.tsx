import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CatalogModel, Project, ProviderKind, ProviderModels, SettingsState } from '../../../contract';
import { useApi } from '../../api/apiContext';

interface Result {
  ok: boolean;
  message: string;
  /** The raw reason under a failed test (ECONNREFUSED…, HTTP 401 and the server's words). */
  detail?: string | null;
}

function price(m: CatalogModel): string {
  if (!m.price) return 'no price in the catalog';
  const cache = m.price.cacheRead !== null ? `, cache read $${m.price.cacheRead}` : '';
  return `$${m.price.input} in / $${m.price.output} out per million tokens${cache}`;
}

/** A command in a message (`ollama serve`) shown as code, so it reads as something to type. */
function withCommands(text: string) {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part));
}

/** Provider, Model, API key, Base URL; Test connection and Save. Keys go in, never come back. */
export function ProviderForm({ project }: { project: Project | null }) {
  const api = useApi();
  const projectId = project?.id;
  const [state, setState] = useState<SettingsState | null>(null);
  const [provider, setProvider] = useState<ProviderKind>('anthropic');
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [contextWindow, setContextWindow] = useState('');
  const [models, setModels] = useState<ProviderModels | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const s = await api.call('settings.get', { projectId });
    setState(s);
    return s;
  }, [api, projectId]);

  useEffect(() => {
    void load()
      .then((s) => {
        if (s.provider) setProvider(s.provider);
        // Nothing chosen yet: the provider shown starts with its recommended model filled in.
        const shown = s.provider ?? 'anthropic';
        setModel(s.model ?? s.presets.find((p) => p.id === shown)?.recommendedModel ?? '');
        if (s.contextWindowSource === 'settings') setContextWindow(String(s.contextWindow));
        const preset = s.presets.find((p) => p.id === s.provider);
        setBaseUrl(s.baseUrl && s.baseUrl !== preset?.defaultBaseUrl ? s.baseUrl : '');
      })
      .catch((err) => setError((err as Error).message));
  }, [load]);

  // Local servers on their default ports: the Provider list says which ones answer.
  const [detected, setDetected] = useState<Partial<Record<ProviderKind, number>>>({});
  useEffect(() => {
    let live = true;
    for (const local of ['ollama', 'lmstudio'] as const) {
      void api.call('settings.models', { provider: local }).then(
        (m) => live && m.local?.reachable && setDetected((d) => ({ ...d, [local]: m.models.length })),
        () => {},
      );
    }
    return () => {
      live = false;
    };
  }, [api]);

  const preset = state?.presets.find((p) => p.id === provider) ?? null;
  // A local server's address matters to its model list; typing it asks once the typing pauses.
  const localUrl = preset?.local ? baseUrl.trim() : '';
  useEffect(() => {
    setModels(null);
    let live = true;
    const timer = setTimeout(() => {
      void api
        .call('settings.models', { provider, ...(localUrl ? { baseUrl: localUrl } : {}) })
        .then((m) => live && setModels(m))
        .catch(() => live && setModels(null));
    }, localUrl ? 300 : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, provider, localUrl]);

  const chosen = useMemo(() => models?.models.find((m) => m.id === model.trim()) ?? null, [models, model]);
  const known = chosen && chosen.contextWindow > 0;
  const keySaved = state?.keysSaved.includes(provider) ?? false;

  const values = () => ({
    provider,
    model: model.trim(),
    ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
    ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
  });

  const test = async () => {
    setBusy('test');
    setResult(null);
    setError(null);
    try {
      setResult(await api.call('settings.test', { projectId, ...values() }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('save');
    setResult(null);
    setError(null);
    try {
      const v = values();
      let next = await api.call('settings.save', { projectId, ...v, baseUrl: v.baseUrl ?? null });
      const n = Number(contextWindow.replace(/[,_\s]/g, ''));
      if (!known && contextWindow.trim() && !(next.model === v.model && next.contextWindow === n && next.contextWindowSource === 'settings')) {
        next = await api.call('settings.setContextWindow', { projectId, model: v.model, contextWindow: n });
      }
      setState(next);
      setApiKey('');
      setResult({ ok: !next.problem, message: next.problem ?? `Saved: ${preset?.label} · ${v.model}.` });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  if (!state) return error ? <p role="alert">{error}</p> : <p className="settings-muted">Loading settings…</p>;

  return (
    <form className="settings-form" onSubmit={save}>
      <label className="settings-field">
        <span>Provider</span>
        <select
          value={provider}
          onChange={(e) => {
            const next = e.target.value as ProviderKind;
            setProvider(next);
            setModel(state.presets.find((p) => p.id === next)?.recommendedModel ?? '');
            setBaseUrl('');
            setResult(null);
          }}
        >
          {state.presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
              {detected[p.id] !== undefined ? ` (running here, ${detected[p.id]} model${detected[p.id] === 1 ? '' : 's'})` : ''}
            </option>
          ))}
        </select>
      </label>

      <label className="settings-field">
        <span>Model</span>
        <input list="settings-models" value={model} onChange={(e) => setModel(e.target.value)} placeholder={preset?.recommendedModel ?? models?.models[0]?.id ?? 'model id'} required spellCheck={false} />
        <datalist id="settings-models">
          {models?.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </datalist>
      </label>
      {/* The server not answering is said once: by a failed test, with its details, when there is one. */}
      {models?.local && (models.local.reachable || !result || result.ok) ? (
        <p className={models.local.reachable ? 'settings-muted' : 'settings-warning'}>
          {models.local.reachable
            ? `${preset?.label} at ${models.local.baseUrl}: ${models.models.length} model${models.models.length === 1 ? '' : 's'} installed.`
            : withCommands(models.local.error ?? "")}
        </p>
      ) : null}
      {models?.local?.reachable && models.models.length ? (
        <div className="settings-chips" aria-label="Installed models">
          {models.models.slice(0, 12).map((m) => (
            <button key={m.id} type="button" className={`chip${m.id === model ? ' active' : ''}`} onClick={() => setModel(m.id)}>
              {m.id}
            </button>
          ))}
        </div>
      ) : null}
      {model.trim() ? (
        known ? (
          <p className="settings-muted">
            {chosen!.name}: {chosen!.contextWindow.toLocaleString()} tokens of context
            {chosen!.outputLimit ? `, up to ${chosen!.outputLimit.toLocaleString()} out` : ''}; {price(chosen!)}.
          </p>
        ) : (
          <label className="settings-field">
            <span>Context window</span>
            <input
              inputMode="numeric"
              value={contextWindow}
              onChange={(e) => setContextWindow(e.target.value)}
              placeholder={state.model === model.trim() && state.contextWindowSource !== 'default' ? String(state.contextWindow) : 'e.g. 32768'}
            />
            <small className="settings-muted">
              {state.model === model.trim() && state.contextWindowSource === 'settings'
                ? `Kept for ${model.trim()} in your settings; the context meter and checkpoints use it.`
                : `${model.trim()} is not in the catalog (${state.catalog.source}, ${state.catalog.date}): how many tokens does it take? Asked once; the context meter and checkpoints use it.`}
            </small>
          </label>
        )
      ) : null}

      <label className="settings-field">
        <span>API key</span>
        <input
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          placeholder={keySaved ? 'A key is saved: leave empty to keep it' : preset?.keyRequired ? 'Paste the key' : preset?.local ? 'Not needed for this provider' : 'Only if the endpoint asks for one'}
          spellCheck={false}
        />
      </label>

      <label className="settings-field">
        <span>Base URL</span>
        <input type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder={preset?.defaultBaseUrl ?? 'https://host/v1'} spellCheck={false} />
      </label>

      <div className="settings-actions">
        <button type="button" className="button" onClick={() => void test()} disabled={busy !== null || !model.trim()}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button primary" disabled={busy !== null || !model.trim()}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        {keySaved ? (
          <button
            type="button"
            className="button danger"
            onClick={() => void api.call('settings.forgetKey', { projectId, provider }).then(setState, (err) => setError((err as Error).message))}
          >
            Remove saved key
          </button>
        ) : null}
      </div>
      {result ? (
        <div role="status" className={result.ok ? 'settings-ok' : 'settings-error'}>
          <p>{withCommands(result.message)}</p>
          {result.detail ? <p className="settings-detail">Details: {result.detail}</p> : null}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="settings-error">
          {error}
        </p>
      ) : null}

      <dl className="settings-facts">
        <dt>In use</dt>
        <dd>{state.provider ? `${state.presets.find((p) => p.id === state.provider)?.label} · ${state.model ?? 'no model'}` : 'no provider yet'}</dd>
        {state.projectModel && project ? (
          <>
            <dt>{project.name}</dt>
            <dd>
              uses {state.projectModel} (set in {state.projectConfigPath})
            </dd>
          </>
        ) : null}
        <dt>Keys</dt>
        <dd>{state.keyFromEnvironment ? 'A key from the environment is in use. ' : ''}{state.keyStorage.description}</dd>
        <dt>Settings file</dt>
        <dd>
          <code>{state.configPath}</code>
        </dd>
        <dt>Data folder</dt>
        <dd>
          <code>{state.dataDir}</code>
        </dd>
        <dt>Catalog</dt>
        <dd>
          {state.catalog.models} models, {state.catalog.source}, snapshot of {state.catalog.date}
        </dd>
      </dl>
      {state.warnings.map((w) => (
        <p key={w} className="settings-warning">
          {w}
        </p>
      ))}
    </form>
  );
}
