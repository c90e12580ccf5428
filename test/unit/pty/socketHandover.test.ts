import crypto from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { forkPtyHost } from '../../../main/pty/core/ptyHostProcess';
import { TerminalService } from '../../../main/pty/core/terminalService';
import { REPO_ROOT } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

/** One masked binary WebSocket frame, as a window sends a keystroke. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = crypto.randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x82, 0x80 | payload.length]), mask, masked]);
}

let service: TerminalService | undefined;
let server: http.Server | undefined;
let hostPid: number | undefined;
afterEach(async () => {
  if (hostPid) process.kill(hostPid, 'SIGCONT');
  server?.close();
  await service?.dispose();
});

it('leaves bytes that reach a terminal socket during its hand-over to the PTY host for the host to read', async () => {
  const spawnHost = forkPtyHost(path.join(REPO_ROOT, 'out', 'main', 'ptyHost.js'));
  service = new TerminalService({
    spawnHost: () => {
      const host = spawnHost();
      hostPid = host.pid;
      return host;
    },
    onChange: () => {},
    shell: '/bin/bash',
  });
  const terminal = await service.create('p', tempDir());
  let handedOver!: () => void;
  const handover = new Promise<void>((resolve) => (handedOver = resolve));
  server = http.createServer();
  server.on('upgrade', (req, socket, head) => {
    const upgrade = { method: req.method ?? 'GET', url: req.url ?? '/', headers: { ...req.headers }, head: new Uint8Array(head) };
    expect(service!.connect(terminal.id, socket, upgrade)).toBe(true);
    handedOver();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  // The PTY host is held (SIGSTOP) so it has not yet taken the socket when keys arrive: the
  // window in which this process still holds its copy, which a loaded machine makes long.
  process.kill(hostPid!, 'SIGSTOP');
  const client = net.connect(port, '127.0.0.1');
  let received = Buffer.alloc(0);
  client.on('data', (d) => (received = Buffer.concat([received, d])));
  client.write(
    `GET /pty?id=${terminal.id} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await handover;
  for (const key of 'echo typed-$((6*7))\r') client.write(clientFrame(key));
  await new Promise((resolve) => setTimeout(resolve, 500));
  process.kill(hostPid!, 'SIGCONT');

  await expect.poll(() => received.toString('latin1'), { timeout: 15_000, interval: 100 }).toMatch(/^typed-42\r?$/m);
  expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
  client.destroy();
}, 30_000);
