import { completeUtf8Length } from './utf8Boundary';

export interface OutputBatcherOptions {
  /** How long output is gathered before it is sent (VS Code: 5 ms). */
  delayMs?: number;
  /** A batch is sent at once when it reaches this size, so no batch grows without bound. */
  maxBytes?: number;
  /** Receives each batch; always whole UTF-8 characters. */
  flush: (batch: Uint8Array) => void;
}

export const DEFAULT_BATCH_DELAY_MS = 5;
/** Large enough that a flood travels as a few dozen messages a second, not hundreds. */
export const DEFAULT_BATCH_MAX_BYTES = 256 * 1024;

/**
 * Gathers PTY output for a few milliseconds so that a flood becomes a few large messages
 * instead of thousands of tiny ones, and cuts batches only between UTF-8 characters: an
 * unfinished character at the end of a batch waits for the rest of its bytes.
 */
export class OutputBatcher {
  private readonly delayMs: number;
  private readonly maxBytes: number;
  private chunks: Uint8Array[] = [];
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: OutputBatcherOptions) {
    this.delayMs = options.delayMs ?? DEFAULT_BATCH_DELAY_MS;
    this.maxBytes = options.maxBytes ?? DEFAULT_BATCH_MAX_BYTES;
  }

  /** Bytes held and not yet flushed (at most maxBytes + 3). */
  get pendingBytes(): number {
    return this.size;
  }

  push(data: Uint8Array): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.size += data.length;
    if (this.size >= this.maxBytes) this.flushComplete();
    else this.timer ??= setTimeout(() => this.flushComplete(), this.delayMs);
  }

  /** Sends everything held, an unfinished character included (the stream has ended). */
  flushAll(): void {
    this.clearTimer();
    if (this.size === 0) return;
    const all = this.take();
    this.options.flush(all);
  }

  dispose(): void {
    this.clearTimer();
    this.chunks = [];
    this.size = 0;
  }

  private flushComplete(): void {
    this.clearTimer();
    if (this.size === 0) return;
    const all = this.take();
    const cut = completeUtf8Length(all);
    if (cut < all.length) {
      this.chunks = [all.subarray(cut)];
      this.size = all.length - cut;
    }
    if (cut > 0) this.options.flush(all.subarray(0, cut));
  }

  private take(): Uint8Array {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return all;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
