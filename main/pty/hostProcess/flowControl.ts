import { TERMINAL_FLOW } from '../../../contract/terminalFlow';

/** Pause above, resume below: the contract's numbers (contract/terminalFlow.ts says why these). */
export const HIGH_WATERMARK = TERMINAL_FLOW.highWatermark;
export const LOW_WATERMARK = TERMINAL_FLOW.lowWatermark;

export type FlowAction = 'pause' | 'resume' | null;

/**
 * Ack-based flow control for one terminal: counts bytes sent to the watching renderer and
 * not yet parsed by xterm. The caller pauses the PTY on 'pause' (the program writing to it
 * blocks, as it would on a slow real terminal) and resumes it on 'resume'.
 */
export class FlowControl {
  private unacked = 0;
  private paused = false;

  constructor(
    private readonly high = HIGH_WATERMARK,
    private readonly low = LOW_WATERMARK,
  ) {}

  get unacknowledged(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  sent(bytes: number): FlowAction {
    this.unacked += bytes;
    if (!this.paused && this.unacked > this.high) {
      this.paused = true;
      return 'pause';
    }
    return null;
  }

  ack(bytes: number): FlowAction {
    if (!Number.isFinite(bytes) || bytes <= 0) return null;
    this.unacked = Math.max(0, this.unacked - bytes);
    return this.resumeIfLow();
  }

  /** Forget what is in flight (the watcher changed): nobody is left to acknowledge it. */
  reset(): FlowAction {
    this.unacked = 0;
    return this.resumeIfLow();
  }

  private resumeIfLow(): FlowAction {
    if (this.paused && this.unacked < this.low) {
      this.paused = false;
      return 'resume';
    }
    return null;
  }
}
