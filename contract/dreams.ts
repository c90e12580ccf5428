/** Dreams: the scheduled consolidation of a project's memory, its history, diffs and reverts. */
import { z } from 'zod';
import { projectId } from './shapes';

/** The figures of one dream, exactly the JSON of `engram dream --json` (SPEC §7). */
export interface DreamFigures {
  id: string | null;
  merged: number;
  pathsFixed: number;
  pathsFlagged: number;
  promoted: number;
  superseded: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** One dream as history lists it. */
export interface DreamRecord extends DreamFigures {
  id: string;
  project: string;
  startedAt: string;
  finishedAt: string;
  status: 'done' | 'reverted';
  llm: boolean;
  /** The report, relative to the project root. */
  report: string;
  revertedAt: string | null;
  /** Files the dream changed; 0 when it found nothing to change (nothing to revert). */
  filesChanged: number;
}

export type DreamStep = 'lock' | 'read' | 'repository' | 'passes' | 'model' | 'write' | 'done';

/** A project's dreams as the window shows them. */
export interface DreamList {
  dreams: DreamRecord[];
  /** ISO time of the next scheduled dream. */
  nextRunAt: string;
  intervalDays: number;
  /** A dream started by this host is running now. */
  running: boolean;
  /** Why the last dream this host ran went without the model's advice (e.g. its server refused the connection); null when it had it or ran without a model. */
  problem: string | null;
}

/** The unified diff of each file a dream changed. */
export interface DreamDiff {
  id: string;
  files: { path: string; patch: string }[];
}

const dreamId = z.string().min(1).max(64);

export const dreamSchemas = {
  'dreams.list': z.object({ projectId }).strict(),
  /** Runs a dream now; answers when it is done, with `dreams.progress` events meanwhile. */
  'dreams.run': z.object({ projectId, noLlm: z.boolean().optional() }).strict(),
  'dreams.revert': z.object({ projectId, id: dreamId }).strict(),
  'dreams.diff': z.object({ projectId, id: dreamId }).strict(),
  /** Stops this project's running dream before it writes anything (`dreams.run` then fails, nothing written). */
  'dreams.cancel': z.object({ projectId }).strict(),
} satisfies Record<string, z.ZodType>;

export interface DreamResponses {
  'dreams.list': DreamList;
  'dreams.run': DreamFigures;
  'dreams.revert': { reverted: string };
  'dreams.diff': DreamDiff;
  /** Whether a dream started by this host was running and was asked to stop. */
  'dreams.cancel': { cancelled: boolean };
}

export interface DreamEvents {
  /** A project's dream history changed (a dream ran or was reverted). */
  'dreams.changed': { projectId: string } & DreamList;
  /** A dream's step while it runs; `running` false once it ended (done or failed). */
  'dreams.progress': { projectId: string; step: DreamStep; running: boolean };
}
