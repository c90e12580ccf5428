import type { ReactNode } from 'react';

/** The text with every word of the query marked, case-insensitively. */
export function highlight(text: string, query: string): ReactNode {
  const words = query
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w.length > 1)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!words.length) return text;
  const re = new RegExp(`(${words.join('|')})`, 'giu');
  return text.split(re).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part));
}

/** A window of the text around the first match, so long entries still show why they matched. */
export function snippet(text: string, query: string, width = 220): string {
  // Lines stay lines (a task's progress log, a checkpoint's sections); runs of spaces do not.
  const flat = text.replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
  if (flat.length <= width) return flat;
  const first = query.split(/\s+/).find(Boolean)?.toLowerCase();
  const at = first ? flat.toLowerCase().indexOf(first) : -1;
  const start = Math.max(0, Math.min(flat.length - width, at - 60));
  return `${start > 0 ? '…' : ''}${flat.slice(start, start + width)}${start + width < flat.length ? '…' : ''}`;
}
