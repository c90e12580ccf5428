import fs from 'node:fs';
import path from 'node:path';
import type { TaskRunState } from '../../contract/worktrees';
import { writeFileAtomic } from '../fs/atomicWrite';
import { BusyError } from '../errors/domainErrors';
import { lockPid, pidLockPolicy, pidLockText, tryLock } from '../fs/exclusiveLock';
import { processAlive } from '../fs/processAlive';

/**
 * What a task's agent run is doing, kept beside its worktree in the data folder
 * (`<task-id>.run.json`): personal state of this machine, never in the repository. The app
 * and any `engram task start` see each other's runs through it, and a run whose process died
 * (Engram stopped mid-run) reads as `interrupted`, ready to be resumed.
 */
export interface RunRecord {
  pid: number;
  state: Exclude<TaskRunState, 'idle' | 'interrupted'>;
  session: string | null;
  error: string | null;
  updated: string;
}

/** A claim is abandoned once its process is gone; one without a readable pid after 10 s. */
const policy = pidLockPolicy(10_000);

const LIVE: ReadonlySet<string> = new Set(['running', 'waiting']);

export const runRecordPath = (projectDir: string, taskId: string) => path.join(projectDir, `${taskId}.run.json`);

export function readRunRecord(file: string): RunRecord | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
    return typeof data.pid === 'number' && typeof data.state === 'string' ? data : null;
  } catch {
    return null;
  }
}

/** The state a card shows: a live state of a process that is gone is `interrupted`. */
export function runStateOf(record: RunRecord | null): TaskRunState {
  if (!record) return 'idle';
  if (LIVE.has(record.state) && !processAlive(record.pid)) return 'interrupted';
  return record.state;
}

export function isLive(record: RunRecord | null): boolean {
  return Boolean(record && LIVE.has(record.state) && processAlive(record.pid));
}

/**
 * Claims the run of a task for this process: refuses (BusyError) while another live run holds
 * it. The claim is an exclusive lock beside the record (exclusiveLock), so two starts at the
 * same instant cannot both win, and two that both find a dead run's claim cannot both take it.
 */
export function claimRun(file: string, session: string | null): RunHandle {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const attempt = tryLock(`${file}.lock`, pidLockText(), policy);
  if (!attempt.held) {
    const holder = attempt.holder && lockPid(attempt.holder);
    const record = readRunRecord(file);
    throw new BusyError(
      `This task's agent is already running${record?.session ? ` (session ${record.session})` : ''} in process ${holder || '?'}: wait for it, or stop it first.`,
    );
  }
  const handle = new RunHandle(file, attempt.release);
  handle.set({ state: 'running', session, error: null });
  return handle;
}

/** The claimed run: its state changes are written at once; `release` keeps the final state. */
export class RunHandle {
  private record: RunRecord = { pid: process.pid, state: 'running', session: null, error: null, updated: '' };
  private released = false;

  constructor(
    readonly file: string,
    private readonly unlock: () => void,
  ) {}

  get session(): string | null {
    return this.record.session;
  }

  set(change: Partial<Pick<RunRecord, 'state' | 'session' | 'error'>>): void {
    if (this.released) return;
    this.record = { ...this.record, ...change, updated: new Date().toISOString() };
    // A plain atomic write is enough: this machine's state in the data folder, which no person
    // edits, written only by the process holding the run's claim (the lock above).
    writeFileAtomic(this.file, JSON.stringify(this.record, null, 2) + '\n');
  }

  release(final: Pick<RunRecord, 'state' | 'error'>): void {
    this.set(final);
    this.released = true;
    this.unlock();
  }
}

/**
 * Removes a task's run record (its worktree was discarded or merged), holding the run's claim
 * meanwhile: a claim left by a run that is gone is taken over and removed, but a newer run that
 * claimed the task since the caller checked keeps its claim and its record (false), or a third
 * start would run the task beside it.
 */
export function forgetRun(file: string): boolean {
  const attempt = tryLock(`${file}.lock`, pidLockText(), policy);
  if (!attempt.held) return false;
  try {
    fs.rmSync(file, { force: true });
  } finally {
    attempt.release();
  }
  return true;
}
