import { APICallError } from 'ai';
import { connectionFailureText, type FailureContext } from '../providers/connectionFailure';

export const MAX_ATTEMPTS = 5;
const MAX_DELAY_MS = 30_000;

/** Whether a failed model request is worth repeating: rate limits, server errors, timeouts, dropped connections. */
export function isRetryable(err: unknown): boolean {
  if (APICallError.isInstance(err)) {
    const status = err.statusCode ?? 0;
    // A 2xx whose stream broke (a dropped connection mid-answer): the request itself was fine.
    if (status >= 200 && status < 300) return true;
    return status === 408 || status === 409 || status === 429 || status >= 500 || (status === 0 && err.isRetryable);
  }
  if (err instanceof IdleTimeoutError) return true;
  const code = (err as { cause?: { code?: string }; code?: string })?.cause?.code ?? (err as { code?: string })?.code ?? '';
  if (/^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR_)/.test(code)) return true;
  return err instanceof TypeError && /fetch failed|terminated/i.test(err.message);
}

/** Wait before attempt `attempt + 1`: what the server asked for, else exponential backoff. */
export function retryDelay(err: unknown, attempt: number): number {
  const headers = APICallError.isInstance(err) ? (err.responseHeaders ?? {}) : {};
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_DELAY_MS);
  const seconds = Number(headers['retry-after']);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
  const google = googleRetryDelayMs(err);
  if (google !== null) return Math.min(google, MAX_DELAY_MS);
  return Math.min(MAX_DELAY_MS, 500 * 2 ** (attempt - 1) + Math.floor(Math.random() * 250));
}

/**
 * Gemini says how long to wait only in its error body, as google.rpc.RetryInfo
 * (`"details": [{"@type": "…RetryInfo", "retryDelay": "13s"}]`), never in a retry-after header.
 */
function googleRetryDelayMs(err: unknown): number | null {
  if (!APICallError.isInstance(err) || !err.responseBody?.includes('RetryInfo')) return null;
  try {
    const details = (JSON.parse(err.responseBody) as { error?: { details?: Array<{ '@type'?: string; retryDelay?: string }> } }).error?.details ?? [];
    const delay = details.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
    const seconds = delay && /^\d+(\.\d+)?s$/.test(delay) ? Number(delay.slice(0, -1)) : NaN;
    return Number.isFinite(seconds) ? Math.round(seconds * 1000) : null;
  } catch {
    return null;
  }
}

export class IdleTimeoutError extends Error {
  constructor(ms: number) {
    super(`The model sent nothing for ${Math.round(ms / 1000)} s.`);
  }
}

/**
 * A failed model request in words a person can act on, with the raw reason after it (the
 * Agent pane shows it); the mapping is connectionFailure's, shared with Settings.
 */
export function describeError(err: unknown, context: FailureContext = {}): string {
  return connectionFailureText(err, context).slice(0, 800);
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
