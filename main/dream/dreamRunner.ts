import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { NewMemoryEvent } from '../memory/events/eventLog';
import { readSnapshot } from '../memory/files/memoryFileWriter';
import { encodeUtf8 } from '../memory/markdown/byteString';
import { parseMemoryDocument } from '../memory/markdown/memoryDocument';
import { MemoryEngine } from '../memory/memoryEngine';
import { FileChangedMeanwhileError } from '../memory/memoryWriter';
import { acquireDreamLock } from './dreamLock';
import { assertNothingLost } from './dreamInvariant';
import { planDreamAsync, type DreamPlan } from './dreamPlan';
import { renderDreamReport } from './dreamReport';
import { DreamStore, type DreamFile } from './dreamStore';
import { DreamCancelledError, type DreamFigures, type DreamRecord, type DreamStep } from './dreamTypes';
import { askModel, type DreamModel } from './modelPass';
import type { SizeBudget } from './passes/sizeBudget';
import type { ModelAdvice } from './passes/modelAdvice';
import { gatherRepoFacts } from './repoFacts';
import { redactSharedFiles } from './redactFiles';
import { describeRedactions, scanSecrets } from '../secrets/secretScanner';
import { engramLayout } from '../../contract/engramLayout';

export interface DreamOptions {
  db: Database;
  projectRoot: string;
  /** The project's memory engine, the one writer of memory; one is opened on `db` if absent. */
  memory?: MemoryEngine;
  /** Where the user-wide memory lives (to open an engine when `memory` is absent). */
  dataDir: string;
  dryRun?: boolean;
  /** Null or absent: deterministic passes only. */
  model?: DreamModel | null;
  budget?: SizeBudget;
  onProgress?: (step: DreamStep) => void;
  log?: (line: string) => void;
  /** Aborting stops the dream within moments, before it writes anything. */
  signal?: AbortSignal;
}

export interface DreamOutcome {
  figures: DreamFigures;
  /** Why the model's advice is missing (unreachable, unreadable answer), for the window. */
  modelProblem: string | null;
  /** MEMORY.md as the dream read it (bytes as a latin1 string). */
  before: string;
  record: DreamRecord | null;
  plan: DreamPlan;
}

const MEMORY_REL = engramLayout.memoryFile;
const MAX_ATTEMPTS = 20;

export class DreamConcurrentEditError extends Error {
  constructor() {
    super('MEMORY.md kept changing while the dream tried to write it; nothing was written. Dream again later.');
    this.name = 'DreamConcurrentEditError';
  }
}

function untilStopped<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DreamCancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function newDreamId(now: Date): string {
  return 'd' + now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15) + '-' + crypto.randomBytes(2).toString('hex');
}

/**
 * One dream on one project: lock, finish or undo a dream a crash interrupted, read, gather
 * repository facts, (ask the model), plan, check nothing would be lost, then commit every file
 * through the memory engine's writer as one recoverable write. If a person saved MEMORY.md
 * meanwhile, the passes run again on their version, never over it. `signal` stops it at the
 * next step, with nothing written.
 */
export async function runDream(options: DreamOptions): Promise<DreamOutcome> {
  const root = fs.realpathSync(options.projectRoot);
  const progress = options.onProgress ?? (() => {});
  const stop = () => {
    if (options.signal?.aborted) throw new DreamCancelledError();
  };
  stop();
  progress('lock');
  const release = options.dryRun ? () => {} : acquireDreamLock(root);
  const memory = options.memory ?? new MemoryEngine({ db: options.db, projectRoot: root, dataDir: options.dataDir });
  try {
    if (!options.dryRun) memory.recoverInterruptedWrites();
    const started = new Date();
    progress('read');
    const file = path.join(root, MEMORY_REL);
    const first = readSnapshot(file);
    stop();
    progress('repository');
    const facts = await gatherRepoFacts(root);
    stop();
    let advice: ModelAdvice | null = null;
    let modelProblem: string | null = null;
    if (options.model) {
      progress('model');
      // Cancel does not wait for the model to answer: its late answer is ignored.
      ({ advice, problem: modelProblem } = await untilStopped(askModel(options.model, parseMemoryDocument(first.bytes), root, options.log), options.signal));
      stop();
    }
    progress('passes');
    const redactedFiles = redactSharedFiles(root, Boolean(options.dryRun));
    const input = (bytes: string) => ({ memory: parseMemoryDocument(bytes), readTopic: (rel: string) => readTopic(root, rel), facts, budget: options.budget, advice, redactedFiles });
    let planned = await planDreamAsync(input(first.bytes), options.signal);
    if (options.dryRun || !first.exists) {
      progress('done');
      return { figures: figuresOf(null, first.bytes, planned), modelProblem, before: first.bytes, record: null, plan: planned };
    }
    stop();
    progress('write');
    let hash = first.hash;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = readSnapshot(file);
      if (now.hash !== hash) {
        // A person saved meanwhile: dream again over their version.
        planned = await planDreamAsync(input(now.bytes), options.signal);
        hash = now.hash;
      }
      stop();
      const record = commit(memory, options.db, root, now.bytes, planned, started, Boolean(advice));
      if (!record) {
        hash = '';
        continue;
      }
      progress('done');
      return { figures: figuresOf(record.id, now.bytes, planned), modelProblem, before: now.bytes, record, plan: planned };
    }
    throw new DreamConcurrentEditError();
  } finally {
    if (!options.memory) await memory.close();
    release();
  }
}

