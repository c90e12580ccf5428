import { describe, expect, it } from 'vitest';
// The same stress `npm run stress` runs, smaller: real `engram` processes and a real person's
// editing loop on real files.
import { concurrencyStress } from '../../../scripts/stress/concurrency.mjs';

describe("a person's edits while Engram writes MEMORY.md", () => {
  it('keeps every line a person appends while 3 processes add entries and dreams run', { timeout: 240_000 }, async () => {
    const r = await concurrencyStress({ style: 'append', adders: 3, adds: 15, interval: 5 });
    expect(r.written).toBeGreaterThan(50);
    expect(r.lost, `of ${r.written} hand lines`).toEqual([]);
    expect(r.addErrors).toEqual([]);
    expect(r.dreamErrors).toEqual([]);
  });

  it('keeps every line a person saves the way editors do (temp file renamed over MEMORY.md)', { timeout: 240_000 }, async () => {
    const r = await concurrencyStress({ style: 'rename', adders: 3, adds: 15, interval: 5 });
    expect(r.written).toBeGreaterThan(50);
    expect(r.lost, `of ${r.written} hand lines`).toEqual([]);
    expect(r.addErrors).toEqual([]);
  });
});
