import { rewritable, type DreamLog, type WorkEntry } from './workEntry';

export const NEAR_DUPLICATE_JACCARD = 0.9;
const SHINGLE = 3;

/** Lower case, markdown marks and punctuation gone, one space between words. */
export function normalizeForCompare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_~>#[\](){}"'“”‘’.,;:!?]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function shingles(normalized: string): Set<string> {
  const out = new Set<string>();
  if (normalized.length <= SHINGLE) {
    out.add(normalized);
    return out;
  }
  for (let i = 0; i + SHINGLE <= normalized.length; i++) out.add(normalized.slice(i, i + SHINGLE));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const s of a) if (b.has(s)) both++;
  const union = a.size + b.size - both;
  return union ? both / union : 1;
}

/**
 * Exact and near duplicates (character-shingle Jaccard ≥ 0.9) become one entry: the survivor is
 * the earliest (oldest `at`, then first in the file), keeps its text and cites the others in
 * `merged:`; the others move to Superseded, `superseded-by` the survivor. Nothing is deleted.
 */
export function mergeDuplicates(entries: WorkEntry[], log: DreamLog): void {
  const live = entries.filter(rewritable);
  const norm = live.map((e) => normalizeForCompare(e.text));
  const sets = norm.map(shingles);
  const parent = live.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      if (!norm[i] || !norm[j]) continue;
      // Jaccard ≥ t needs the smaller set to be at least t of the larger: skip the rest cheaply.
      const [small, large] = sets[i].size < sets[j].size ? [sets[i].size, sets[j].size] : [sets[j].size, sets[i].size];
      if (small < large * NEAR_DUPLICATE_JACCARD) continue;
      if (norm[i] === norm[j] || jaccard(sets[i], sets[j]) >= NEAR_DUPLICATE_JACCARD) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, WorkEntry[]>();
  live.forEach((e, i) => {
    const root = find(i);
    (groups.get(root) ?? groups.set(root, []).get(root)!).push(e);
  });
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [survivor, ...rest] = [...group].sort(earliestFirst);
    const cited = [...(survivor.meta.merged ? survivor.meta.merged.split(',') : []), ...rest.map((e) => e.id)];
    survivor.meta = { ...survivor.meta, id: survivor.id, merged: [...new Set(cited)].join(',') };
    survivor.changed = true;
    for (const e of rest) {
      e.fate = 'merged';
      e.supersededBy = survivor.id;
    }
    log.merges.push({ survivor: survivor.id, merged: rest.map((e) => e.id), text: survivor.text });
  }
}

function earliestFirst(a: WorkEntry, b: WorkEntry): number {
  const at = (e: WorkEntry) => (/^\d{4}-\d{2}-\d{2}$/.test(e.meta.at ?? '') ? e.meta.at! : '9999-99-99');
  return at(a).localeCompare(at(b)) || a.origin.start - b.origin.start;
}
