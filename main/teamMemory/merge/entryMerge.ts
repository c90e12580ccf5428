import crypto from 'node:crypto';
import { encodeUtf8 } from '../../memory/markdown/byteString';
import { parseMemoryDocument, type MemoryDocument, type MemoryEntry, type MemorySection } from '../../memory/markdown/memoryDocument';
import { applySplices, removeEntry, renderEntry, type Splice } from '../../memory/markdown/memoryEdits';
import { SUPERSEDED, sectionTitle } from '../../memory/kinds';

/**
 * Three-way merge of a MEMORY.md (or a topic file) by entry id, on byte strings. OURS is the
 * frame: its bytes, sections, order and a person's prose stay as they are, and the result is
 * OURS with splices (the memory engine's own parser and splicing). Then, per entry id:
 * - added on either side: kept (theirs after ours, at the end of the same section);
 * - changed on one side only: that side's version;
 * - changed differently on both: ours stays, theirs is kept in Superseded, `superseded-by` ours;
 * - removed on one side and untouched on the other: removed; removed and changed: kept.
 * A dream's merges and supersessions are changes to the entries involved, so the other side's
 * untouched copies of the old duplicates cannot bring them back. Entries without ids have an id
 * derived from their section and text (the parser's), so they are matched by their text.
 * Prose lines (not entries) that only theirs added are kept too, under the same heading.
 */
export interface EntryMergeResult {
  bytes: string;
  /** Ids whose two different versions were both kept (theirs as superseded by ours). */
  bothChanged: string[];
}

export function mergeMemoryDocuments(baseBytes: string, oursBytes: string, theirsBytes: string): EntryMergeResult {
  const base = parseMemoryDocument(baseBytes);
  const ours = parseMemoryDocument(oursBytes);
  const theirs = parseMemoryDocument(theirsBytes);
  const baseById = byId(base);
  const oursById = byId(ours);
  const theirsById = byId(theirs);
  const taken = new Set([...baseById.keys(), ...oursById.keys(), ...theirsById.keys()]);

  const splices: Splice[] = [];
  // Entries to append, per section kind, in order: ours' moved ones first, then theirs.
  const appends = new Map<string, string[]>();
  const append = (kind: string, bytes: string) => (appends.get(kind) ?? appends.set(kind, []).get(kind)!).push(bytes);
  const bothChanged: string[] = [];

  const keepTheirsAsSuperseded = (t: MemoryEntry, survivor: string) => {
    const id = derivedId(survivor, theirs, t, taken);
    append(SUPERSEDED, renderEntry(ours, { text: t.text, meta: { ...t.meta, id, 'superseded-by': survivor } }));
    bothChanged.push(survivor);
  };

  for (const o of ours.entries) {
    const b = baseById.get(o.id);
    const t = theirsById.get(o.id);
    if (b) {
      const oursChanged = differs(base, b, ours, o);
      if (!t) {
        if (!oursChanged) splices.push(removeEntry(o));
        continue;
      }
      const theirsChanged = differs(base, b, theirs, t);
      if (theirsChanged && !oursChanged) {
        if (t.kind === o.kind) splices.push({ start: o.start, end: o.bodyEnd, insert: entryBytes(theirs, t, ours.eol) });
        else {
          splices.push(removeEntry(o));
          append(t.kind, entryBytes(theirs, t, ours.eol));
        }
      } else if (theirsChanged && oursChanged && differs(ours, o, theirs, t)) {
        keepTheirsAsSuperseded(t, o.id);
      }
    } else if (t && differs(ours, o, theirs, t)) {
      // Both added the same id with different content (a cherry-pick edited later, a clash).
      keepTheirsAsSuperseded(t, o.id);
    }
  }
  for (const t of theirs.entries) {
    if (oursById.has(t.id)) continue;
    const b = baseById.get(t.id);
    if (!b || differs(base, b, theirs, t)) append(t.kind, entryBytes(theirs, t, ours.eol));
  }

  splices.push(...placeAppends(ours, base, theirs, appends));
  const preamble = preambleSplice(base, ours, theirs);
  if (preamble) splices.push(preamble);
  return { bytes: applySplices(ours.bytes, splices), bothChanged };
}

/** The text above the first section (the title, an intro): theirs' when only theirs changed it. */
function preambleSplice(base: MemoryDocument, ours: MemoryDocument, theirs: MemoryDocument): Splice | null {
  const end = (doc: MemoryDocument) => doc.sections[0]?.headingStart ?? doc.bytes.length;
  const text = (doc: MemoryDocument) => doc.bytes.slice(0, end(doc)).replace(/\r\n/g, '\n');
  if (text(ours) !== text(base) || text(theirs) === text(base) || !ours.sections.length) return null;
  return { start: 0, end: end(ours), insert: text(theirs).replace(/\n/g, ours.eol) };
}

function byId(doc: MemoryDocument): Map<string, MemoryEntry> {
  return new Map(doc.entries.map((e) => [e.id, e]));
}

/** The entry as written (its lines, without the final line ending). */
function rawEntry(doc: MemoryDocument, e: MemoryEntry): string {
  return doc.bytes.slice(e.start, e.bodyEnd);
}

function differs(da: MemoryDocument, a: MemoryEntry, db: MemoryDocument, b: MemoryEntry): boolean {
  return a.kind !== b.kind || rawEntry(da, a).replace(/\r\n/g, '\n') !== rawEntry(db, b).replace(/\r\n/g, '\n');
}

