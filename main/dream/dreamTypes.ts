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
}

export type DreamStep = 'lock' | 'read' | 'repository' | 'passes' | 'model' | 'write' | 'done';

export class DreamBusyError extends Error {
  constructor(detail: string) {
    super(`a dream is already running on this project (${detail})`);
    this.name = 'DreamBusyError';
  }
}

export class DreamCancelledError extends Error {
  constructor() {
    super('the dream was stopped; nothing was written');
    this.name = 'DreamCancelledError';
  }
}

/** A project's dreams as the window shows them. */
export interface DreamList {
  dreams: DreamRecord[];
  /** ISO time of the next scheduled dream. */
  nextRunAt: string;
  intervalDays: number;
  /** A dream started by this host is running now. */
  running: boolean;
}

/** The unified diff of each file a dream changed. */
export interface DreamDiff {
  id: string;
  files: { path: string; patch: string }[];
}
