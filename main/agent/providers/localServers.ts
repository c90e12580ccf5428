import { explainConnectionFailure } from './connectionFailure';

/**
 * Model servers on this machine: Ollama (11434) and LM Studio (1234) on their default ports.
 * Short timeouts, never throw: the Settings view and the agent's empty state ask without
 * waiting on a server that is not there.
 */

export type LocalServerKind = 'ollama' | 'lmstudio';

export interface LocalProbe {
  /** The OpenAI-compatible endpoint (…/v1) the agent talks to. */
  baseUrl: string;
  reachable: boolean;
  models: string[];
  error: string | null;
}

export const LOCAL_DEFAULTS: Record<LocalServerKind, string> = {
  ollama: 'http://127.0.0.1:11434/v1',
  lmstudio: 'http://127.0.0.1:1234/v1',
};

/**
 * Lists a local server's installed models: Ollama's `/api/tags` (names with their tags), else the
 * OpenAI-style `/v1/models` both servers answer.
 */
export async function probeLocal(kind: LocalServerKind, baseUrl = LOCAL_DEFAULTS[kind], timeoutMs = 600): Promise<LocalProbe> {
  const v1 = baseUrl.replace(/\/+$/, '');
  const root = v1.replace(/\/v1$/, '');
  const get = async (url: string): Promise<unknown> => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
    return res.json();
  };
  try {
    if (kind === 'ollama') {
      try {
        const body = (await get(`${root}/api/tags`)) as { models?: Array<{ name?: string }> };
        const models = (body.models ?? []).map((m) => m.name).filter((n): n is string => typeof n === 'string');
        return { baseUrl: v1, reachable: true, models, error: null };
      } catch {
        // an Ollama behind a proxy may only expose /v1
      }
    }
    const body = (await get(`${v1}/models`)) as { data?: Array<{ id?: string }> };
    const models = (body.data ?? []).map((m) => m.id).filter((n): n is string => typeof n === 'string');
    return { baseUrl: v1, reachable: true, models, error: null };
  } catch (err) {
    // Said as Test connection says it: "Nothing answered at …/v1. Is Ollama running? …".
    const why = explainConnectionFailure(err, { provider: kind, baseUrl: v1, timeoutMs });
    return { baseUrl: v1, reachable: false, models: [], error: why.kind !== 'other' ? why.message : /^HTTP \d+/.test(why.message) ? `${v1} did not list its models (${why.message}).` : `Nothing answered at ${v1} (${why.message}).` };
  }
}
