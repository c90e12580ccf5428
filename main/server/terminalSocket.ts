import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { TerminalService } from '../pty/core/terminalService';

/** The close code the renderer sees when there is no shell to watch (it re-attaches on restart). */
const NO_SHELL = 4000;

/**
 * One terminal's byte channel: an authorised WebSocket upgrade on `/pty?id=` whose socket is
 * handed to the PTY host, which answers the handshake and streams to it directly (binary
 * frames out, binary keystrokes and `{"ack":n}` text frames in). This process is not on the
 * way, so nothing it does (indexing, a dream, an agent turn) can stall typing or output.
 */
export function handOverTerminalSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  terminals: TerminalService,
  id: string,
  fallback: WebSocketServer,
): void {
  const upgrade = { method: req.method ?? 'GET', url: req.url ?? '/', headers: { ...req.headers }, head: new Uint8Array(head) };
  if (terminals.connect(id, socket, upgrade)) return;
  // No shell (it failed, or its host is gone): answer here, so the window learns it cleanly.
  fallback.handleUpgrade(req, socket, head, (ws) => ws.close(NO_SHELL, 'The terminal is not running.'));
}
