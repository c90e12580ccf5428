import type { Database } from 'better-sqlite3';
import { KeyValueStore } from '../../db/keyValueStore';
import type { WorkerFailure } from './embeddingWorker';

const KEY = 'embeddings.lastFailure';

/** The last failed request to the embedding model, as kept in engram.db. */
export interface RecordedFailure extends WorkerFailure {
  /** The model it was for: a failure of another model says nothing about this one. */
  modelKey: string;
  /** When it failed (ms since the epoch). */
  at: number;
}

/**
 * The last embedding failure, kept in engram.db so every process sees it: the app meets a
 * refused key in the background, `engram memory embed --status` in a terminal says so. Written
 * on a failure, removed on the next success (whoever has it) and when the settings change.
 * Never a reason to fail: a database that cannot be written keeps the failure in memory only.
 */
export class FailureRecord {
  private readonly store: KeyValueStore;

  constructor(db: Database) {
    this.store = new KeyValueStore(db);
  }

  read(modelKey: string): RecordedFailure | null {
    try {
      const r = this.store.get<RecordedFailure | null>(KEY, null);
      return r && r.modelKey === modelKey && typeof r.error === 'string' ? r : null;
    } catch {
      return null;
    }
  }

  write(modelKey: string, failure: WorkerFailure, at = Date.now()): void {
    try {
      const { state, error, detail = null, retryAt } = failure;
      this.store.set(KEY, { state, error, detail, retryAt, modelKey, at } satisfies RecordedFailure);
    } catch {
      // Kept in memory only: the status of this process still says it.
    }
  }

  clear(): void {
    try {
      if (this.store.get<unknown>(KEY, null) !== null) this.store.set(KEY, undefined);
    } catch {
      // Nothing recorded can be read either.
    }
  }
}