/**
 * Writes one planned dream: topic files first, MEMORY.md, then the `.before.md` copy and the
 * report, as one journaled write (see MemoryWriter.commitFiles). Null when a file changed
 * meanwhile (nothing is left written then).
 */
function commit(memory: MemoryEngine, db: Database, root: string, before: string, planned: DreamPlan, started: Date, llm: boolean): DreamRecord | null {
  assertNothingLost(root, before, planned.memory, planned.topics);
  const finished = new Date();
  const id = newDreamId(finished);
  const files: DreamFile[] = [];
  for (const [rel, after] of planned.topics) files.push({ path: rel, before: readTopic(root, rel), after });
  if (planned.memory !== before) files.push({ path: MEMORY_REL, before, after: planned.memory });
  // What a revert restores, and the `.before.md` copy, never bring back a secret the dream redacted
  // (the journal keeps the real bytes: it guards the write and is gone once it is done).
  const shown = scanSecrets(before).text;
  const recorded = files.map((f) => (f.path === MEMORY_REL ? { ...f, before: shown } : f));
  const record: DreamRecord = {
    ...figuresOf(id, before, planned),
    id,
    project: root,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    status: 'done',
    llm,
    report: engramLayout.dreamReport(id),
    revertedAt: null,
    filesChanged: files.length,
  };
  const written = [
    ...files,
    { path: engramLayout.dreamBefore(id), before: null, after: shown },
    { path: record.report, before: null, after: encodeUtf8(renderDreamReport(record, planned.log)) },
  ];
  try {
    memory.commitFiles({ id, files: written, events: eventsOf(planned), inTransaction: () => new DreamStore(db).insert(record, recorded) });
  } catch (err) {
    if (err instanceof FileChangedMeanwhileError) return null;
    throw err;
  }
  return record;
}

function readTopic(root: string, rel: string): string | null {
  const snap = readSnapshot(path.join(root, rel));
  return snap.exists ? snap.bytes : null;
}

export function figuresOf(id: string | null, before: string, plan: DreamPlan): DreamFigures {
  const log = plan.log;
  return {
    id,
    merged: log.merges.reduce((n, m) => n + m.merged.length, 0),
    pathsFixed: log.pathsFixed.length,
    pathsFlagged: log.pathsFlagged.length,
    promoted: log.promoted.length,
    // Every entry this dream moved under ## Superseded: merged duplicates and replaced entries.
    superseded: plan.entries.filter((e) => e.fate === 'merged' || e.fate === 'superseded').length,
    bytesBefore: before.length,
    bytesAfter: plan.memory.length,
  };
}

function eventsOf(plan: DreamPlan): NewMemoryEvent[] {
  const out: NewMemoryEvent[] = [];
  for (const e of plan.entries) {
    if (e.fate === 'merged') out.push({ type: 'merged', id: e.id, text: e.text, actor: 'dream' });
    else if (e.fate === 'superseded') out.push({ type: 'superseded', id: e.id, text: e.text, actor: 'dream' });
    else if (e.movedTo) out.push({ type: 'edited', id: e.id, text: `(moved to ${e.movedTo}) ${e.text}`, actor: 'dream' });
    else if (e.changed) out.push({ type: 'edited', id: e.id, text: e.text, actor: 'dream' });
  }
  for (const p of plan.log.promoted) out.push({ type: 'added', id: p.id, text: p.text, actor: 'dream', session: p.source });
  for (const r of plan.log.redacted) out.push({ type: 'redacted', id: r.id, text: describeRedactions(r.kinds.map((kind) => ({ kind }))), actor: 'dream' });
  return out;
}
