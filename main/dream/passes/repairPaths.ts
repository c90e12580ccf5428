import path from 'node:path';
import type { RepoFacts } from '../repoFacts';
import { rewritable, setText, type DreamLog, type WorkEntry } from './workEntry';
import { classifyEngramPath } from '../../../contract/engramLayout';

export const STALE_PATH = '[stale path]';

// A path: folders with a slash and a last part with an extension (`main/x.ts`), not inside a
// URL or a longer word; or a file name in backticks (`package.json`).
const SLASHED = /(?<![\w/.:@-])((?:\.\/)?(?:[\w@+-][\w@.+-]*\/)+[\w+-][\w.+-]*\.[A-Za-z]\w{0,9})(?![\w/-]|\.\w)/g;
const TICKED = /`([\w+-][\w.+-]*\.[A-Za-z]\w{0,9})`/g;

/** The paths an entry mentions, in order, each with where it stands in the text. */
export function mentionedPaths(text: string): { path: string; index: number }[] {
  const found: { path: string; index: number }[] = [];
  for (const m of text.matchAll(SLASHED)) found.push({ path: m[1], index: m.index! });
  for (const m of text.matchAll(TICKED)) if (!m[1].includes('/')) found.push({ path: m[1], index: m.index! + 1 });
  return found.sort((a, b) => a.index - b.index);
}

export type PathVerdict = { ok: true } | { moved: string } | { stale: true };

/**
 * Checks one mentioned path: it exists; or git saw it renamed (followed to a path that exists);
 * or exactly one file in the tree has its name; else it is stale. A bare file name is fine
 * wherever it lives.
 */
export function judgePath(mentioned: string, facts: RepoFacts, byName: Map<string, string[]>): PathVerdict {
  const rel = mentioned.replace(/^\.\//, '');
  if (facts.exists(rel)) return { ok: true };
  const base = path.posix.basename(rel);
  const named = byName.get(base) ?? [];
  if (!rel.includes('/')) return named.length ? { ok: true } : { stale: true };
  let next = rel;
  const seen = new Set<string>();
  while (facts.renames.has(next) && !seen.has(next)) {
    seen.add(next);
    next = facts.renames.get(next)!;
    if (facts.exists(next)) return { moved: next };
  }
  if (named.length === 1) return { moved: named[0] };
  return { stale: true };
}

/** Rewrites moved paths to where they are now and marks the ones that exist nowhere. */
export function repairPaths(entries: WorkEntry[], facts: RepoFacts, log: DreamLog): void {
  const byName = new Map<string, string[]>();
  for (const f of facts.files) {
    const base = path.posix.basename(f);
    (byName.get(base) ?? byName.set(base, []).get(base)!).push(f);
  }
  for (const e of entries) {
    if (!rewritable(e)) continue;
    let text = e.text;
    // Right to left, so earlier indexes stay valid while the text changes.
    for (const m of mentionedPaths(text).reverse()) {
      if (m.path.includes('..') || classifyEngramPath(m.path)) continue;
      const verdict = judgePath(m.path, facts, byName);
      const end = m.index + m.path.length;
      if ('moved' in verdict) {
        text = text.slice(0, m.index) + verdict.moved + text.slice(end);
        log.pathsFixed.push({ id: e.id, from: m.path, to: verdict.moved });
      } else if ('stale' in verdict) {
        const after = text.slice(end);
        if (/^`? \[stale path\]/.test(after)) continue;
        const tick = after.startsWith('`') ? 1 : 0;
        text = text.slice(0, end + tick) + ` ${STALE_PATH}` + text.slice(end + tick);
        log.pathsFlagged.push({ id: e.id, path: m.path });
      }
    }
    if (text !== e.text) {
      setText(e, text);
      e.meta = { ...e.meta, id: e.id };
    }
  }
}
