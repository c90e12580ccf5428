export const OLLAMA_BASE = 'http://127.0.0.1:11434';

export interface OllamaProbe {
  available: boolean;
  baseUrl: string;
  models: string[];
}

/**
 * Asks a local Ollama which models it has. Short timeout, never throws: callers fire it off
 * without waiting, so start-up never depends on it.
 */
export async function probeOllama(timeoutMs = 400, base = OLLAMA_BASE): Promise<OllamaProbe> {
  const none: OllamaProbe = { available: false, baseUrl: `${base}/v1`, models: [] };
  try {
    const res = await fetch(`${base}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return none;
    const body = (await res.json()) as { models?: Array<{ name?: string }> };
    const models = (body.models ?? []).map((m) => m.name).filter((n): n is string => typeof n === 'string');
    return { available: true, baseUrl: `${base}/v1`, models };
  } catch {
    return none;
  }
}
