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

export function formatMetadata(meta: EntryMetadata): string {
  const keys = Object.keys(meta).sort((a, b) => rank(a) - rank(b));
  const words = keys
    .filter((k) => /^[A-Za-z][\w-]*$/.test(k))
    .map((k) => (meta[k] === '' ? k : `${k}:${encodeValue(meta[k])}`));
  return `<!-- ${words.join(' ')} -->`;
}

function rank(key: string): number {
  const i = KEY_ORDER.indexOf(key);
  return i < 0 ? KEY_ORDER.length : i;
}

function encodeValue(value: string): string {
  return value.replace(/[%\s<>]/gu, (c) => encodeURIComponent(c));
}

function decodeValue(value: string): string {
  // Values come from a byte string: decode %XX and UTF-8 together, tolerating a stray `%`.
  const bytes = Buffer.from(value.replace(/%([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return bytes.toString('utf8');
}
