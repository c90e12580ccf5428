import crypto from 'node:crypto';
import { decodeUtf8 } from './byteString';
import { matchMetadata, type EntryMetadata } from './entryMetadata';
import { dedentContinuation, unescapeCommentMarkers } from './entryText';

/**
 * A MEMORY.md as found on disk, parsed without losing a byte: the document keeps the whole
 * byte string, and sections and entries are only offsets into it. Serializing is returning
 * the bytes; changing an entry is splicing its range (see `memoryEdits.ts`).
 */
export interface MemoryEntry {
  /** From the metadata comment, or derived from the text (`h…`) for a hand-typed entry. */
  id: string;
  hasMetadata: boolean;
  /** Section name in lower case (`decisions`, `superseded`, or a person's own heading). */
  kind: string;
  text: string;
  meta: EntryMetadata;
  /** Byte offsets: the first line's start, the end of the last line's text, after its EOL. */
  start: number;
  bodyEnd: number;
  end: number;
}

export interface MemorySection {
  title: string;
  kind: string;
  headingStart: number;
  /** After the heading line and its line ending. */
  headingEnd: number;
  entries: MemoryEntry[];
}

export interface MemoryDocument {
  bytes: string;
  eol: '\n' | '\r\n';
  sections: MemorySection[];
  entries: MemoryEntry[];
}

interface Line {
  start: number;
  /** End of the content, before `\r\n` or `\n`. */
  contentEnd: number;
  /** After the line ending (= contentEnd at the end of a file with no final newline). */
  end: number;
  content: string;
}

const HEADING = /^##(?:[ \t]+(.*?))?[ \t#]*$/;
const FENCE = /^(```|~~~)/;

export function parseMemoryDocument(bytes: string): MemoryDocument {
  const eol = detectEol(bytes);
  const sections: MemorySection[] = [];
  const entries: MemoryEntry[] = [];
  const seenIds = new Map<string, number>();
  let section: MemorySection | null = null;
  let open: Line[] = [];
  let pendingBlank: Line[] = [];
  let inFence = false;

  const closeEntry = () => {
    if (open.length && section) {
      const entry = buildEntry(open, section.kind, seenIds);
      section.entries.push(entry);
      entries.push(entry);
    }
    open = [];
    pendingBlank = [];
  };

  for (const line of splitLines(bytes)) {
    const c = line.content;
    const indented = c.startsWith(' ') || c.startsWith('\t');
    const blank = /^[ \t]*$/.test(c);
    if (inFence) {
      if (!indented && FENCE.test(c)) inFence = false;
      continue;
    }
    if (open.length && blank) {
      pendingBlank.push(line);
      continue;
    }
    if (open.length && indented) {
      open.push(...pendingBlank, line);
      pendingBlank = [];
      continue;
    }
    closeEntry();
    if (FENCE.test(c)) {
      inFence = true;
      continue;
    }
    const heading = HEADING.exec(c);
    if (heading) {
      const title = decodeUtf8(heading[1] ?? '').trim();
      section = { title, kind: title.toLowerCase(), headingStart: line.start, headingEnd: line.end, entries: [] };
      sections.push(section);
      continue;
    }
    if (section && /^-[ \t]/.test(c)) open = [line];
  }
  closeEntry();
  return { bytes, eol, sections, entries };
}

function buildEntry(lines: Line[], kind: string, seenIds: Map<string, number>): MemoryEntry {
  const parts = lines.map((l, i) => (i === 0 ? l.content.replace(/^-[ \t]+/, '') : dedentContinuation(l.content)));
  // The comment trails the entry; a person may also have left it on the first line.
  let found = matchMetadata(parts[parts.length - 1]);
  if (found) parts[parts.length - 1] = parts[parts.length - 1].slice(0, found.start);
  else if (parts.length > 1 && (found = matchMetadata(parts[0]))) parts[0] = parts[0].slice(0, found.start);
  const text = unescapeCommentMarkers(decodeUtf8(parts.join('\n'))).trimEnd();
  const baseId = found?.meta.id ?? handId(kind, text);
  // A copy-pasted comment or two identical hand entries must still give distinct ids.
  const n = (seenIds.get(baseId) ?? 0) + 1;
  seenIds.set(baseId, n);
  const last = lines[lines.length - 1];
  return {
    id: n === 1 ? baseId : `${baseId}-${n}`,
    hasMetadata: Boolean(found),
    kind,
    text,
    meta: found?.meta ?? {},
    start: lines[0].start,
    bodyEnd: last.contentEnd,
    end: last.end,
  };
}

/** A stable id for an entry a person typed without metadata: it changes only with its text. */
function handId(kind: string, text: string): string {
  return 'h' + crypto.createHash('sha1').update(`${kind}\0${text}`).digest('hex').slice(0, 6);
}

function* splitLines(bytes: string): Generator<Line> {
  let start = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf('\n', start);
    const end = nl < 0 ? bytes.length : nl + 1;
    const contentEnd = nl < 0 ? bytes.length : nl > start && bytes[nl - 1] === '\r' ? nl - 1 : nl;
    yield { start, contentEnd, end, content: bytes.slice(start, contentEnd) };
    start = end;
  }
}

function detectEol(bytes: string): '\n' | '\r\n' {
  const nl = bytes.indexOf('\n');
  return nl > 0 && bytes[nl - 1] === '\r' ? '\r\n' : '\n';
}
