/**
 * When a session's context gets a checkpoint, and when it is rebuilt (MiMo-Code's schedule):
 * by the usable window (the model's window minus what is kept for its answer), none under
 * 25k tokens; every 20% up to 200k; every 10% up to 500k; every 5% above. Every threshold is
 * capped at the window minus a 13k reserve, and the highest one is where the context is rebuilt.
 */

/** Below this usable window a checkpoint costs more than it saves. */
export const MIN_USABLE_FOR_CHECKPOINTS = 25_000;
/** Room kept above the rebuild point: the rebuild itself, a last tool result, the answer. */
export const REBUILD_RESERVE = 13_000;

/** A threshold from settings: a token count (number) or a share of the usable window ("60%"). */
export type ThresholdSetting = number | string;

export function usableWindow(contextWindow: number, outputReserve: number): number {
  return Math.max(0, contextWindow - outputReserve);
}

/** The default output reserve when none is set: a tenth of the window, at most 16k tokens. */
export function defaultOutputReserve(contextWindow: number): number {
  return Math.min(16_000, Math.floor(contextWindow * 0.1));
}

function stepPercent(usable: number): number {
  if (usable <= 200_000) return 20;
  if (usable <= 500_000) return 10;
  return 5;
}

/**
 * Ascending token counts; the last is the rebuild point. Empty: no checkpoints, no rebuild.
 * `override` replaces the schedule (still capped, and still empty under the minimum window
 * only when no override is given: a person who asks for thresholds gets them).
 */
export function checkpointThresholds(contextWindow: number, outputReserve: number, override?: ThresholdSetting[] | null): number[] {
  const usable = usableWindow(contextWindow, outputReserve);
  const cap = Math.min(usable, contextWindow - REBUILD_RESERVE);
  if (cap <= 0) return [];
  let raw: number[];
  if (override) {
    raw = override.map((t) => resolveThreshold(t, usable)).filter((n): n is number => n !== null);
  } else {
    if (usable < MIN_USABLE_FOR_CHECKPOINTS) return [];
    const step = stepPercent(usable);
    raw = [];
    for (let p = step; p < 100; p += step) raw.push(Math.floor((usable * p) / 100));
    raw.push(cap);
  }
  return [...new Set(raw.map((n) => Math.min(n, cap)).filter((n) => n > 0))].sort((a, b) => a - b);
}

/** "60%" → 60% of the usable window; 12000 → 12000 tokens; anything else → null (ignored). */
export function resolveThreshold(t: ThresholdSetting, usable: number): number | null {
  if (typeof t === 'number') return Number.isFinite(t) && t > 0 ? Math.floor(t) : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(t);
  if (!m) return null;
  const p = Number(m[1]);
  return p > 0 && p <= 100 ? Math.floor((usable * p) / 100) : null;
}

/** How many thresholds `tokens` has reached (0 = none). */
export function levelOf(tokens: number, thresholds: number[]): number {
  let level = 0;
  while (level < thresholds.length && tokens >= thresholds[level]) level++;
  return level;
}
