import { describe, expect, it } from 'vitest';
import { completeUtf8Length, nextCharStart } from '../../../main/pty/hostProcess/utf8Boundary';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('completeUtf8Length', () => {
  it('keeps ASCII and whole characters whole', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a€b😀c']) expect(completeUtf8Length(bytes(s))).toBe(bytes(s).length);
  });

  it('stops before a character cut at every possible point', () => {
    for (const ch of ['é', '€', '😀']) {
      const full = bytes(`ab${ch}`);
      for (let cut = 3; cut < full.length; cut++) {
        expect(completeUtf8Length(full.subarray(0, cut))).toBe(2);
      }
    }
  });

  it('passes invalid bytes through rather than holding them forever', () => {
    expect(completeUtf8Length(new Uint8Array([0x61, 0x80, 0x80, 0x80, 0x80]))).toBe(5);
    expect(completeUtf8Length(new Uint8Array([0x61, 0xff]))).toBe(2);
  });
});

describe('nextCharStart', () => {
  it('skips continuation bytes only', () => {
    const b = bytes('a😀b');
    expect(nextCharStart(b, 0)).toBe(0);
    expect(nextCharStart(b, 2)).toBe(5);
    expect(nextCharStart(b, 5)).toBe(5);
  });
});
