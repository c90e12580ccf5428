import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from '../../../main/pty/hostProcess/outputBatcher';

const decode = (chunks: Uint8Array[]) => chunks.map((c) => Buffer.from(c).toString('utf8'));

describe('OutputBatcher', () => {
  let batches: Uint8Array[];
  beforeEach(() => {
    vi.useFakeTimers();
    batches = [];
  });
  afterEach(() => vi.useRealTimers());

  it('gathers output for the delay, then sends it as one batch', () => {
    const b = new OutputBatcher({ delayMs: 5, flush: (x) => batches.push(x) });
    b.push(Buffer.from('ab'));
    b.push(Buffer.from('cd'));
    vi.advanceTimersByTime(4);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(decode(batches)).toEqual(['abcd']);
    expect(b.pendingBytes).toBe(0);
  });

  it('sends at once when a batch reaches its size limit', () => {
    const b = new OutputBatcher({ delayMs: 5, maxBytes: 4, flush: (x) => batches.push(x) });
    b.push(Buffer.from('abc'));
    b.push(Buffer.from('def'));
    expect(decode(batches)).toEqual(['abcdef']);
    b.push(Buffer.from('g'));
    vi.advanceTimersByTime(5);
    expect(decode(batches)).toEqual(['abcdef', 'g']);
  });

  it('never cuts a multi-byte character across batches', () => {
    const text = 'x€y😀z'.repeat(50);
    const all = Buffer.from(text, 'utf8');
    const b = new OutputBatcher({ delayMs: 5, maxBytes: 7, flush: (x) => batches.push(x) });
    // Feed one byte at a time, so every character is split across pushes.
    for (const byte of all) b.push(Uint8Array.of(byte));
    vi.advanceTimersByTime(5);
    for (const batch of batches) expect(Buffer.from(batch).toString('utf8')).not.toContain('\uFFFD');
    expect(decode(batches).join('')).toBe(text);
  });

  it('holds an unfinished character until the rest arrives', () => {
    const euro = Buffer.from('€', 'utf8');
    const b = new OutputBatcher({ delayMs: 5, flush: (x) => batches.push(x) });
    b.push(Buffer.concat([Buffer.from('a'), euro.subarray(0, 2)]));
    vi.advanceTimersByTime(5);
    expect(decode(batches)).toEqual(['a']);
    expect(b.pendingBytes).toBe(2);
    b.push(euro.subarray(2));
    vi.advanceTimersByTime(5);
    expect(decode(batches)).toEqual(['a', '€']);
  });

  it('flushAll sends even an unfinished character (the stream ended)', () => {
    const b = new OutputBatcher({ flush: (x) => batches.push(x) });
    b.push(Buffer.from('€', 'utf8').subarray(0, 1));
    b.flushAll();
    expect(batches.map((x) => x.length)).toEqual([1]);
  });
});
