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
 */
export function enforceSizeBudget(entries: WorkEntry[], budget: SizeBudget, render: () => string, log: DreamLog): void {
  if (withinBudget(render(), budget)) return;
  const candidates = entries
    .filter((e) => !e.movedTo && e.meta.pin === undefined && !e.text.includes('\uFFFD'))
    .sort((a, b) => rank(a) - rank(b) || (a.meta.at ?? '').localeCompare(b.meta.at ?? '') || a.origin.start - b.origin.start);
  for (const e of candidates) {
    const kind = e.fate === 'merged' || e.fate === 'superseded' ? SUPERSEDED : e.kind;
    e.movedTo = topicFileFor(kind);
    e.meta = { ...e.meta, id: e.id };
    log.moved.push({ id: e.id, file: e.movedTo });
    if (withinBudget(render(), budget)) return;
  }
}

function rank(e: WorkEntry): number {
  if (e.fate !== 'live' || e.kind === SUPERSEDED) return 0;
  return 1;
}
