import { TERMINAL_PORT_MESSAGE } from '../../../contract';

export interface ChannelHandlers {
  open(): void;
  data(bytes: Uint8Array): void;
  closed(): void;
}

/** One terminal's byte channel, whatever carries it. Every method is fire-and-forget. */
export interface TerminalChannel {
  input(data: string): void;
  ack(bytes: number): void;
  close(): void;
}

const encoder = new TextEncoder();
/** The browser shell: a binary WebSocket per terminal, authorised like /ws (token, Origin). */
function openSocket(id: string, handlers: ChannelHandlers): TerminalChannel {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ id, ...(token ? { token } : {}) });
  const ws = new WebSocket(`${scheme}//${location.host}/pty?${query}`);
  ws.binaryType = 'arraybuffer';
  const open = () => ws.readyState === WebSocket.OPEN;
  ws.onopen = () => handlers.open();
  ws.onmessage = (e) => {
    if (e.data instanceof ArrayBuffer) handlers.data(new Uint8Array(e.data));
  };
  ws.onclose = () => handlers.closed();
  return {
    input: (data) => open() && ws.send(encoder.encode(data)),
    ack: (bytes) => open() && ws.send(JSON.stringify({ ack: bytes })),
    close: () => ws.close(),
  };
}

/** The desktop shell: a MessagePort handed over by the preload (see EngramBridge.openTerminalPort). */
function openPort(id: string, handlers: ChannelHandlers): TerminalChannel {
  let port: MessagePort | undefined;
  let closed = false;
  const onWindowMessage = (e: MessageEvent) => {
    if (e.source !== window || e.data?.[TERMINAL_PORT_MESSAGE] !== id || !e.ports[0] || port || closed) return;
    window.removeEventListener('message', onWindowMessage);
    port = e.ports[0];
    port.onmessage = (m) => {
      if (m.data instanceof Uint8Array) handlers.data(m.data);
    };
    // Chromium fires 'close' on MessagePorts when the other side goes away.
    port.addEventListener('close', () => handlers.closed());
    port.start();
    handlers.open();
  };
  window.addEventListener('message', onWindowMessage);
  window.engramBridge!.openTerminalPort(id);
  return {
    input: (data) => port?.postMessage({ input: data }),
    ack: (bytes) => port?.postMessage({ ack: bytes }),
    close: () => {
      closed = true;
      window.removeEventListener('message', onWindowMessage);
      port?.close();
      handlers.closed();
    },
  };
}

export function openTerminalChannel(id: string, handlers: ChannelHandlers): TerminalChannel {
  return window.engramBridge ? openPort(id, handlers) : openSocket(id, handlers);
}
