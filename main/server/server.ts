import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Host } from '../core/host';
import { newAccessToken, tokenMatches, tokenOf, TOKEN_COOKIE } from './accessToken';
import { send, serveStatic } from './staticFiles';
import { handOverTerminalSocket } from './terminalSocket';
import { attachClient } from './wsTransport';
import { contentSecurityPolicy } from './contentSecurityPolicy';

export interface ServeOptions {
  host: Host;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  hostname?: string;
  port?: number;
  /** Fixed token, for tests; a random one is made per start otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const WS_PATH = '/ws';
/** One WebSocket per terminal: `/pty?id=<terminal id>`, same token and Origin rules as /ws. */
const PTY_PATH = '/pty';
const MAX_FRAME_BYTES = 4 * 1024 * 1024;
const MAX_INPUT_FRAME_BYTES = 1024 * 1024;
const CLOSE_GRACE_MS = 3_000;

/**
 * Serves the workbench to a browser on loopback. Every HTTP request and WebSocket must carry
 * the per-start token (401 otherwise); a WebSocket must also come from this server's own page
 * (403 otherwise), so another site open in the same browser cannot drive the host.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const token = options.token ?? newAccessToken();
  let allowedOrigins = new Set<string>();

  const server = http.createServer((req, res) => {
    if (!tokenMatches(tokenOf(req), token)) return send(res, 401, 'Unauthorized: open the URL Engram printed, with its token.');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.searchParams.has('token')) {
      // Keep the token for the page's own requests; Strict so no other site can send it.
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy());
    res.setHeader('Referrer-Policy', 'no-referrer');
    serveStatic(options.rendererDir, url.pathname, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const ptyWss = new WebSocketServer({ noServer: true, maxPayload: MAX_INPUT_FRAME_BYTES });
  server.on('upgrade', (req, socket: Duplex, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH && url.pathname !== PTY_PATH) return refuse(socket, 404, 'Not Found');
    const refusal = upgradeRefusal(req, token, allowedOrigins);
    if (refusal) return refuse(socket, refusal.status, refusal.text);
    if (url.pathname === WS_PATH) return wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, options.host));
    const id = url.searchParams.get('id') ?? '';
    if (!options.host.terminals.has(id)) return refuse(socket, 404, 'Not Found');
    handOverTerminalSocket(req, socket, head, options.host.terminals, id, ptyWss);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedOrigins = originsFor(hostname, port);
  const urlHost = hostname.includes(':') ? `[${hostname}]` : hostname;

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of [...wss.clients, ...ptyWss.clients]) client.terminate();
        wss.close();
        ptyWss.close();
        server.close(() => resolve());
        server.closeAllConnections();
        // Sockets handed to the PTY host are counted until it reports them closed; a host that
        // hangs must not keep `engram serve` from exiting.
        setTimeout(resolve, CLOSE_GRACE_MS).unref();
      }),
  };
}

function originsFor(hostname: string, port: number): Set<string> {
  const names = new Set([hostname.includes(':') ? `[${hostname}]` : hostname]);
  if (['127.0.0.1', 'localhost', '::1'].includes(hostname)) {
    for (const n of ['127.0.0.1', 'localhost', '[::1]']) names.add(n);
  }
  return new Set([...names].map((n) => `http://${n}:${port}`));
}

/** Why a WebSocket upgrade is refused (every socket path obeys the same rules), or null. */
function upgradeRefusal(req: http.IncomingMessage, token: string, allowedOrigins: Set<string>): { status: number; text: string } | null {
  if (!tokenMatches(tokenOf(req), token)) return { status: 401, text: 'Unauthorized' };
  if (!allowedOrigins.has(String(req.headers.origin))) return { status: 403, text: 'Forbidden' };
  return null;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
