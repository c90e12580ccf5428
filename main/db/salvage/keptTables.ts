/**
 * The tables of engram.db whose rows exist nowhere else, in the order they are copied out of
 * a damaged file (parents before the rows that reference them). Everything else in the
 * database is derived and rebuilt: the memory index (memory_docs, memory_fts, memory_files)
 * from the `.engram/` files, the embeddings by the semantic layer, `schema_migrations` by
 * opening. A new table must be listed here or in DERIVED_TABLES (a test enforces it).
 */
export const SALVAGE_KINDS = ['sessions', 'messages', 'timeline', 'usage', 'dreams', 'projects', 'settings'] as const;
export type SalvageKind = (typeof SALVAGE_KINDS)[number];

export interface KeptTable {
  table: string;
  /** What a person calls these rows; the first table of a kind is the one counted for it. */
  kind: SalvageKind;
  /**
   * Nullable references set to NULL when the row they point at could not be read: a model
   * request of a lost session still counts in usage.
   */
  orphanToNull?: string[];
}

export const KEPT_TABLES: readonly KeptTable[] = [
  { table: 'settings', kind: 'settings' },
  { table: 'projects', kind: 'projects' },
  // A subagent's session whose parent was lost is kept as a session of its own.
  { table: 'agent_sessions', kind: 'sessions', orphanToNull: ['parent_id'] },
  { table: 'agent_messages', kind: 'messages' },
  { table: 'agent_tool_calls', kind: 'messages' },
  { table: 'agent_continuity', kind: 'sessions' },
  { table: 'agent_requests', kind: 'usage', orphanToNull: ['session_id'] },
  { table: 'memory_events', kind: 'timeline' },
  // Which multi-file memory writes were committed: a journal a crash left is finished or undone by it.
  { table: 'memory_commits', kind: 'timeline' },
  { table: 'dream_runs', kind: 'dreams' },
  // The exact bytes a dream changed: a dream rebuilt from its report can be reverted, but not byte for byte.
  { table: 'dream_files', kind: 'dreams' },
  { table: 'dream_schedule', kind: 'dreams' },
];

/** Rebuilt from the files or by Engram itself; never copied out of a damaged file. */
export const DERIVED_TABLES: readonly string[] = ['schema_migrations', 'sqlite_sequence', 'memory_docs', 'memory_files', 'memory_embeddings'];
/** Tables of these prefixes are FTS5 / vec0 internals, derived like the tables they index. */
export const DERIVED_PREFIXES: readonly string[] = ['memory_fts', 'memory_vocab', 'memory_vec_'];
