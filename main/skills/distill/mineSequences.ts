import type { MinedSession } from './sessionHistory';

/** A run of steps that recurs, with the sessions it occurs in. */
export interface RepeatedSequence {
  steps: string[];
  /** One real instance (from the newest session it occurs in). */
  examples: string[];
  specific: number;
  sessionIds: string[];
}

const MIN_LENGTH = 3;
const MAX_LENGTH = 10;
const MIN_SPECIFIC = 2;

/**
 * Contiguous runs of normalized steps seen in at least two sessions (each session counts
 * once). Only maximal runs are kept: a run inside a longer one seen in the same sessions adds
 * nothing. Consecutive repeats of a step (retries) count as one.
 */
export async function mineSequences(sessions: MinedSession[]): Promise<RepeatedSequence[]> {
  const ids = new Map<string, number>();
  const idOf = (sig: string) => {
    let id = ids.get(sig);
    if (id === undefined) ids.set(sig, (id = ids.size));
    return id;
  };
  const found = new Map<string, { sessions: Set<string>; first: { session: number; at: number; length: number } }>();
  const collapsed = sessions.map((s) => s.steps.filter((step, i) => i === 0 || s.steps[i - 1].signature !== step.signature));
  for (let si = 0; si < sessions.length; si++) {
    if (si > 0 && si % 20 === 0) await new Promise((r) => setImmediate(r));
    const seq = collapsed[si].map((s) => idOf(s.signature));
    for (let start = 0; start < seq.length; start++) {
      for (let len = MIN_LENGTH; len <= MAX_LENGTH && start + len <= seq.length; len++) {
        const key = seq.slice(start, start + len).join(',');
        let entry = found.get(key);
        if (!entry) found.set(key, (entry = { sessions: new Set(), first: { session: si, at: start, length: len } }));
        entry.sessions.add(sessions[si].id);
      }
    }
  }
  const repeated: RepeatedSequence[] = [];
  for (const entry of found.values()) {
    if (entry.sessions.size < 2) continue;
    const { session, at, length } = entry.first;
    const run = collapsed[session].slice(at, at + length);
    const specific = run.filter((s) => s.specific).length;
    if (specific < MIN_SPECIFIC) continue;
    repeated.push({
      steps: run.map((s) => s.signature),
      examples: run.map((s) => s.example),
      specific,
      // Sessions come newest first, so the evidence does too.
      sessionIds: sessions.filter((s) => entry.sessions.has(s.id)).map((s) => s.id),
    });
  }
  return keepMaximal(repeated);
}

function keepMaximal(runs: RepeatedSequence[]): RepeatedSequence[] {
  const byLength = [...runs].sort((a, b) => b.steps.length - a.steps.length);
  const kept: RepeatedSequence[] = [];
  for (const run of byLength) {
    const inner = kept.some((k) => contains(k.steps, run.steps) && run.sessionIds.every((id) => k.sessionIds.includes(id)));
    if (!inner) kept.push(run);
  }
  return kept;
}

function contains(outer: string[], inner: string[]): boolean {
  outer: for (let i = 0; i + inner.length <= outer.length; i++) {
    for (let j = 0; j < inner.length; j++) if (outer[i + j] !== inner[j]) continue outer;
    return true;
  }
  return false;
}
