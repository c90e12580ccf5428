import type { Database } from '../db/database';
import { MemoryEngine } from '../memory/memoryEngine';
import type { SemanticLayer } from '../memory/semantic/semanticLayer';
import { unavailableMemory, type MemoryPort } from './memoryPort';

/**
 * The memory engine behind the agent's port. The engine is synced before the first read so
 * edits made in an editor since the last run are seen; an engine that cannot open leaves the
 * agent working, with memory tools saying why.
 */
export function engineMemory(db: Database, projectRoot: string, dataDir: string, engine?: MemoryEngine, semantic?: () => SemanticLayer): MemoryPort {
  let opened: MemoryEngine;
  try {
    opened = engine ?? new MemoryEngine({ db, projectRoot, dataDir, semantic: semantic?.() });
    if (!engine) opened.sync();
  } catch (err) {
    return unavailableMemory((err as Error).message);
  }
  return {
    context: async (query, budget) => {
      // A first prompt is a sentence, and the engine's query matching may find nothing in it;
      // the session still starts with the project's memory rather than with none.
      // The same ranking as memory_search, the semantic layer's included when it is on.
      const block = await opened.contextAsync({ query, budget });
      return block.items.length ? block.text : opened.context({ budget }).text;
    },
    search: async (query, limit) => (await opened.searchAsync(query, { limit })).map((h) => ({ ...h, source: h.source || null, path: h.path || null })),
    write: async (kind, text, sessionId) => opened.add({ kind, text, source: sessionId }, { actor: 'agent', session: sessionId }),
  };
}
