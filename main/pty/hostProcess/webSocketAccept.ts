import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { UpgradeRequest } from '../protocol';
import type { OutputChannel } from './outputChannel';
import { webSocketChannel } from './webSocketChannel';

/** Keystrokes and acks are small; a paste larger than this is refused by the socket. */
const MAX_INPUT_FRAME_BYTES = 1024 * 1024;

const server = new WebSocketServer({ noServer: true, maxPayload: MAX_INPUT_FRAME_BYTES, perMessageDeflate: false });

/**
 * Completes a WebSocket handshake that `engram serve` authorised (token, Origin) and handed
 * over with its socket, so a terminal's bytes flow between the window and the PTY host with
 * no other process in between. ws only reads the request's method, URL and headers.
 */
export function acceptWebSocket(socket: Socket, upgrade: UpgradeRequest, ready: (channel: OutputChannel) => void): void {
  const request = { method: upgrade.method, url: upgrade.url, headers: upgrade.headers, socket } as unknown as IncomingMessage;
  server.handleUpgrade(request, socket, Buffer.from(upgrade.head), (ws) => ready(webSocketChannel(ws)));
}
