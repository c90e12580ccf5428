import { SUPERSEDED } from '../../memory/kinds';
import type { DreamLog, WorkEntry } from './workEntry';
import { engramLayout } from '../../../contract/engramLayout';

export interface SizeBudget {
  maxLines: number;
  maxBytes: number;
}

export const DEFAULT_BUDGET: SizeBudget = { maxLines: 200, maxBytes: 10 * 1024 };

export function topicFileFor(kind: string): string {
  const slug = kind.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'misc';
  return engramLayout.topicFile(slug);
}

export function measure(bytes: string): { lines: number; bytes: number } {
  const newlines = bytes.split('\n').length - 1;
  return { lines: newlines + (bytes.length && !bytes.endsWith('\n') ? 1 : 0), bytes: bytes.length };
}

export function withinBudget(bytes: string, budget: SizeBudget): boolean {
  const m = measure(bytes);
  return m.lines <= budget.maxLines && m.bytes <= budget.maxBytes;
}

/**
 * Keeps MEMORY.md within its budget by moving the least used entries into linked topic files,
 * never by dropping them. With no usage counts recorded, "least used" means: history first
 * (superseded and just merged entries), then the oldest; pinned entries never move.
 * `render` gives MEMORY.md's bytes for the entries as they stand.
 *
 * Rendering the whole document after each move made this quadratic (minutes at 2,000 entries).
 * Instead, moves are counted against the size each entry takes (its bytes and lines, plus a
 * link line per newly linked kind), and the document is rendered only to confirm: when the
 * estimate was short, moving continues from there. The order of moves is the same as before;
 * an estimate that undercounts a move's saving can move an entry or two more than needed.
 */
export function enforceSizeBudget(entries: WorkEntry[], budget: SizeBudget, render: () => string, log: DreamLog, doc?: { bytes: string }): void {
  let now = measure(render());
  if (fits(now, budget)) return;
  const candidates = entries
    .filter((e) => !e.movedTo && e.meta.pin === undefined && !e.text.includes('\uFFFD'))
    .sort((a, b) => rank(a) - rank(b) || (a.meta.at ?? '').localeCompare(b.meta.at ?? '') || a.origin.start - b.origin.start);
  const linked = new Set(entries.filter((e) => e.movedTo).map((e) => e.movedTo));
  let i = 0;
  while (i < candidates.length) {
    let estimate = now;
    while (i < candidates.length && !fits(estimate, budget)) {
      const e = candidates[i++];
      const kind = e.fate === 'merged' || e.fate === 'superseded' ? SUPERSEDED : e.kind;
      e.movedTo = topicFileFor(kind);
      e.meta = { ...e.meta, id: e.id };
      log.moved.push({ id: e.id, file: e.movedTo });
      const span = doc ? doc.bytes.slice(e.origin.start, e.origin.end) : e.text;
      estimate = { lines: estimate.lines - lineCount(span) + (linked.has(e.movedTo) ? 0 : 1), bytes: estimate.bytes - span.length + (linked.has(e.movedTo) ? 0 : LINK_BYTES) };
      linked.add(e.movedTo);
    }
    now = measure(render());
    if (fits(now, budget)) return;
  }
}

/** About the size of the `More … entries, moved to keep this file short: [memory/x.md](…)` line. */
const LINK_BYTES = 100;

function lineCount(span: string): number {
  let n = 1;
  for (let i = span.indexOf('\n'); i !== -1 && i < span.length - 1; i = span.indexOf('\n', i + 1)) n++;
  return n;
}

function fits(m: { lines: number; bytes: number }, budget: SizeBudget): boolean {
  return m.lines <= budget.maxLines && m.bytes <= budget.maxBytes;
}

function rank(e: WorkEntry): number {
  if (e.fate !== 'live' || e.kind === SUPERSEDED) return 0;
  return 1;
}
