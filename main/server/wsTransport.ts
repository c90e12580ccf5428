import type { WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../contract';
import type { Host } from '../core/host';

/** Above this many unsent bytes a client is too slow to follow; it is disconnected, not buffered for. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * Connects one WebSocket to the host: JSON requests in, JSON results and events out. Malformed
 * frames get an error reply (or are dropped when they carry no id); they never reach the host.
 */
export function attachClient(ws: WebSocket, host: Host): void {
  const send = (message: ServerMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'client too slow');
      return;
    }
    ws.send(JSON.stringify(message));
  };

  const offEvents = host.events.onAny((event, payload) => send({ event, payload }));
  ws.on('close', offEvents);
  ws.on('error', offEvents);

  ws.on('message', async (data, isBinary) => {
    let msg: Partial<ClientMessage>;
    try {
      if (isBinary) throw new Error('binary frame');
      msg = JSON.parse(data.toString());
    } catch {
      return send({ id: -1, error: { code: 'invalid_request', message: 'Frame is not a JSON request.' } });
    }
    if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number' || typeof msg.method !== 'string') {
      return send({ id: -1, error: { code: 'invalid_request', message: 'A request needs a numeric id and a method.' } });
    }
    const answer = await host.handle(msg.method, msg.params);
    send({ id: msg.id, ...answer });
  });
}
