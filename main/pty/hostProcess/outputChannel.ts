/**
 * One window's direct line to one terminal inside the PTY host: output goes out as bytes,
 * keystrokes and acknowledgements come back. Whatever carries it (a WebSocket handed over
 * by `engram serve`, a MessagePort handed over by Electron's main process), the host core is
 * not on the way: a busy core never stalls typing or output.
 */
export interface OutputChannel {
  send(bytes: Uint8Array): void;
  /** Ends the channel; the window may re-attach (the terminal restarted, was closed, …). */
  close(reason: string): void;
  onInput(listener: (data: string) => void): void;
  /** Bytes the window's xterm has parsed (its write callback ran). */
  onAck(listener: (bytes: number) => void): void;
  /** Called once, when the channel is gone for any reason. */
  onClose(listener: () => void): void;
}