function entryBytes(doc: MemoryDocument, e: MemoryEntry, eol: string): string {
  return rawEntry(doc, e).replace(/\r?\n/g, eol);
}

/** A new id for theirs' copy, the same on every run (rebases run the driver again and again). */
function derivedId(survivor: string, doc: MemoryDocument, t: MemoryEntry, taken: Set<string>): string {
  for (let n = 0; ; n++) {
    const hash = crypto.createHash('sha1').update(`${survivor}\0${rawEntry(doc, t)}\0${n}`).digest('hex');
    const id = 'm' + hash.slice(0, 6);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * Splices that add the appended entries at the end of their sections, theirs' new prose lines
 * under their headings, and sections only theirs has (with theirs' heading), before
 * `## Superseded` (which stays last) or at the end.
 */
function placeAppends(ours: MemoryDocument, base: MemoryDocument, theirs: MemoryDocument, appends: Map<string, string[]>): Splice[] {
  const inserts: Splice[] = [];
  const eol = ours.eol;
  const lines = (list: string[]) => list.map((l) => l + eol).join('');
  const insert = (at: number, text: string) => inserts.push({ start: at, end: at, insert: text });
  const newProse = (kind: string) => {
    const have = new Set([...proseLines(base, kind), ...proseLines(ours, kind)]);
    return proseLines(theirs, kind).filter((l) => !have.has(l));
  };
  const superseded = ours.sections.find((s) => s.kind === SUPERSEDED);
  for (const kind of new Set([...theirs.sections.map((s) => s.kind), ...appends.keys()])) {
    const entries = appends.get(kind) ?? [];
    const section = ours.sections.find((s) => s.kind === kind);
    if (section) {
      const prose = newProse(kind);
      if (prose.length) insert(section.headingEnd, lines(prose));
      if (entries.length) insert(appendPoint(ours, section), lines(entries));
      continue;
    }
    // A section ours does not have: theirs added it, or ours removed it and theirs still has entries for it.
    const theirsIndex = theirs.sections.findIndex((s) => s.kind === kind);
    const isNew = !base.sections.some((s) => s.kind === kind);
    const prose = isNew ? newProse(kind) : [];
    if (!entries.length && !prose.length) continue;
    const heading = theirsIndex >= 0
      ? theirs.bytes.slice(theirs.sections[theirsIndex].headingStart, theirs.sections[theirsIndex].headingEnd).replace(/\r?\n$/, '')
      : encodeUtf8(`## ${sectionTitle(kind)}`);
    insert(newSectionPoint(ours, theirs, theirsIndex, kind, superseded), lines([heading, ...prose, ...entries]));
  }
  // Insertions at one place keep the order they were made in (applySplices would reverse them).
  const byPlace = new Map<number, string>();
  for (const i of inserts) byPlace.set(i.start, (byPlace.get(i.start) ?? '') + i.insert);
  return [...byPlace].map(([at, text]) => ({ start: at, end: at, insert: lineBreakBefore(ours, at) + text }));
}

/**
 * Where a section only theirs has goes: after the section that precedes it in theirs (where
 * ours has that one too), keeping a person's order; else before `## Superseded`, which stays
 * last by convention, or at the end.
 */
function newSectionPoint(ours: MemoryDocument, theirs: MemoryDocument, theirsIndex: number, kind: string, superseded: MemorySection | undefined): number {
  if (kind !== SUPERSEDED) {
    for (let i = theirsIndex - 1; i >= 0; i--) {
      const at = ours.sections.findIndex((s) => s.kind === theirs.sections[i].kind);
      if (at >= 0 && ours.sections[at].kind !== SUPERSEDED) return at + 1 < ours.sections.length ? ours.sections[at + 1].headingStart : ours.bytes.length;
    }
    if (superseded) return superseded.headingStart;
  }
  return ours.bytes.length;
}

/** After the section's last entry, or after its last non-blank line when it has none. */
function appendPoint(doc: MemoryDocument, section: MemorySection): number {
  const last = section.entries[section.entries.length - 1];
  if (last) return last.end;
  const next = doc.sections[doc.sections.indexOf(section) + 1];
  const end = next ? next.headingStart : doc.bytes.length;
  let at = end;
  // Back over trailing blank lines, so the entry sits under the section's text.
  while (at > section.headingEnd) {
    const lineStart = doc.bytes.lastIndexOf('\n', at - 2) + 1;
    if (!/^[ \t]*\r?\n?$/.test(doc.bytes.slice(lineStart, at))) break;
    at = Math.max(lineStart, section.headingEnd);
  }
  return at;
}

/** The non-blank lines of a section that are not part of an entry (a person's prose, links). */
function proseLines(doc: MemoryDocument, kind: string): string[] {
  const i = doc.sections.findIndex((s) => s.kind === kind);
  if (i < 0) return [];
  const section = doc.sections[i];
  const end = i + 1 < doc.sections.length ? doc.sections[i + 1].headingStart : doc.bytes.length;
  let text = '';
  let at = section.headingEnd;
  for (const e of section.entries) {
    text += doc.bytes.slice(at, e.start);
    at = e.end;
  }
  text += doc.bytes.slice(at, end);
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

function lineBreakBefore(doc: MemoryDocument, at: number): string {
  return at > 0 && doc.bytes[at - 1] !== '\n' ? doc.eol : '';
}
