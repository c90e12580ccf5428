import { encodeUtf8 } from './byteString';
import { formatMetadata, type EntryMetadata } from './entryMetadata';
import { renderEntryLines } from './entryText';
import type { MemoryDocument, MemoryEntry } from './memoryDocument';
import { SUPERSEDED, sectionTitle } from '../kinds';

/**
 * Changes to a MEMORY.md as byte splices on the parsed document: everything outside the
 * spliced ranges, a person's ordering, spacing and unknown sections included, stays as it was.
 */
export interface Splice {
  start: number;
  end: number;
  insert: string;
}

export interface NewEntry {
  text: string;
  meta: EntryMetadata;
}

/** The entry's bytes, ready to splice (no trailing line ending). */
export function renderEntry(doc: MemoryDocument, entry: NewEntry): string {
  return encodeUtf8(renderEntryLines(entry.text, formatMetadata(entry.meta)).join(doc.eol));
}

/** Appends entries at the end of the section for `kind`, creating the section if needed. */
export function insertEntries(doc: MemoryDocument, kind: string, entries: NewEntry[]): Splice {
  const body = entries.map((e) => renderEntry(doc, e) + doc.eol).join('');
  const section = doc.sections.find((s) => s.kind === kind);
  if (section) {
    const last = section.entries[section.entries.length - 1];
    const at = last ? last.end : section.headingEnd;
    return { start: at, end: at, insert: lineBreakBefore(doc, at) + body };
  }
  const heading = encodeUtf8(`## ${sectionTitle(kind)}`) + doc.eol;
  // New sections go before `## Superseded`, which stays last by convention.
  const superseded = kind === SUPERSEDED ? undefined : doc.sections.find((s) => s.kind === SUPERSEDED);
  const at = superseded ? superseded.headingStart : doc.bytes.length;
  return { start: at, end: at, insert: lineBreakBefore(doc, at) + heading + body };
}

export function replaceEntry(doc: MemoryDocument, entry: MemoryEntry, next: NewEntry): Splice {
  return { start: entry.start, end: entry.bodyEnd, insert: renderEntry(doc, next) };
}

export function removeEntry(entry: MemoryEntry): Splice {
  return { start: entry.start, end: entry.end, insert: '' };
}

/**
 * Applies non-overlapping splices given against the same original bytes, in one pass (a dream
 * makes thousands: re-building the whole string per splice was quadratic). At one position,
 * insertions come before a removal's replacement, and later insertions before earlier ones.
 */
export function applySplices(bytes: string, splices: Splice[]): string {
  const order = splices.map((s, i) => ({ s, i }));
  order.sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end || b.i - a.i);
  const pieces: string[] = [];
  let pos = 0;
  for (const { s } of order) {
    if (s.start > pos) pieces.push(bytes.slice(pos, s.start));
    pieces.push(s.insert);
    pos = Math.max(pos, s.end);
  }
  pieces.push(bytes.slice(pos));
  return pieces.join('');
}

function lineBreakBefore(doc: MemoryDocument, at: number): string {
  return at > 0 && doc.bytes[at - 1] !== '\n' ? doc.eol : '';
}
