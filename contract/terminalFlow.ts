/** Part of the terminal domain (contract/terminal.ts re-exports it); no imports, so the PTY host loads it alone. */

/**
 * Ack-based flow control of a terminal's output, one set of numbers for both ends.
 *
 * The PTY host pauses a shell above `highWatermark` bytes sent but not yet parsed by xterm, and
 * resumes it below `lowWatermark`. VS Code uses 100,000 / 5,000, which drains the pipe completely
 * before the shell may write again: with an ack round trip of 10–25 ms on a loaded machine, that
 * stop-and-wait capped a flood at about 5 MB/s here. Half a megabyte still in flight at resume
 * keeps xterm busy while the acks travel, and a Ctrl+C waits behind at most a megabyte of output
 * (about 25 ms of parsing).
 *
 * The renderer acknowledges parsed output in steps of `ackStep` bytes, derived from the low
 * watermark so the two cannot drift apart: the remainder never acknowledged (less than one step)
 * must stay far below the resume point, or it could keep a shell paused for good.
 */
const LOW_WATERMARK = 512 * 1024;
export const TERMINAL_FLOW = {
  highWatermark: 2 * LOW_WATERMARK,
  lowWatermark: LOW_WATERMARK,
  ackStep: LOW_WATERMARK / 32,
} as const;
