import type { Database, Statement } from 'better-sqlite3';
import type { EmbeddingStatus } from '../../../contract/memory';
import { embeddingProblem, loadEmbeddingSettings, type EmbeddingSettings } from '../../settings/embeddingSettings';
import type { SecretStore } from '../../settings/secrets/secretStore';
import type { SourceType } from '../index/indexDocuments';
import type { SearchRow } from '../index/memorySearch';
import { EmbeddingFailure } from './embeddingFailure';
import { asFailure, embedPending, type PassResult, type WorkerFailure } from './embeddingWorker';
import { embeddedCounts, pendingEntries } from './pendingEntries';
import { FailureRecord } from './failureRecord';
import { VectorStore } from './vectorStore';

export interface SemanticLayerOptions {
  db: Database;
  /** The embedding model chosen now (read again after `settingsChanged`); null: off. */
  settings: () => EmbeddingSettings | null;
  /** What background embedding covers: the open projects' scopes and the user-wide one. */
  scopes?: () => string[];
  /** Status moved (a batch stored, a failure, a recovery). */
  onChange?: () => void;
  log?: (line: string) => void;
}

/** Query vectors kept, by text: the agent asks the same few queries again and again. */
const QUERY_CACHE = 200;
/** A change to memory is embedded after this quiet time (edits come in bursts). */
const SETTLE_MS = 500;

const COLUMNS = `rowid, scope, source_type, doc_key, kind, source, path, at, pinned, body, tokens`;

/**
 * The optional semantic layer over memory search: entry vectors kept in engram.db, background
 * embedding (host), and what ranking needs of it, a query's vector within a short timeout and
 * the entries nearest to it. Off (settings null) it does nothing and costs nothing: search is
 * the lexical one, unchanged.
 */
