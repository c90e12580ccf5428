/** A project's memory: its timeline of changes, search, and one entry's detail and edits. */
import { z } from 'zod';
import { projectId } from './shapes';

/**
 * The kinds of SPEC §3: section names of MEMORY.md in lower case. `superseded` is not a kind
 * anyone writes to: entries move there when a newer one replaces them.
 */
export const MEMORY_KINDS = ['context', 'rules', 'decisions', 'knowledge', 'patterns', 'gotchas'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

/**
 * What a timeline event records, in the order the Memory view's filter offers them. `redacted`
 * says secrets were replaced by `[redacted: <kind>]` before a write (id: entry id, or the file a
 * dream swept). The last three say a session's checkpoint, notes, or a task's progress file
 * changed (id: session or task id).
 */
export const MEMORY_EVENT_TYPES = ['added', 'edited', 'merged', 'superseded', 'removed', 'redacted', 'checkpoint', 'notes', 'task'] as const;
export type MemoryEventType = (typeof MEMORY_EVENT_TYPES)[number];

/** Who made the change: the agent, a person (editor or UI), the CLI, or a dream. */
export const MEMORY_ACTORS = ['agent', 'person', 'cli', 'dream'] as const;
export type MemoryActor = (typeof MEMORY_ACTORS)[number];

export interface MemoryEvent {
  at: string;
  type: MemoryEventType;
  id: string;
  text: string;
  actor: string;
  session: string | null;
}

/** One change in a project's memory timeline, with its `seq`, the paging cursor. */
export interface MemoryTimelineEvent extends MemoryEvent {
  /** Position in the log; newest is highest. Pages are cut by it. */
  seq: number;
}

/** One search hit. */
export interface MemorySearchHit {
  id: string;
  kind: string;
  text: string;
  source: string;
  score: number;
  /** The file the hit lives in: relative to the project, or absolute for user-wide memory. */
  path: string;
}

/**
 * Whether this clone merges memory by entry id (see `engram init --team`). Git never clones
 * config: a teammate's clone can have the `.gitattributes` lines but not the driver.
 */
export interface TeamMemoryStatus {
  /** The project is inside a git work tree. */
  gitRepo: boolean;
  /** `.gitattributes` sends `.engram/MEMORY.md` to the `engram` merge driver. */
  attributes: boolean;
  /** `merge.engram.driver` is set in git config. */
  registered: boolean;
}

/** The answer to `memory.add`: the new entry, and the secrets replaced in its text before it was written. */
export interface MemoryAddResult {
  entry: MemoryEntryDetail;
  /** One per secret replaced by `[redacted: <kind>]`, as its kind (e.g. `AWS access key`); empty when none. */
  redacted: string[];
}

export interface MemoryEntryDetail {
  id: string;
  kind: string;
  text: string;
  /** Where the entry lives now, relative to the project (or absolute for user-wide memory); null once it is gone. */
  path: string | null;
  at: string | null;
  source: string | null;
  /** Who added the entry and when, from the timeline (null when it predates it, e.g. typed into the file before Engram saw it). */
  addedBy: { actor: string; at: string; session: string | null } | null;
  history: MemoryTimelineEvent[];
}

/** The Memory view's picture of a project's memory over time (aggregated by the host). */
export interface MemoryOverview {
  /** Every day with entries, changes or a dream, oldest first (YYYY-MM-DD, UTC). */
  days: string[];
  /** Per kind, how many current entries memory held by the end of each day (same length as days). */
  entries: Record<string, number[]>;
  /** Timeline changes per day. */
  changes: number[];
  /** Dreams that merged or moved entries. */
  dreams: { id: string; day: string; merged: number; superseded: number; reverted: boolean }[];
  totals: { entries: number; superseded: number; stalePaths: number };
}

/**
 * Where background embedding of a project's entries stands: `off` (no embedding model chosen:
 * lexical search only), `embedding` (entries waiting, a batch under way), `ready` (every entry
 * has a vector of the model), `unreachable` (nothing answered at the endpoint; retried with
 * back-off), `failed` (the provider refused: key, model name, input; retried with back-off).
 */
export const EMBEDDING_STATES = ['off', 'embedding', 'ready', 'unreachable', 'failed'] as const;
export type EmbeddingState = (typeof EMBEDDING_STATES)[number];

/** How vectors are searched: the sqlite-vec extension, or a scan of float32 rows when it cannot load. */
export const VECTOR_BACKENDS = ['sqlite-vec', 'float32-scan'] as const;
export type VectorBackend = (typeof VECTOR_BACKENDS)[number];

export interface EmbeddingStatus {
  state: EmbeddingState;
  provider: string | null;
  model: string | null;
  /** Length of the model's vectors; null until the first answer. */
  dimensions: number | null;
  /** Memory entries (project and user-wide) with a vector of this model for their current text. */
  embedded: number;
  /** Memory entries there are. */
  total: number;
  /** Why the last request failed, in words (never a key); null when it did not. */
  error: string | null;
  /** The raw reason under `error` (ECONNREFUSED…, HTTP 401 and the server's words); null without one. */
  errorDetail: string | null;
  /** When the next try is due after a failure (ISO time); null otherwise. */
  retryAt: string | null;
  /**
   * When that failure happened (ISO time); null without one. Failures are kept in engram.db, so
   * this is also another process's (the app's background embedding, seen from the CLI).
   */
  failedAt: string | null;
  backend: VectorBackend;
}

const memoryEntryId = z.string().min(1).max(80);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is YYYY-MM-DD.');

export const memorySchemas = {
  'memory.timeline': z
    .object({
      projectId,
      limit: z.number().int().min(1).max(500).optional(),
      before: z.number().int().positive().optional(),
      offset: z.number().int().min(0).optional(),
      type: z.string().max(40).optional(),
      actor: z.string().max(40).optional(),
      session: z.string().max(80).optional(),
      /** Only the changes of this day (UTC). */
      day: day.optional(),
    })
    .strict(),
  'memory.overview': z.object({ projectId }).strict(),
  'memory.search': z.object({ projectId, query: z.string().max(1000), limit: z.number().int().min(1).max(200).optional() }).strict(),
  'memory.entry': z.object({ projectId, id: memoryEntryId }).strict(),
  /** Replaces an entry's text; `expectedText` is what the editor started from, so a concurrent change is not overwritten. */
  'memory.edit': z.object({ projectId, id: memoryEntryId, text: z.string().trim().min(1).max(20000), expectedText: z.string().max(20000) }).strict(),
  /** A person adds an entry to the project's MEMORY.md, under its kind's section; secrets in the text are redacted first. */
  'memory.add': z
    .object({
      projectId,
      kind: z.enum(MEMORY_KINDS, { error: `Choose a kind: one of ${MEMORY_KINDS.join(', ')}.` }),
      text: z.string().trim().min(1, 'Write the entry first: its text is empty.').max(20000, 'An entry holds at most 20,000 characters.'),
      pinned: z.boolean().optional(),
    })
    .strict(),
  /** Forgets the project's index and rebuilds it from the files. */
  'memory.reindex': z.object({ projectId }).strict(),
  'memory.teamStatus': z.object({ projectId }).strict(),
  /** Registers Engram's merge driver in the project's git config (only the config: `.gitattributes` is the team's). */
  'memory.registerMergeDriver': z.object({ projectId }).strict(),
  /** How far background embedding of this project's entries is (semantic search). */
  'memory.embeddings': z.object({ projectId }).strict(),
  /** Retries now after a failure, and embeds what is waiting. */
  'memory.embedNow': z.object({ projectId }).strict(),
} satisfies Record<string, z.ZodType>;

export interface MemoryResponses {
  'memory.timeline': { events: MemoryTimelineEvent[]; hasMore: boolean; total: number };
  'memory.search': { hits: MemorySearchHit[] };
  'memory.entry': MemoryEntryDetail;
  'memory.edit': MemoryEntryDetail;
  'memory.add': MemoryAddResult;
  'memory.reindex': { entries: number; documents: number; ms: number };
  'memory.overview': MemoryOverview;
  'memory.teamStatus': TeamMemoryStatus;
  'memory.registerMergeDriver': TeamMemoryStatus;
  'memory.embeddings': EmbeddingStatus;
  'memory.embedNow': EmbeddingStatus;
}

export interface MemoryEvents {
  /** A project's memory changed (agent, person, CLI or dream); views refetch what they show. */
  'memory.changed': { projectId: string };
  /** Background embedding moved on (a batch stored, a failure, settings changed): views ask `memory.embeddings` again. */
  'memory.embeddingsChanged': Record<string, never>;
}
