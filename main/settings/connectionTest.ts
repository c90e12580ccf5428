import { streamText } from 'ai';
import { createLanguageModel } from '../agent/providers/languageModel';
import { explainConnectionFailure } from '../agent/providers/connectionFailure';
import type { AgentSettings } from './agentSettings';
import { providerPreset } from './providerPresets';
import { redactSecret } from './secrets/redact';

export interface ConnectionTestResult {
  ok: boolean;
  /** What happened, as a sentence that says what to do on a failure. */
  message: string;
  /** The raw reason of a failure (system error code, HTTP status and the server's words); null on success. */
  detail: string | null;
  ms: number;
}

/**
 * One tiny request to the model these settings name, streamed as the agent's own requests are
 * so the test exercises the path a run takes. Never throws for what the server did: a failure
 * comes back explained, the key never part of it.
 */
export async function testConnection(settings: AgentSettings, timeoutMs: number): Promise<ConnectionTestResult> {
  const started = Date.now();
  try {
    let failure: unknown = null;
    const result = streamText({
      model: createLanguageModel(settings),
      prompt: 'Reply with the single word OK.',
      maxOutputTokens: 16,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(timeoutMs),
      onError: ({ error }) => void (failure = error),
    });
    // The stream's own error says why (HTTP status, the server's words); `text` only says it ended.
    const text = await Promise.resolve(result.text).catch((err: unknown) => {
      throw failure ?? err;
    });
    if (failure) throw failure;
    const ms = Date.now() - started;
    const said = text.trim().slice(0, 80);
    return { ok: true, message: `${providerPreset(settings.provider!).label} answered in ${ms} ms${said ? `: "${said}"` : ''}.`, detail: null, ms };
  } catch (err) {
    const why = explainConnectionFailure(err, { provider: settings.provider, model: settings.model, baseUrl: settings.baseURL, timeoutMs });
    return { ok: false, message: redactSecret(why.message, settings.apiKey), detail: redactSecret(why.detail, settings.apiKey), ms: Date.now() - started };
  }
}
