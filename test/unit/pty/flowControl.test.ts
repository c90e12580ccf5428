import { describe, expect, it } from 'vitest';
import { FlowControl as Flow, HIGH_WATERMARK, LOW_WATERMARK } from '../../../main/pty/hostProcess/flowControl';
import { DEFAULT_BATCH_MAX_BYTES } from '../../../main/pty/hostProcess/outputBatcher';
import { TERMINAL_FLOW } from '../../../contract';

/** The mechanics below are checked with VS Code's small figures; the defaults are checked on their own. */
class FlowControl extends Flow {
  constructor() {
    super(100_000, 5_000);
  }
}

describe('FlowControl', () => {
  it('has defaults that keep output in flight and can never deadlock', () => {
    expect(LOW_WATERMARK).toBeLessThan(HIGH_WATERMARK);
    // A resume leaves room for whole batches before the next pause.
    expect(HIGH_WATERMARK - LOW_WATERMARK).toBeGreaterThanOrEqual(2 * DEFAULT_BATCH_MAX_BYTES);
    // The renderer's unacknowledged remainder (< one step) is always below the resume point.
    expect(TERMINAL_FLOW.ackStep).toBeLessThan(LOW_WATERMARK);
    const f = new Flow();
    expect(f.sent(HIGH_WATERMARK + 1)).toBe('pause');
    expect(f.ack(HIGH_WATERMARK + 1 - LOW_WATERMARK + 1)).toBe('resume');
  });

  it('pauses once above the high watermark, not at it', () => {
    const f = new FlowControl();
    expect(f.sent(100_000)).toBe(null);
    expect(f.sent(1)).toBe('pause');
    expect(f.isPaused).toBe(true);
    expect(f.sent(10_000)).toBe(null); // already paused: no second pause
  });

  it('resumes only below the low watermark', () => {
    const f = new FlowControl();
    f.sent(110_000);
    expect(f.ack(100_000)).toBe(null); // 10,000 still unacknowledged
    expect(f.ack(5_000)).toBe(null); // exactly 5,000: not below
    expect(f.ack(1)).toBe('resume');
    expect(f.isPaused).toBe(false);
    expect(f.unacknowledged).toBe(4_999);
  });

  it('ignores nonsense acks and never goes negative', () => {
    const f = new FlowControl();
    f.sent(200_000);
    for (const bad of [NaN, -5, 0, Infinity]) expect(f.ack(bad)).toBe(null);
    expect(f.unacknowledged).toBe(200_000);
    expect(f.ack(1e9)).toBe('resume');
    expect(f.unacknowledged).toBe(0);
  });

  it('reset forgets what is in flight and resumes', () => {
    const f = new FlowControl();
    f.sent(150_000);
    expect(f.reset()).toBe('resume');
    expect(f.unacknowledged).toBe(0);
    expect(f.reset()).toBe(null);
  });
});
