/**
 * Entry of the PTY host process: a forked Node child under `engram serve`, an Electron
 * utility process in the desktop app. It only moves messages between its parent and PtyHost;
 * when the parent goes away, every shell is ended with it (no orphans).
 */
import { HEARTBEAT_MS, type FromPtyHost, type ToPtyHost } from '../protocol';
import { PtyHost } from './ptyHost';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

const send: (message: FromPtyHost) => void = parentPort
  ? (message) => parentPort.postMessage(message)
  : (message) => {
      if (process.connected) process.send!(message);
    };

const host = new PtyHost({ send });

function receive(message: unknown): void {
  if (typeof message !== 'object' || message === null || typeof (message as ToPtyHost).type !== 'string') return;
  const request = message as ToPtyHost;
  host.handle(request);
  if (request.type === 'shutdown') exit();
}

function exit(): void {
  host.shutdown();
  // Give node-pty a moment to deliver the hangups before the process (and its fds) go.
  setTimeout(() => process.exit(0), 50).unref();
}

if (parentPort) parentPort.on('message', (e) => receive(e.data));
else {
  process.on('message', receive);
  process.on('disconnect', exit);
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, exit);

setInterval(() => send({ type: 'heartbeat' }), HEARTBEAT_MS).unref();
