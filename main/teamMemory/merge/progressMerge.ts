import { parseDocument } from 'yaml';

/**
 * Three-way merge of a task's progress.md (SPEC §3): the frontmatter of the side with the newer
 * `updated` (ours on a tie), and the log lines of both sides unioned in time order. A log item
 * is a `- <time> …` line with the indented lines below it; identical items count once, items of
 * equal time keep ours-then-theirs order. Lines above the first log line come from the side whose
 * frontmatter wins. Returns null when either side cannot be read, so the caller writes a
 * conflict instead of guessing.
 */
interface ProgressParts {
  frontmatter: string;
  updated: number;
  preamble: string;
  items: { at: string; text: string }[];
  eol: string;
}

const FRONTMATTER = /^---(\r?\n)([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const LOG_LINE = /^- (\d{4}-\d{2}-\d{2}T[\d:.]+Z?)\s/;

export function mergeProgressFiles(_base: string, ours: string, theirs: string): string | null {
  const o = parseParts(ours);
  const t = parseParts(theirs);
  if (!o || !t) return null;
  const winner = t.updated > o.updated ? t : o;
  const seen = new Set<string>();
  const items: { at: string; text: string; order: number }[] = [];
  for (const item of [...o.items, ...t.items]) {
    const key = item.text.replace(/\r\n/g, '\n').trimEnd();
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ ...item, order: items.length });
  }
  items.sort((a, b) => timeOf(a.at) - timeOf(b.at) || a.order - b.order);
  const eol = winner.eol;
  const body = items.map((i) => i.text.replace(/\r?\n/g, eol).replace(/(?:\r?\n)*$/, eol)).join('');
  return winner.frontmatter + winner.preamble + body;
}

function parseParts(text: string): ProgressParts | null {
  if (text.includes('\0')) return null;
  const m = FRONTMATTER.exec(text);
  if (!m) return null;
  const doc = parseDocument(m[2]);
  if (doc.errors.length) return null;
  const data = doc.toJS() as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') return null;
  const updated = data.updated instanceof Date ? data.updated.getTime() : Date.parse(String(data.updated ?? ''));
  const rest = text.slice(m[0].length);
  const lines = rest.split(/(?<=\n)/);
  let preamble = '';
  const items: { at: string; text: string }[] = [];
  for (const line of lines) {
    const log = LOG_LINE.exec(line);
    if (log) items.push({ at: log[1], text: line });
    else if (items.length) items[items.length - 1].text += line;
    else preamble += line;
  }
  if (/^(<<<<<<<|>>>>>>>) /m.test(rest)) return null;
  return { frontmatter: m[0].endsWith('\n') ? m[0] : m[0] + m[1], updated: Number.isFinite(updated) ? updated : 0, preamble, items, eol: m[1] };
}

/** `2026-11-25T10:40Z` and `2026-11-25T10:40:00Z` alike; unreadable times sort first. */
function timeOf(at: string): number {
  const t = Date.parse(/Z$/.test(at) ? at : at + 'Z');
  return Number.isFinite(t) ? t : 0;
}
