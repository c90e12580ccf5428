import { nextCharStart } from './utf8Boundary';

export const DEFAULT_SCROLLBACK_BYTES = 1024 * 1024;

/**
 * The most recent output of one terminal, at most `capacity` bytes, replayed to a window
 * that (re)attaches. Old bytes are dropped from the front, never at a point that would
 * leave half a UTF-8 character at the start.
 */
export class RingBuffer {
  private chunks: Uint8Array[] = [];
  private size = 0;

  constructor(readonly capacity = DEFAULT_SCROLLBACK_BYTES) {}

  get byteLength(): number {
    return this.size;
  }

  push(data: Uint8Array): void {
    if (data.length === 0) return;
    if (data.length >= this.capacity) {
      const tail = data.subarray(data.length - this.capacity);
      this.chunks = [tail.subarray(nextCharStart(tail, 0))];
      this.size = this.chunks[0].length;
      return;
    }
    this.chunks.push(data);
    this.size += data.length;
    this.trim();
  }

  /** A copy of everything held, oldest first. */
  snapshot(): Uint8Array {
    return Buffer.concat(this.chunks, this.size);
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }

  private trim(): void {
    while (this.size > this.capacity) {
      const first = this.chunks[0];
      const excess = this.size - this.capacity;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        const rest = first.subarray(nextCharStart(first, excess));
        this.chunks[0] = rest;
        this.size -= first.length - rest.length;
      }
    }
  }
}
