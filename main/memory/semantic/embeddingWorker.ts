import type { Database } from 'better-sqlite3';
import type { EmbeddingState } from '../../../contract/memory';
import type { EmbeddingSettings } from '../../settings/embeddingSettings';
import { EmbeddingFailure } from './embeddingFailure';
import { pendingEntries, type PendingEntry } from './pendingEntries';
import type { VectorStore } from './vectorStore';

/** Texts per request. */
export const BATCH = 32;
/** Requests in flight at once: a local server serves one model; a remote one rate-limits. */
export const CONCURRENCY = 2;
const BACKOFF_FIRST_MS = 5_000;
const BACKOFF_MAX_MS = 5 * 60_000;

export interface WorkerFailure {
  state: Extract<EmbeddingState, 'unreachable' | 'failed'>;
  error: string;
  /** The raw reason under `error` (system code, HTTP status and the server's words), when there is one. */
  detail?: string | null;
  retryAt: number;
}

export interface PassResult {
  embedded: number;
  pending: number;
  total: number;
}

/**
 * Embeds what is waiting, batch by batch, with at most CONCURRENCY requests in flight; each
 * batch is stored in its own transaction (so a stop or a crash keeps what was done, and the
 * next pass resumes from there). Between batches the event loop is free. Stops at the first
 * failure (the caller backs off) or when `signal` aborts.
 */
export async function embedPending(
  db: Database,
  store: VectorStore,
  settings: EmbeddingSettings,
  scopes: string[],
  signal: AbortSignal,
  onBatch: (done: number, pending: number) => void = () => undefined,
): Promise<PassResult> {
  // Loaded when used: the AI SDK and its providers are heavy, and most commands never embed.
  const { EmbeddingClient } = await import('./embeddingClient');
  const client = new EmbeddingClient(settings);
  // Vectors of another model or of removed entries go first: they would be found otherwise.
  store.prune(settings.modelKey, scopes);
  const { pending, total } = await pendingEntries(db, store, settings.modelKey, scopes, breathe);
  const batches: PendingEntry[][] = [];
  for (let i = 0; i < pending.length; i += BATCH) batches.push(pending.slice(i, i + BATCH));
  let embedded = 0;
  let next = 0;
  let failure: unknown = null;
  const lane = async () => {
    while (next < batches.length && !failure && !signal.aborted) {
      const batch = batches[next++];
      try {
        const vectors = await client.documents(
          batch.map((e) => e.text),
          signal,
        );
        if (signal.aborted) return;
        store.put(settings.modelKey, batch.map((e, i) => ({ ...e, vector: vectors[i] })));
        embedded += batch.length;
        onBatch(embedded, pending.length);
      } catch (err) {
        failure ??= err;
      }
      await breathe();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  if (failure && !signal.aborted) throw failure;
  return { embedded, pending: pending.length - embedded, total };
}

/** How long to wait after the n-th failure in a row (1-based): 5 s, doubling, at most 5 min. */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, failures - 1));
}

export function asFailure(err: unknown, failures: number, now = Date.now()): WorkerFailure {
  const f = err instanceof EmbeddingFailure ? err : new EmbeddingFailure((err as Error)?.message ?? String(err), false);
  return { state: f.unreachable ? 'unreachable' : 'failed', error: f.message, detail: f.detail, retryAt: now + backoffMs(failures) };
}

function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
