/**
 * Entry of the PTY host process: a forked Node child under `engram serve`, an Electron
 * utility process in the desktop app. It moves lifecycle messages between its parent and
 * PtyHost, and turns each handed-over transport (a socket, a MessagePort) into a window's
 * channel. When the parent goes away, every shell is ended with it (no orphans).
 */
import type { Socket } from 'node:net';
import { HEARTBEAT_MS, type ConnectRequest, type FromPtyHost, type ToPtyHost } from '../protocol';
import { messagePortChannel, type PortLike } from './messagePortChannel';
import { PtyHost } from './ptyHost';
import { acceptWebSocket } from './webSocketAccept';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown; ports?: PortLike[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

const send: (message: FromPtyHost) => void = parentPort
  ? (message) => parentPort.postMessage(message)
  : (message) => {
      if (process.connected) process.send!(message);
    };

const host = new PtyHost({ send });

function receive(message: unknown, transport: { socket?: Socket; port?: PortLike }): void {
  if (typeof message !== 'object' || message === null || typeof (message as ToPtyHost).type !== 'string') {
    transport.socket?.destroy();
    return;
  }
  const request = message as ToPtyHost;
  if (request.type === 'connect') return connect(request, transport);
  host.handle(request);
  if (request.type === 'shutdown') exit();
}

function connect(request: ConnectRequest, { socket, port }: { socket?: Socket; port?: PortLike }): void {
  if (port) return host.connect(request.key, request.attachId, messagePortChannel(port));
  if (socket && request.upgrade) {
    return acceptWebSocket(socket, request.upgrade, (channel) => host.connect(request.key, request.attachId, channel));
  }
  socket?.destroy();
}

function exit(): void {
  host.shutdown();
  // Give node-pty a moment to deliver the hangups (and the sockets their close frames).
  setTimeout(() => process.exit(0), 50).unref();
}

if (parentPort) parentPort.on('message', (e) => receive(e.data, { port: e.ports?.[0] }));
else {
  process.on('message', (message, handle) => receive(message, { socket: handle as Socket | undefined }));
  process.on('disconnect', exit);
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, exit);

setInterval(() => send({ type: 'heartbeat' }), HEARTBEAT_MS).unref();
