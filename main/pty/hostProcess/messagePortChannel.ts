import type { OutputChannel } from './outputChannel';

/** The part of Electron's MessagePortMain the channel uses (kept structural: no Electron import here). */
export interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/**
 * The desktop shell's channel: a MessagePort from the window straight into the PTY host.
 * Output goes out as Uint8Array; `{ input }` and `{ ack }` come back (TerminalPortMessage,
 * checked field by field: the window is not trusted to send the right shape).
 */
export function messagePortChannel(port: PortLike): OutputChannel {
  const inputs: ((data: string) => void)[] = [];
  const acks: ((bytes: number) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  let open = true;
  // Electron fires 'close' only when the other end goes; closing our end ends the channel too.
  const ended = () => {
    if (!open) return;
    open = false;
    for (const l of closeListeners) l();
  };
  port.on('message', ({ data }) => {
    const message = data as { input?: unknown; ack?: unknown } | null;
    if (typeof message?.input === 'string') for (const l of inputs) l(message.input);
    else if (typeof message?.ack === 'number') for (const l of acks) l(message.ack);
  });
  port.on('close', ended);
  port.start();
  return {
    send(bytes) {
      if (open) port.postMessage(bytes);
    },
    close() {
      port.close();
      ended();
    },
    onInput: (listener) => void inputs.push(listener),
    onAck: (listener) => void acks.push(listener),
    onClose: (listener) => void closeListeners.push(listener),
  };
}
