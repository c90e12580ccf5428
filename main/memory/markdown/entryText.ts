/**
 * How an entry's text is written into MEMORY.md and read back. The first line follows `- `;
 * further lines are indented two spaces, so a newline or a `## heading` in the text can never
 * start a new entry or section. `<!--` and `-->` gain a backslash so text cannot open or close
 * a comment; the escape is reversible (`<\!--` becomes `<\\!--`), so text reads back exactly.
 */
export const CONTINUATION_INDENT = '  ';

export function escapeCommentMarkers(text: string): string {
  // Both markers hold `--`; most texts have none (an import renders every entry).
  if (!text.includes('--')) return text;
  return text.replace(/<(\\*)!--/g, '<$1\\!--').replace(/--(\\*)>/g, '--$1\\>');
}

export function unescapeCommentMarkers(text: string): string {
  return text.replace(/<(\\*)\\!--/g, '<$1!--').replace(/--(\\*)\\>/g, '--$1>');
}

/** The text as a caller gave it, normalized: one newline style, no blank edges. */
export function normalizeEntryText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').trimEnd().replace(/^[ \t]+/, '');
}

/** The lines of an entry (without line endings), metadata comment appended to the last one. */
export function renderEntryLines(text: string, comment: string): string[] {
  // One line (most entries): no split and map.
  if (!text.includes('\n')) return [`- ${escapeCommentMarkers(text)}${comment ? ` ${comment}` : ''}`];
  const lines = escapeCommentMarkers(text).split('\n');
  const out = lines.map((line, i) => (i === 0 ? `- ${line}` : CONTINUATION_INDENT + line));
  out[out.length - 1] += comment ? ` ${comment}` : '';
  return out;
}

/** Removes one level of continuation indent: two spaces, or one tab, or one space. */
export function dedentContinuation(line: string): string {
  if (line.startsWith('  ')) return line.slice(2);
  if (line.startsWith('\t') || line.startsWith(' ')) return line.slice(1);
  return line;
}
