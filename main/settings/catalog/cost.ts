/** Dollars per million tokens; cache prices fall back to the input price when unknown. */
export interface Pricing {
  input: number;
  output: number;
  cacheRead?: number | null;
  cacheWrite?: number | null;
}

/**
 * What one request cost, from the provider's own token counts: uncached input, cache reads,
 * cache writes and output each at their price. Null when the model has no known price.
 */
export function requestCost(pricing: Pricing | null, u: { input: number; output: number; cacheRead: number; cacheWrite: number }): number | null {
  if (!pricing) return null;
  const uncached = Math.max(0, u.input - u.cacheRead - u.cacheWrite);
  const dollars =
    uncached * pricing.input + u.cacheRead * (pricing.cacheRead ?? pricing.input) + u.cacheWrite * (pricing.cacheWrite ?? pricing.input) + u.output * pricing.output;
  return dollars / 1e6;
}
