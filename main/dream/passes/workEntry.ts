import type { EntryMetadata } from '../../memory/markdown/entryMetadata';
import type { MemoryEntry } from '../../memory/markdown/memoryDocument';
import { SUPERSEDED } from '../../memory/kinds';

/**
 * An entry as the passes see it: its current text and metadata, and what the dream decided
 * for it. The passes only ever change these fields; the planner turns them into byte splices.
 */
export interface WorkEntry {
  id: string;
  kind: string;
  text: string;
  meta: EntryMetadata;
  origin: MemoryEntry;
  changed: boolean;
  /** live: stays where it is; merged: moves to Superseded; moved: goes to a topic file. */
  fate: 'live' | 'merged' | 'superseded' | 'moved';
  supersededBy?: string;
  movedTo?: string;
}

/** What the dream did, for the report, the events and the figures. */
export interface DreamLog {
  merges: { survivor: string; merged: string[]; text: string }[];
  pathsFixed: { id: string; from: string; to: string }[];
  pathsFlagged: { id: string; path: string }[];
  dates: { id: string; from: string; to: string }[];
  moved: { id: string; file: string }[];
  promoted: { id: string; kind: string; text: string; source: string; at: string }[];
  superseded: { id: string; by: string }[];
  compressed: { id: string }[];
  unverified: { id: string }[];
  /** Secrets replaced by `[redacted: <kind>]`: by entry id in MEMORY.md, by path in other files. */
  redacted: { id: string; kinds: string[] }[];
}

export function emptyLog(): DreamLog {
  return { merges: [], pathsFixed: [], pathsFlagged: [], dates: [], moved: [], promoted: [], superseded: [], compressed: [], unverified: [], redacted: [] };
}

export function toWorkEntries(entries: MemoryEntry[]): WorkEntry[] {
  return entries.map((e) => ({ id: e.id, kind: e.kind, text: e.text, meta: { ...e.meta }, origin: e, changed: false, fate: 'live' }));
}

/**
 * Entries a pass may rewrite: live ones outside Superseded (history stays as it was), and not
 * ones whose bytes were not valid UTF-8 (rewriting would replace those bytes with U+FFFD).
 */
export function rewritable(e: WorkEntry): boolean {
  return e.fate === 'live' && e.kind !== SUPERSEDED && !e.text.includes('\uFFFD');
}

export function setText(e: WorkEntry, text: string): void {
  if (text === e.text) return;
  e.text = text;
  e.changed = true;
}
