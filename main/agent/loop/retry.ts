import { APICallError } from 'ai';

export const MAX_ATTEMPTS = 5;
const MAX_DELAY_MS = 30_000;

/** Whether a failed model request is worth repeating: rate limits, server errors, timeouts, dropped connections. */
export function isRetryable(err: unknown): boolean {
  if (APICallError.isInstance(err)) {
    const status = err.statusCode ?? 0;
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
  return Math.min(MAX_DELAY_MS, 500 * 2 ** (attempt - 1) + Math.floor(Math.random() * 250));
}

export class IdleTimeoutError extends Error {
  constructor(ms: number) {
    super(`The model sent nothing for ${Math.round(ms / 1000)} s.`);
  }
}

export function describeError(err: unknown): string {
  if (APICallError.isInstance(err)) {
    const status = err.statusCode ? `HTTP ${err.statusCode}` : 'request failed';
    return `${status} from ${err.url}: ${err.message}`.slice(0, 500);
  }
  return ((err as Error)?.message ?? String(err)).slice(0, 500);
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
