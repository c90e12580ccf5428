import { describe, expect, it } from 'vitest';
import { checkpointThresholds, levelOf } from '../../../main/agent/continuity/thresholds';

describe('checkpoint thresholds by window', () => {
  it('has none when the usable window is under 25k tokens', () => {
    expect(checkpointThresholds(24_000, 0)).toEqual([]);
    expect(checkpointThresholds(30_000, 6_000)).toEqual([]);
  });

  it('steps 20% up to a 200k usable window, capped at the window minus 13k', () => {
    // usable 27k: 20/40/60/80% = 5400/10800/16200/21600; cap 30k − 13k = 17k.
    expect(checkpointThresholds(30_000, 3_000)).toEqual([5_400, 10_800, 16_200, 17_000]);
    expect(checkpointThresholds(200_000, 0)).toEqual([40_000, 80_000, 120_000, 160_000, 187_000]);
  });

  it('steps 10% up to 500k and 5% above', () => {
    const t = checkpointThresholds(400_000, 0);
    expect(t.slice(0, 3)).toEqual([40_000, 80_000, 120_000]);
    expect(t).toHaveLength(10);
    expect(t.at(-1)).toBe(387_000);
    const big = checkpointThresholds(1_000_000, 0);
    expect(big[0]).toBe(50_000);
    expect(big.at(-1)).toBe(987_000);
    expect(big).toHaveLength(20);
  });

  it('ends at the usable window when the output reserve leaves less than the cap', () => {
    expect(checkpointThresholds(100_000, 40_000)).toEqual([12_000, 24_000, 36_000, 48_000, 60_000]);
  });

  it('takes settings as token counts or percentages, capped and sorted; [] turns them off', () => {
    expect(checkpointThresholds(30_000, 3_000, ['50%', 2_000, 99_000, 'nonsense'])).toEqual([2_000, 13_500, 17_000]);
    expect(checkpointThresholds(10_000, 0, [1_000])).toEqual([]);
    expect(checkpointThresholds(30_000, 3_000, [])).toEqual([]);
  });

  it('counts the thresholds a context has reached', () => {
    expect(levelOf(0, [10, 20])).toBe(0);
    expect(levelOf(10, [10, 20])).toBe(1);
    expect(levelOf(25, [10, 20])).toBe(2);
  });
});
