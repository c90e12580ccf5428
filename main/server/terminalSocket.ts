import type { WebSocket } from 'ws';
import type { TerminalService } from '../pty/terminalService';

/** Above this many unsent bytes a window is too slow (only possible when it does not pace the shell). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * One terminal's byte channel over its own WebSocket: binary frames out (output, the ring
 * buffer first), binary frames in (keystrokes), text frames in carrying `{"ack":n}`. Nothing
 * is answered, so typing never waits for a round trip.
 */
export function attachTerminalSocket(ws: WebSocket, terminals: TerminalService, id: string): void {
  const attachment = terminals.attach(id, {
    data(bytes) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.close(1013, 'too slow');
      ws.send(bytes, { binary: true });
    },
    close(reason) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(4000, reason.slice(0, 120));
    },
  });
  ws.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) return attachment.input(bytes.toString('utf8'));
    try {
      const control = JSON.parse(bytes.toString('utf8')) as { ack?: unknown };
      if (typeof control.ack === 'number') attachment.ack(control.ack);
    } catch {
      // Not a control frame: ignored, the channel stays open.
    }
  });
  ws.on('close', () => attachment.detach());
  ws.on('error', () => attachment.detach());
}
