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

/** A shingle as one number: three UTF-16 code units, 16 bits each (exact below 2^53). */
function shingleCodes(normalized: string): Float64Array {
  const out = new Set<number>();
  if (normalized.length <= SHINGLE) {
    let code = 0;
    for (let i = 0; i < normalized.length; i++) code = code * 65536 + normalized.charCodeAt(i);
    // Short strings get their own range so "ab" never equals a 3-unit shingle.
    out.add(-1 - code);
  } else {
    for (let i = 0; i + SHINGLE <= normalized.length; i++) {
      out.add(normalized.charCodeAt(i) * 4294967296 + normalized.charCodeAt(i + 1) * 65536 + normalized.charCodeAt(i + 2));
    }
  }
  return Float64Array.from(out).sort();
}

function sortedJaccard(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  const union = a.length + b.length - both;
  return union ? both / union : 1;
}

/** Tokens of a set that two sets with Jaccard ≥ t must share one of (rarest first). */
function prefixLength(size: number): number {
  return size - Math.ceil(NEAR_DUPLICATE_JACCARD * size - 1e-9) + 1;
}

/**
 * Exact and near duplicates (character-shingle Jaccard ≥ 0.9) become one entry: the survivor is
 * the earliest (oldest `at`, then first in the file), keeps its text and cites the others in
 * `merged:`; the others move to Superseded, `superseded-by` the survivor. Nothing is deleted.
 *
 * Comparing every pair took minutes at a few thousand entries. Candidates come from an
 * inverted index over each entry's rarest shingles instead (prefix filtering, as in
 * set-similarity joins): two sets with Jaccard ≥ t must share one of their
 * `|x| - ceil(t·|x|) + 1` rarest shingles, so no pair above the threshold is missed, and each
 * candidate is then checked exactly. A generator: it yields now and then so a dream can stop.
 */
export function* mergeDuplicates(entries: WorkEntry[], log: DreamLog): Generator<void, void> {
  const live = entries.filter(rewritable);
  const norm = live.map((e) => normalizeForCompare(e.text));
  const parent = live.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const union = (i: number, j: number) => {
    const a = find(i);
    const b = find(j);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  // Exact duplicates: one pass over a map.
  const firstOf = new Map<string, number>();
  norm.forEach((n, i) => {
    if (!n) return;
    const first = firstOf.get(n);
    if (first === undefined) firstOf.set(n, i);
    else union(first, i);
  });
  yield;
  // Near duplicates: each distinct text once.
  const distinct = [...firstOf.values()];
  const sets = new Map<number, Float64Array>();
  const freq = new Map<number, number>();
  for (const i of distinct) {
    const set = shingleCodes(norm[i]);
    sets.set(i, set);
    for (const code of set) freq.set(code, (freq.get(code) ?? 0) + 1);
  }
  yield;
  const order = distinct.sort((a, b) => sets.get(a)!.length - sets.get(b)!.length || a - b);
  const index = new Map<number, number[]>();
  const seen = new Int32Array(live.length).fill(-1);
  let done = 0;
  for (const i of order) {
    const set = sets.get(i)!;
    const rare = Array.from(set).sort((a, b) => freq.get(a)! - freq.get(b)! || a - b);
    const prefix = rare.slice(0, prefixLength(set.length));
    for (const code of prefix) {
      const postings = index.get(code);
      if (postings) {
        for (const j of postings) {
          if (seen[j] === i) continue;
          seen[j] = i;
          // Sizes ascend: j is no larger than i; Jaccard ≥ t needs |j| ≥ t·|i|.
          if (sets.get(j)!.length < set.length * NEAR_DUPLICATE_JACCARD) continue;
          if (find(i) !== find(j) && sortedJaccard(set, sets.get(j)!) >= NEAR_DUPLICATE_JACCARD) union(i, j);
        }
      }
    }
    for (const code of prefix) (index.get(code) ?? index.set(code, []).get(code)!).push(i);
    if (++done % 2000 === 0) yield;
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
