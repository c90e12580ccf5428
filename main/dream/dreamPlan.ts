import { encodeUtf8 } from '../memory/markdown/byteString';
import { parseMemoryDocument, type MemoryDocument } from '../memory/markdown/memoryDocument';
import { applySplices, insertEntries, removeEntry, replaceEntry, type NewEntry, type Splice } from '../memory/markdown/memoryEdits';
import { SUPERSEDED, sectionTitle } from '../memory/kinds';
import type { RepoFacts } from './repoFacts';
import { DreamCancelledError } from './dreamTypes';
import { absoluteDates } from './passes/absoluteDates';
import { mergeDuplicates } from './passes/mergeDuplicates';
import { redactSecrets } from './passes/redactSecrets';
import { repairPaths } from './passes/repairPaths';
import { DEFAULT_BUDGET, enforceSizeBudget, topicFileFor, type SizeBudget } from './passes/sizeBudget';
import { emptyLog, toWorkEntries, type DreamLog, type WorkEntry } from './passes/workEntry';
import { applyModelAdvice, type ModelAdvice } from './passes/modelAdvice';
import { withinEngram } from '../../contract/engramLayout';

export interface DreamPlan {
  /** MEMORY.md as the dream would leave it (a byte string). */
  memory: string;
  /** Topic files (relative to the project root) the dream adds entries to: their new bytes. */
  topics: Map<string, string>;
  entries: WorkEntry[];
  log: DreamLog;
}

export interface PlanInput {
  memory: MemoryDocument;
  /** Current bytes of existing topic files, by relative path (missing ones are absent). */
  readTopic: (rel: string) => string | null;
  facts: RepoFacts;
  budget?: SizeBudget;
  advice?: ModelAdvice | null;
  today?: string;
  /** What the dream's sweep redacted in other `.engram/` files (for the report). */
  redactedFiles?: { id: string; kinds: string[] }[];
}

/**
 * Every deterministic pass, then the model's validated advice, then the size budget: a pure
 * function of the document and the repository facts, so it can be run again on a document a
 * person changed meanwhile.
 */
export function planDream(input: PlanInput): DreamPlan {
  const steps = planSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same, giving the event loop a turn between passes so that a stop request is seen. */
export async function planDreamAsync(input: PlanInput, signal?: AbortSignal): Promise<DreamPlan> {
  const steps = planSteps(input);
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new DreamCancelledError();
    const step = steps.next();
    if (step.done) return step.value;
  }
}


function* planSteps(input: PlanInput): Generator<void, DreamPlan> {
  const log = emptyLog();
  const entries = toWorkEntries(input.memory.entries);
  redactSecrets(entries, log);
  log.redacted.push(...(input.redactedFiles ?? []));
  yield;
  yield* mergeDuplicates(entries, log);
  absoluteDates(entries, log);
  yield;
  repairPaths(entries, input.facts, log);
  yield;
  if (input.advice) {
    applyModelAdvice(entries, input.advice, log, input.today ?? new Date().toISOString().slice(0, 10));
    redactSecrets(entries, log);
  }
  enforceSizeBudget(entries, input.budget ?? DEFAULT_BUDGET, () => renderMemory(input.memory, entries, log), log, input.memory);
  yield;
  const memory = renderMemory(input.memory, entries, log);
  yield;
  return { memory, topics: renderTopics(entries, input.readTopic), entries, log };
}

function renderMemory(doc: MemoryDocument, entries: WorkEntry[], log: DreamLog): string {
  const splices: Splice[] = [];
  const toSuperseded: NewEntry[] = [];
  const linkKinds = new Set<string>();
  for (const e of entries) {
    if (e.movedTo) {
      splices.push(removeEntry(e.origin));
      linkKinds.add(e.origin.kind);
    } else if (e.fate === 'merged' || e.fate === 'superseded') {
      splices.push(removeEntry(e.origin));
      toSuperseded.push({ text: e.text, meta: { ...e.meta, id: e.id, 'superseded-by': e.supersededBy! } });
    } else if (e.changed) {
      splices.push(replaceEntry(doc, e.origin, { text: e.text, meta: { ...e.meta, id: e.id } }));
    }
  }
  for (const kind of new Set(log.promoted.map((p) => p.kind))) {
    const group = log.promoted.filter((p) => p.kind === kind).map((p) => ({ text: p.text, meta: { id: p.id, at: p.at, src: p.source } }));
    splices.push(insertEntries(doc, kind, group));
  }
  if (toSuperseded.length) splices.push(insertEntries(doc, SUPERSEDED, toSuperseded));
  for (const kind of linkKinds) {
    const link = linkLine(doc, kind);
    if (link) splices.push(link);
  }
  return splices.length ? applySplices(doc.bytes, splices) : doc.bytes;
}

/** `More … in [memory/x.md](memory/x.md)` under the section's heading, once. */
function linkLine(doc: MemoryDocument, kind: string): Splice | null {
  const section = doc.sections.find((s) => s.kind === kind);
  const rel = withinEngram(topicFileFor(kind === SUPERSEDED ? SUPERSEDED : kind));
  const target = `](${rel})`;
  if (section) {
    const next = doc.sections[doc.sections.indexOf(section) + 1];
    const body = doc.bytes.slice(section.headingEnd, next ? next.headingStart : doc.bytes.length);
    if (body.includes(target)) return null;
  }
  const at = section ? section.headingEnd : doc.bytes.length;
  const line = encodeUtf8(`More ${sectionTitle(kind).toLowerCase()} entries, moved to keep this file short: [${rel}](${rel})`);
  const before = at > 0 && doc.bytes[at - 1] !== '\n' ? doc.eol : '';
  return { start: at, end: at, insert: before + line + doc.eol };
}

function renderTopics(entries: WorkEntry[], readTopic: (rel: string) => string | null): Map<string, string> {
  const byFile = new Map<string, WorkEntry[]>();
  for (const e of entries) if (e.movedTo) (byFile.get(e.movedTo) ?? byFile.set(e.movedTo, []).get(e.movedTo)!).push(e);
  const out = new Map<string, string>();
  for (const [rel, list] of byFile) {
    let doc = parseMemoryDocument(readTopic(rel) ?? topicTemplate(rel));
    // One section per kind the entries came from; superseded ones keep their link.
    const kinds = [...new Set(list.map(kindInTopic))];
    for (const kind of kinds) {
      const group = list
        .filter((e) => kindInTopic(e) === kind)
        .map((e) => ({ text: e.text, meta: { ...e.meta, id: e.id, ...(e.supersededBy ? { 'superseded-by': e.supersededBy } : {}) } }));
      doc = parseMemoryDocument(applySplices(doc.bytes, [insertEntries(doc, kind, group)]));
    }
    out.set(rel, doc.bytes);
  }
  return out;
}

function kindInTopic(e: WorkEntry): string {
  return e.fate === 'merged' || e.fate === 'superseded' ? SUPERSEDED : e.kind;
}

function topicTemplate(rel: string): string {
  const name = rel.replace(/^.*\//, '').replace(/\.md$/, '');
  return encodeUtf8(`# ${sectionTitle(name)}: entries moved out of MEMORY.md by dreams\n\n`);
}
