import { newEntryId } from '../../memory/ids';
import { isMemoryKind } from '../../memory/kinds';
import { mentionedPaths } from './repairPaths';
import { rewritable, setText, type DreamLog, type WorkEntry } from './workEntry';

export const UNVERIFIED = '[unverified]';
const MAX_TEXT = 600;

/** What a model may propose; see `modelPass.ts` for how it is asked and parsed. */
export interface ModelAdvice {
  compress: { id: string; text: string }[];
  unverified: string[];
  supersede: { id: string; by: string }[];
  promote: { kind: string; text: string; source: string }[];
  /** The sessions the model was shown: a promotion must cite one of them. */
  sessions: string[];
}

/**
 * Applies only advice that checks out; anything else is ignored, never written: unknown ids,
 * rewrites that are not shorter or drop a path the entry mentioned, supersessions by an entry
 * that is not live, promotions without a session the model was shown.
 */
export function applyModelAdvice(entries: WorkEntry[], advice: ModelAdvice, log: DreamLog, today: string): void {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const live = (id: string) => {
    const e = byId.get(id);
    return e && rewritable(e) ? e : null;
  };
  for (const c of advice.compress) {
    const e = live(c.id);
    const text = typeof c.text === 'string' ? c.text.trim() : '';
    if (!e || !text || text.length >= e.text.length || text.length > MAX_TEXT) continue;
    const kept = new Set(mentionedPaths(text).map((m) => m.path));
    if (mentionedPaths(e.text).some((m) => !kept.has(m.path))) continue;
    setText(e, text);
    e.meta = { ...e.meta, id: e.id };
    log.compressed.push({ id: e.id });
  }
  for (const id of advice.unverified) {
    const e = live(id);
    if (!e || e.text.includes(UNVERIFIED)) continue;
    setText(e, `${e.text} ${UNVERIFIED}`);
    e.meta = { ...e.meta, id: e.id };
    log.unverified.push({ id });
  }
  for (const s of advice.supersede) {
    const e = live(s.id);
    const by = live(s.by);
    if (!e || !by || e === by) continue;
    e.fate = 'superseded';
    e.supersededBy = by.id;
    log.superseded.push({ id: e.id, by: by.id });
  }
  const taken = new Set(entries.map((e) => e.id));
  const sessions = new Set(advice.sessions);
  for (const p of advice.promote) {
    const text = typeof p.text === 'string' ? p.text.trim() : '';
    if (!text || text.length > MAX_TEXT || !sessions.has(p.source) || !isMemoryKind(p.kind)) continue;
    if (text.includes('<!--') || text.includes('\n## ')) continue;
    log.promoted.push({ id: newEntryId(taken), kind: p.kind, text, source: p.source, at: today });
  }
}
