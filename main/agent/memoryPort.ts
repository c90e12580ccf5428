/**
 * What the agent needs from the memory engine, and nothing more. The engine (main/memory) is
 * adapted to this in memoryAdapter.ts; the agent never reaches into it otherwise.
 */
export interface MemoryHit {
  id: string;
  kind: string;
  text: string;
  source: string | null;
  score: number;
  path: string | null;
}

export interface MemoryPort {
  /** The block injected at a session's start, at most `budget` tokens. */
  context(query: string, budget: number): Promise<string>;
  search(query: string, limit: number): Promise<MemoryHit[]>;
  /** Adds an entry to the project's MEMORY.md; resolves to its id and what was redacted (kinds of secret). */
  write(kind: string, text: string, sessionId: string): Promise<{ id: string; redacted?: { kind: string }[] }>;
}

/** Used when the engine cannot be opened: the agent still works, memory tools say why not. */
export function unavailableMemory(reason: string): MemoryPort {
  return {
    context: async () => '',
    search: async () => {
      throw new Error(`Memory is not available: ${reason}`);
    },
    write: async () => {
      throw new Error(`Memory is not available: ${reason}`);
    },
  };
}
