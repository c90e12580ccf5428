import type { IPty } from 'node-pty';
import { FlowControl, type FlowAction } from './flowControl';
import { OutputBatcher } from './outputBatcher';
import { RingBuffer } from './ringBuffer';
import type { OutputChannel } from './outputChannel';

export interface HostedTerminalEvents {
  exit(exitCode: number, signal: number): void;
}

/** Quiet time after a shell's exit before its exit is reported (output may still be in flight). */
const EXIT_DATA_FLUSH_MS = 250;

/**
 * One shell in the PTY host: its output is batched, kept in a bounded ring buffer for
 * re-attaching windows and, while someone watches, streamed straight to their channels under
 * ack-based flow control. The most recent window's acks pace the shell.
 *
 * Nobody watching (no window attached) means nobody can acknowledge: the shell then runs
 * unthrottled and only the ring buffer keeps its output, so a build in a closed window
 * finishes and memory stays bounded (ring + one batch).
 */
export class HostedTerminal {
  private readonly ring: RingBuffer;
  private readonly flow = new FlowControl();
  private readonly batcher: OutputBatcher;
  private readonly watchers = new Map<number, OutputChannel>();
  private pacer = -1;
  private exited = false;
  private exitStatus: { exitCode: number; signal: number } | undefined;
  private exitTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly pty: IPty,
    private readonly events: HostedTerminalEvents,
    scrollbackBytes?: number,
  ) {
    this.ring = new RingBuffer(scrollbackBytes);
    this.batcher = new OutputBatcher({ flush: (batch) => this.emit(batch) });
    pty.onData((chunk) => {
      this.batcher.push(chunk as unknown as Uint8Array);
      if (this.exitTimer) this.queueExit();
    });
    pty.onExit(({ exitCode, signal }) => {
      this.exitStatus = { exitCode, signal: signal ?? 0 };
      this.queueExit();
    });
  }

  /**
   * node-pty can report the exit before the last output is read from the PTY: wait until the
   * output has been quiet for a moment (as VS Code does), so the final lines are never lost.
   */
  private queueExit(): void {
    clearTimeout(this.exitTimer);
    this.exitTimer = setTimeout(() => {
      this.exited = true;
      this.batcher.flushAll();
      this.events.exit(this.exitStatus!.exitCode, this.exitStatus!.signal);
    }, EXIT_DATA_FLUSH_MS);
  }

  /**
   * Streams to one more window: first what it missed (the ring buffer), then everything new.
   * Output still in the batcher comes after the replay, so nothing is lost or doubled.
   */
  attach(attachId: number, channel: OutputChannel): void {
    this.watchers.set(attachId, channel);
    this.pacer = attachId;
    this.applyFlow(this.flow.reset());
    channel.onInput((data) => this.write(data));
    channel.onAck((bytes) => {
      if (attachId === this.pacer) this.applyFlow(this.flow.ack(bytes));
    });
    channel.onClose(() => this.detach(attachId));
    const replay = this.ring.snapshot();
    if (replay.length) channel.send(replay);
  }

  detach(attachId: number): void {
    if (!this.watchers.delete(attachId)) return;
    if (attachId === this.pacer) this.pacer = Math.max(-1, ...this.watchers.keys());
    this.applyFlow(this.flow.reset());
  }

  /** Ends every window's channel (the shell is going away); they may re-attach to its successor. */
  closeChannels(reason: string): void {
    const channels = [...this.watchers.values()];
    this.watchers.clear();
    this.pacer = -1;
    for (const channel of channels) channel.close(reason);
  }

  write(data: string): void {
    if (!this.exited) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exited) return;
    try {
      this.pty.resize(cols, rows);
    } catch {
      // The shell exited between our check and the ioctl: nothing to resize.
    }
  }

  kill(reason = 'The terminal was closed.'): void {
    clearTimeout(this.exitTimer);
    this.batcher.dispose();
    this.closeChannels(reason);
    if (this.exited) return;
    try {
      this.pty.kill('SIGHUP');
    } catch {
      // Already gone.
    }
  }

  private emit(batch: Uint8Array): void {
    this.ring.push(batch);
    if (this.watchers.size === 0) return;
    for (const channel of this.watchers.values()) channel.send(batch);
    this.applyFlow(this.flow.sent(batch.length));
  }

  private applyFlow(action: FlowAction): void {
    if (action === 'pause') this.pty.pause();
    else if (action === 'resume' && !this.exited) this.pty.resume();
  }
}
