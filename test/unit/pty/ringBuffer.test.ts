import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../main/pty/hostProcess/ringBuffer';

const text = (r: RingBuffer) => Buffer.from(r.snapshot()).toString('utf8');

describe('RingBuffer', () => {
  it('keeps everything while under capacity, oldest first', () => {
    const r = new RingBuffer(100);
    r.push(Buffer.from('hello '));
    r.push(Buffer.from('world'));
    expect(text(r)).toBe('hello world');
    expect(r.byteLength).toBe(11);
  });

  it('drops the oldest bytes beyond capacity, across and within chunks', () => {
    const r = new RingBuffer(10);
    r.push(Buffer.from('0123456'));
    r.push(Buffer.from('789ab'));
    expect(text(r)).toBe('23456789ab');
    r.push(Buffer.from('cdefghijklmnop'));
    expect(text(r)).toBe('ghijklmnop');
    expect(r.byteLength).toBe(10);
  });

  it('stays bounded however much is pushed', () => {
    const r = new RingBuffer(1024);
    for (let i = 0; i < 10_000; i++) r.push(Buffer.from(`line ${i}\n`));
    expect(r.byteLength).toBeLessThanOrEqual(1024);
    expect(text(r).endsWith('line 9999\n')).toBe(true);
  });

  it('never starts with half a character after trimming', () => {
    const r = new RingBuffer(8);
    r.push(Buffer.from('😀😀😀', 'utf8')); // 12 bytes: the cut lands inside the first emoji kept
    expect(text(r)).toBe('😀😀');
    const r2 = new RingBuffer(5);
    r2.push(Buffer.from('ab'));
    r2.push(Buffer.from('€€', 'utf8')); // 2 + 6 bytes; dropping 3 would leave half a €
    expect(text(r2)).not.toContain('\uFFFD');
    expect(text(r2).endsWith('€')).toBe(true);
  });
});
