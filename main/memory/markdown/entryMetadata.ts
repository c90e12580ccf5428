/**
 * The trailing comment of an entry: `<!-- id:m7f3a2c at:2026-11-25 src:ses_01HX -->`.
 * Values are single words; characters that would break that (spaces, `%`, `<`, `>`) are
 * percent-encoded so any source name survives.
 */
export type EntryMetadata = Record<string, string>;

/** Keys in the order they are written; others follow in their own order. */
const KEY_ORDER = ['id', 'at', 'src', 'superseded-by', 'pin'];

// A trailing comment is metadata only if it looks like `key:value` words including an id, so
// a person's own `<!-- todo -->` stays part of their text. Matched on byte strings: no \s.
const TRAILING = /[ \t]*<!--((?:[ \t]+[A-Za-z][\w-]*(?::[^ \t<>]*)?)+)[ \t]*-->[ \t]*$/;

export interface MetadataMatch {
  meta: EntryMetadata;
  /** Offset in the line where the comment (with its leading blanks) begins. */
  start: number;
}

export function matchMetadata(line: string): MetadataMatch | null {
  const m = TRAILING.exec(line);
  if (!m) return null;
  const meta: EntryMetadata = {};
  for (const word of m[1].split(/[ \t]+/)) {
    if (!word) continue;
    const colon = word.indexOf(':');
    if (colon < 0) meta[word] = '';
    else meta[word.slice(0, colon)] = decodeValue(word.slice(colon + 1));
  }
  if (!meta.id) return null;
  return { meta, start: m.index };
}

const KEY = /^[A-Za-z][\w-]*$/;
const NEEDS_ENCODING = /[%\s<>]/u;

/** Known keys in KEY_ORDER, then the others in their own order (an import formats 100,000). */
export function formatMetadata(meta: EntryMetadata): string {
  let out = '<!--';
  for (const k of KEY_ORDER) if (k in meta) out += ` ${word(k, meta[k])}`;
  for (const k in meta) if (!KEY_ORDER.includes(k) && KEY.test(k)) out += ` ${word(k, meta[k])}`;
  return out === '<!--' ? '<!--  -->' : `${out} -->`;
}

function word(key: string, value: string): string {
  return value === '' ? key : `${key}:${encodeValue(value)}`;
}

function encodeValue(value: string): string {
  return NEEDS_ENCODING.test(value) ? value.replace(/[%\s<>]/gu, (c) => encodeURIComponent(c)) : value;
}

function decodeValue(value: string): string {
  // Values come from a byte string: decode %XX and UTF-8 together, tolerating a stray `%`.
  const bytes = Buffer.from(value.replace(/%([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return bytes.toString('utf8');
}
