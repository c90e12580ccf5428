import type { WebSocket } from 'ws';
import type { OutputChannel } from './outputChannel';

/**
 * Above this many unsent bytes the window is too slow. Only possible when it does not pace
 * the shell with acks: flow control keeps a well-behaved window far below this.
 */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Close codes the renderer sees (4000–4999 are for applications). */
const CLOSED_BY_HOST = 4000;
const TOO_SLOW = 1013;

/**
 * The browser shell's channel: binary frames out (output), binary frames in (keystrokes),
 * text frames in carrying `{"ack":n}`. Nothing is answered, so typing never waits.
 */
export function webSocketChannel(ws: WebSocket): OutputChannel {
  const inputs: ((data: string) => void)[] = [];
  const acks: ((bytes: number) => void)[] = [];
  ws.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      const text = bytes.toString('utf8');
      for (const l of inputs) l(text);
      return;
    }
    try {
      const control = JSON.parse(bytes.toString('utf8')) as { ack?: unknown };
      if (typeof control.ack === 'number') for (const l of acks) l(control.ack);
    } catch {
      // Not a control frame: ignored, the channel stays open.
    }
  });
  return {
    send(bytes) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.close(TOO_SLOW, 'too slow');
      ws.send(bytes, { binary: true });
    },
    close(reason) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(CLOSED_BY_HOST, reason.slice(0, 120));
    },
    onInput: (listener) => void inputs.push(listener),
    onAck: (listener) => void acks.push(listener),
    onClose(listener) {
      let called = false;
      const once = () => {
        if (!called) (called = true), listener();
      };
      ws.on('close', once);
      ws.on('error', once);
    },
  };
}
