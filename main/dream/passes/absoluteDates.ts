import { rewritable, setText, type DreamLog, type WorkEntry } from './workEntry';

const DAY = 86_400_000;

/**
 * "yesterday", "today", "N days ago", "last week", "last month" lose their meaning a day after
 * they were written; they become dates counted from the entry's own `at`. Entries without a
 * readable `at` are left alone: there is nothing to count from.
 */
export function absoluteDates(entries: WorkEntry[], log: DreamLog): void {
  for (const e of entries) {
    if (!rewritable(e)) continue;
    const base = parseDay(e.meta.at);
    if (base === null) continue;
    const before = e.text;
    const after = rewriteRelativeDates(before, base);
    if (after === before) continue;
    setText(e, after);
    e.meta = { ...e.meta, id: e.id };
    log.dates.push({ id: e.id, from: before, to: after });
  }
}

export function rewriteRelativeDates(text: string, base: number): string {
  const day = (offset: number) => iso(base - offset * DAY);
  return text
    .replace(/\b(\d{1,3}) days? ago\b/gi, (_, n: string) => `on ${day(Number(n))}`)
    .replace(/\byesterday\b/gi, () => `on ${day(1)}`)
    .replace(/\btoday\b/gi, () => `on ${day(0)}`)
    .replace(/\blast week\b/gi, () => `in the week of ${mondayBefore(base)}`)
    .replace(/\blast month\b/gi, () => `in ${previousMonth(base)}`)
    // "since on 2026-11-24" reads badly: a preposition before the inserted one wins.
    .replace(/\b(since|on|by|until|from|as of) (on|in) (?=\d{4}-|the week)/gi, '$1 ')
    // "Yesterday we found…" → "On 2026-11-30 we found…": a sentence keeps its capital.
    .replace(/(^|[.!?:]\s+|\n\s*)(on|in) (?=\d{4}-|the week)/g, (_, lead: string, word: string) => `${lead}${word[0].toUpperCase()}${word.slice(1)} `);
}

function parseDay(at: string | undefined): number | null {
  if (!at || !/^\d{4}-\d{2}-\d{2}$/.test(at)) return null;
  const t = Date.parse(`${at}T00:00:00Z`);
  return Number.isNaN(t) ? null : t;
}

function iso(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

function mondayBefore(base: number): string {
  const weekday = (new Date(base).getUTCDay() + 6) % 7;
  return iso(base - (weekday + 7) * DAY);
}

function previousMonth(base: number): string {
  const d = new Date(base);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return m.toISOString().slice(0, 7);
}
