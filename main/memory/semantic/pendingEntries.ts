import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { entryId, type EntryKey, type VectorStore } from './vectorStore';

/** The index rows that get vectors: memory entries, in MEMORY.md and in topic files. */
export const EMBEDDED_SOURCE_TYPES = ['memory', 'topic'] as const;
const TYPES_SQL = EMBEDDED_SOURCE_TYPES.map((t) => `'${t}'`).join(', ');
const PAGE = 1000;

export interface PendingEntry extends EntryKey {
  hash: string;
  text: string;
}

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * Entries of these scopes without a vector of `model` for their current text (new, or edited
 * since), oldest first. Read in pages; `pause` runs between pages so a large memory never holds
 * the event loop for long.
 */
export async function pendingEntries(
  db: Database,
  store: VectorStore,
  model: string,
  scopes: string[],
  pause: () => Promise<void> = async () => undefined,
): Promise<{ pending: PendingEntry[]; total: number }> {
  const done = store.hashes(model, scopes);
  const page = db.prepare(
    `SELECT rowid, source_type, doc_key, body FROM memory_docs WHERE scope = ? AND source_type IN (${TYPES_SQL}) AND rowid > ? ORDER BY rowid LIMIT ${PAGE}`,
  );
  const pending: PendingEntry[] = [];
  let total = 0;
  for (const scope of scopes) {
    let after = 0;
    for (;;) {
      const rows = page.raw(true).all(scope, after) as [number, string, string, string][];
      for (const [, sourceType, docKey, body] of rows) {
        total++;
        const hash = textHash(body);
        if (done.get(entryId({ scope, sourceType, docKey })) !== hash) pending.push({ scope, sourceType, docKey, hash, text: body });
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1][0];
      await pause();
    }
  }
  return { pending, total };
}

/** How many entries these scopes hold, and how many have a vector of `model` (whatever its text). */
export function embeddedCounts(db: Database, model: string, scopes: string[]): { total: number; embedded: number } {
  const total = db.prepare(`SELECT count(*) FROM memory_docs WHERE scope = ? AND source_type IN (${TYPES_SQL})`).pluck();
  const embedded = db
    .prepare(
      `SELECT count(*) FROM memory_embeddings e JOIN memory_docs d
         ON d.scope = e.scope AND d.source_type = e.source_type AND d.doc_key = e.doc_key
       WHERE e.model = ? AND e.scope = ?`,
    )
    .pluck();
  let t = 0;
  let e = 0;
  for (const scope of scopes) {
    t += total.get(scope) as number;
    e += embedded.get(model, scope) as number;
  }
  return { total: t, embedded: e };
}