export class SemanticLayer {
  private vectors: VectorStore;
  private settingsCache: EmbeddingSettings | null | undefined;
  private failure: (WorkerFailure & { at: number }) | null = null;
  private failures = 0;
  private running: Promise<PassResult | null> | null = null;
  private progress: { pending: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private abort = new AbortController();
  private stopped = false;
  private background = false;
  private readonly queries = new Map<string, Float32Array>();
  private rowStatement: Statement<unknown[]> | null = null;
  /** The last failure as every process sees it (this one's, or another's: the app's, a CLI's). */
  private readonly record: FailureRecord;

  constructor(private readonly options: SemanticLayerOptions) {
    this.vectors = new VectorStore(options.db);
    this.record = new FailureRecord(options.db);
  }

  get store(): VectorStore {
    return this.vectors;
  }

  /**
   * The database handle now reaches a new connection (the host rebuilt a damaged engram.db):
   * statements and the extension belong to the old one, so they are made again; the vectors
   * went with the old file and entries are embedded again.
   */
  connectionReplaced(): void {
    this.vectors = new VectorStore(this.options.db, { newConnection: true });
    this.rowStatement = null;
    this.progress = null;
    if (this.background) this.schedule(SETTLE_MS);
    this.options.onChange?.();
  }

  get settings(): EmbeddingSettings | null {
    if (this.settingsCache === undefined) this.settingsCache = this.options.settings();
    return this.settingsCache;
  }

  /** Why the last request to the embedding model failed (never a key); null when it did not. */
  get lastError(): string | null {
    return this.failure?.error ?? null;
  }

  /** Settings were saved: a new model or key applies now, and a failure is retried at once. */
  settingsChanged(): void {
    const before = this.settingsCache?.modelKey;
    this.settingsCache = undefined;
    if (this.settings?.modelKey !== before) this.queries.clear();
    this.failure = null;
    this.failures = 0;
    // A new key or model: what failed before says nothing about it.
    this.record.clear();
    this.options.onChange?.();
    if (this.background) this.schedule(0);
  }

  /**
   * The query's vector, or null when semantic search is off, has no vectors yet, is known to be
   * failing (until its retry time), or does not answer within the configured timeout: the
   * caller then ranks lexically, exactly as without this layer.
   */
  async queryVector(query: string): Promise<Float32Array | null> {
    const s = this.settings;
    if (!s || embeddingProblem(s) || !query.trim()) return null;
    if (this.failure && Date.now() < this.failure.retryAt) return null;
    if (!this.store.dimensions(s.modelKey)) return null;
    const cached = this.queries.get(query);
    if (cached) return cached;
    try {
      const signal = AbortSignal.timeout(s.queryTimeoutMs);
      const { EmbeddingClient } = await import('./embeddingClient');
      const vector = await new EmbeddingClient(s).query(query, signal);
      this.record.clear();
      if (this.queries.size >= QUERY_CACHE) this.queries.delete(this.queries.keys().next().value!);
      this.queries.set(query, vector);
      return vector;
    } catch (err) {
      // A query that times out says nothing new about a working server; one that cannot
      // connect does: the status shows it and background embedding waits.
      if (err instanceof EmbeddingFailure && /no answer in time/.test(err.message)) return null;
      this.failed(err);
      return null;
    }
  }

  /** Index rows of these scopes nearest to `vector`, best first (score: cosine similarity). */
  nearestRows(scopes: string[], vector: Float32Array, limit: number, sourceTypes?: SourceType[]): SearchRow[] {
    const s = this.settings;
    if (!s) return [];
    const row = (this.rowStatement ??= this.options.db.prepare(`SELECT ${COLUMNS} FROM memory_docs WHERE scope = ? AND source_type = ? AND doc_key = ?`).raw(true));
    const out: SearchRow[] = [];
    for (const n of this.store.nearest(s.modelKey, scopes, vector, limit)) {
      // Only some similarity: a vector pointing away from the query is no match at all.
      if (!(n.similarity > 0)) continue;
      if (sourceTypes && !sourceTypes.includes(n.sourceType as SourceType)) continue;
      const r = row.get(n.scope, n.sourceType, n.docKey) as unknown[] | undefined;
      if (!r) continue;
      out.push({
        rowid: r[0] as number,
        scope: r[1] as string,
        sourceType: r[2] as SourceType,
        id: r[3] as string,
        kind: r[4] as string,
        source: r[5] as string,
        path: r[6] as string | null,
        at: r[7] as string,
        pinned: r[8] as number,
        body: r[9] as string,
        tokens: r[10] as number,
        score: n.similarity,
      });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** Counts exactly what waits (new and edited entries) before `status` is read: for the CLI. */
  async countPending(scopes: string[]): Promise<number> {
    const s = this.settings;
    if (!s) return 0;
    const { pending } = await pendingEntries(this.options.db, this.store, s.modelKey, scopes);
    this.progress = { pending: pending.length };
    return pending.length;
  }

  status(scopes: string[]): EmbeddingStatus {
    const s = this.settings;
    const backend = this.store.backend;
    if (!s) {
      return { state: 'off', provider: null, model: null, dimensions: null, embedded: 0, total: embeddedCounts(this.options.db, '', scopes).total, error: null, errorDetail: null, retryAt: null, failedAt: null, backend };
    }
    const counts = embeddedCounts(this.options.db, s.modelKey, scopes);
    // Edited entries still have their old vector until the pass that found them replaces it.
    const embedded = Math.max(0, Math.min(counts.embedded, counts.total - (this.progress?.pending ?? 0)));
    const problem = embeddingProblem(s);
    // This process's own failure, else the last one any process recorded (the app's, seen from a CLI).
    const failure = problem ? { state: 'failed' as const, error: problem, detail: null, retryAt: null, at: null } : (this.failure ?? this.record.read(s.modelKey));
    return {
      state: failure ? failure.state : embedded < counts.total || this.running ? 'embedding' : 'ready',
      provider: s.provider,
      model: s.model,
      dimensions: this.store.dimensions(s.modelKey),
      embedded,
      total: counts.total,
      error: failure?.error ?? null,
      errorDetail: failure?.detail ?? null,
      retryAt: failure?.retryAt ? new Date(failure.retryAt).toISOString() : null,
      failedAt: failure?.at ? new Date(failure.at).toISOString() : null,
      backend,
    };
  }

  /**
   * Embeds what is waiting in these scopes now (the CLI's `memory embed`, the host's passes).
   * Concurrent calls share one run. Throws the failure in words.
   */
  async embedNow(scopes: string[], onBatch?: (done: number, pending: number) => void): Promise<PassResult> {
    const s = this.settings;
    if (!s) throw new EmbeddingFailure('Semantic search is off: choose an embedding model in Settings (or `engram config set embeddings …`).', false);
    if (this.running) await this.running.catch(() => null);
    const run = (async () => {
      try {
        const result = await embedPending(this.options.db, this.store, s, scopes, this.abort.signal, (done, pending) => {
          this.progress = { pending: pending - done };
          onBatch?.(done, pending);
          this.options.onChange?.();
        });
        this.progress = null;
        if (this.failure || this.failures) {
          this.failure = null;
          this.failures = 0;
        }
        // Only an answer from the model clears what any process recorded: a pass with nothing
        // to send proves nothing.
        if (result.embedded > 0) this.record.clear();
        return result;
      } catch (err) {
        this.failed(err);
        throw err;
      }
    })();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = null;
      this.options.onChange?.();
    }
  }

  /** Background embedding (host): a pass soon, after every `wake()`, and again after a failure's back-off. */
  start(): void {
    if (this.background || this.stopped) return;
    this.background = true;
    this.schedule(2_000);
  }

  /** Memory changed: embed what is new after a short quiet time (not during a back-off). */
  wake(): void {
    if (!this.background || this.failure) return;
    this.schedule(SETTLE_MS);
  }

  /** Retries at once, even during a back-off. */
  retryNow(): void {
    this.failure = null;
    if (this.background) this.schedule(0);
  }

  /** Stops background work; the batch in flight is abandoned (nothing half-stored). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.background = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.running?.catch(() => null);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pass();
    }, ms);
    this.timer.unref?.();
  }

  private async pass(): Promise<void> {
    const s = this.settings;
    if (!s || this.stopped) return;
    if (embeddingProblem(s)) return void this.options.onChange?.();
    const scopes = this.options.scopes?.() ?? [];
    if (!scopes.length) return;
    try {
      await this.embedNow(scopes);
    } catch (err) {
      if (this.stopped) return;
      this.options.log?.(`engram: embedding memory failed: ${this.failure ? withDetail(this.failure.error, this.failure.detail) : (err as Error).message}`);
    }
  }

  private failed(err: unknown): void {
    if (this.stopped) return;
    this.failures++;
    this.failure = { ...asFailure(err, this.failures), at: Date.now() };
    this.progress = null;
    const s = this.settings;
    if (s) this.record.write(s.modelKey, this.failure, this.failure.at);
    // Background embedding tries again when the back-off ends, whoever met the failure.
    if (this.background) this.schedule(this.failure.retryAt - Date.now());
    this.options.onChange?.();
  }
}

/**
 * The layer for a one-shot process (CLI, MCP server, a headless run): settings read from the
 * data folder and environment, no background embedding (`engram memory embed` does that).
 */
export function oneShotSemanticLayer(input: { db: Database; dataDir: string; env: NodeJS.ProcessEnv; secrets?: SecretStore; log?: (line: string) => void }): SemanticLayer {
  return new SemanticLayer({
    db: input.db,
    settings: () => loadEmbeddingSettings(input.dataDir, input.env, input.secrets),
    log: input.log,
  });
}

/** A failure's sentence with its raw reason after it, for a log line. */
function withDetail(error: string, detail: string | null | undefined): string {
  return detail ? `${error} (${detail})` : error;
}
