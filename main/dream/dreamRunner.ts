import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { writeFileAtomic } from '../fs/atomicWrite';
import { EventLog, type NewMemoryEvent } from '../memory/events/eventLog';
import { readSnapshot } from '../memory/files/memoryFileWriter';
import { byteStringToBytes } from '../memory/markdown/byteString';
import { parseMemoryDocument } from '../memory/markdown/memoryDocument';
import { projectScope } from '../memory/scopes';
import { acquireDreamLock } from './dreamLock';
import { assertNothingLost } from './dreamInvariant';
import { planDream, type DreamPlan } from './dreamPlan';
import { renderDreamReport } from './dreamReport';
import { DreamStore, type DreamFile } from './dreamStore';
import type { DreamFigures, DreamRecord, DreamStep } from './dreamTypes';
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
  dryRun?: boolean;
  /** Null or absent: deterministic passes only. */
  model?: DreamModel | null;
  budget?: SizeBudget;
  onProgress?: (step: DreamStep) => void;
  log?: (line: string) => void;
}

export interface DreamOutcome {
  figures: DreamFigures;
  record: DreamRecord | null;
  plan: DreamPlan;
}

const MEMORY_REL = engramLayout.memoryFile;
const MAX_ATTEMPTS = 5;

export class DreamConcurrentEditError extends Error {
  constructor() {
    super('MEMORY.md kept changing while the dream tried to write it; nothing was written. Dream again later.');
    this.name = 'DreamConcurrentEditError';
  }
}

export function newDreamId(now: Date): string {
  return 'd' + now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15) + '-' + crypto.randomBytes(2).toString('hex');
}

/**
 * One dream on one project: lock, read, gather repository facts, (ask the model), plan, check
 * nothing would be lost, then write based on the hash that was read: if a person saved
 * MEMORY.md meanwhile, the passes run again on their version, never over it.
 */
export async function runDream(options: DreamOptions): Promise<DreamOutcome> {
  const root = fs.realpathSync(options.projectRoot);
  const progress = options.onProgress ?? (() => {});
  progress('lock');
  const release = options.dryRun ? () => {} : acquireDreamLock(root);
  try {
    const started = new Date();
    progress('read');
    const file = path.join(root, MEMORY_REL);
    const first = readSnapshot(file);
    progress('repository');
    const facts = await gatherRepoFacts(root);
    let advice: ModelAdvice | null = null;
    if (options.model) {
      progress('model');
      advice = await askModel(options.model, parseMemoryDocument(first.bytes), root, options.log);
    }
    progress('passes');
    const redactedFiles = redactSharedFiles(root, Boolean(options.dryRun));
    const plan = (bytes: string) =>
      planDream({ memory: parseMemoryDocument(bytes), readTopic: (rel) => readTopic(root, rel), facts, budget: options.budget, advice, redactedFiles });
    let planned = plan(first.bytes);
    if (options.dryRun || !first.exists) {
      progress('done');
      return { figures: figuresOf(null, first.bytes, planned), record: null, plan: planned };
    }
    progress('write');
    const result = commit(options.db, root, first.hash, planned, plan, started, Boolean(advice));
    planned = result.plan;
    progress('done');
    return { figures: figuresOf(result.record.id, result.before, planned), record: result.record, plan: planned };
  } finally {
    release();
  }
}

function commit(
  db: Database,
  root: string,
  readHash: string,
  first: DreamPlan,
  plan: (bytes: string) => DreamPlan,
  started: Date,
  llm: boolean,
): { record: DreamRecord; plan: DreamPlan; before: string } {
  const file = path.join(root, MEMORY_REL);
  const store = new DreamStore(db);
  const events = new EventLog(db);
  let planned = first;
  let hash = readHash;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const outcome = db
      .transaction(() => {
        const now = readSnapshot(file);
        if (now.hash !== hash) {
          // A person saved meanwhile: dream again over their version.
          planned = plan(now.bytes);
          hash = now.hash;
        }
        assertNothingLost(root, now.bytes, planned.memory, planned.topics);
        const finished = new Date();
        const id = newDreamId(finished);
        const files: DreamFile[] = [];
        // What an undo restores, and the `.before.md` copy, never bring back a secret the dream redacted.
        const before = scanSecrets(now.bytes).text;
        if (planned.memory !== now.bytes) files.push({ path: MEMORY_REL, before, after: planned.memory });
        for (const [rel, after] of planned.topics) files.push({ path: rel, before: readTopic(root, rel), after });
        // Topic files first: for a moment an entry may be in two places, never in none.
        for (const f of files.slice(f0(files))) {
          fs.mkdirSync(path.dirname(path.join(root, f.path)), { recursive: true });
          writeFileAtomic(path.join(root, f.path), byteStringToBytes(f.after));
        }
        if (readSnapshot(file).hash !== hash) {
          for (const f of files.slice(f0(files))) restore(root, f);
          return null;
        }
        if (files[0]?.path === MEMORY_REL) writeFileAtomic(file, byteStringToBytes(planned.memory));
        const record: DreamRecord = {
          ...figuresOf(id, now.bytes, planned),
          id,
          project: root,
          startedAt: started.toISOString(),
          finishedAt: finished.toISOString(),
          status: 'done',
          llm,
          report: engramLayout.dreamReport(id),
          revertedAt: null,
        };
        store.insert(record, files);
        for (const e of eventsOf(planned)) events.record(projectScope(root).key, e);
        return { record, before };
      })
      .immediate();
    if (!outcome) {
      hash = '';
      continue;
    }
    fs.mkdirSync(path.join(root, engramLayout.dreamsDir), { recursive: true });
    writeFileAtomic(path.join(root, engramLayout.dreamBefore(outcome.record.id)), byteStringToBytes(outcome.before));
    writeFileAtomic(path.join(root, outcome.record.report), renderDreamReport(outcome.record, planned.log));
    return { record: outcome.record, plan: planned, before: outcome.before };
  }
  throw new DreamConcurrentEditError();
}

/** Index of the first topic file in `files` (MEMORY.md, when changed, comes first). */
function f0(files: DreamFile[]): number {
  return files[0]?.path === MEMORY_REL ? 1 : 0;
}

function restore(root: string, f: DreamFile): void {
  const target = path.join(root, f.path);
  if (f.before === null) fs.rmSync(target, { force: true });
  else writeFileAtomic(target, byteStringToBytes(f.before));
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
    superseded: log.superseded.length,
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
