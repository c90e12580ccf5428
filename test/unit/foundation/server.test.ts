import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runEngram } from '../../helpers/cli';
import { startServe, type Served } from '../../helpers/serve';
import { tempDir } from '../../helpers/tempDir';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

/** Opens a WebSocket and resolves with the socket, or rejects with the HTTP status it was refused with. */
function connect(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function request(ws: WebSocket, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data));
      if ('event' in msg) return;
      ws.off('message', onMessage);
      resolve(msg);
    };
    ws.on('message', onMessage);
    ws.send(frame);
  });
}

describe('engram serve', () => {
  let served: Served;
  let dataDir: string;
  let project: string;

  beforeAll(async () => {
    dataDir = tempDir();
    project = tempDir('engram-served-');
    served = await startServe(['--data-dir', dataDir, '--project', project]);
  });
  afterAll(async () => {
    expect(await served.stop()).toBe(0);
  });

  it('binds to loopback and prints the URL with a fresh token', async () => {
    expect(served.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.token.length).toBeGreaterThanOrEqual(32);
    const other = await startServe(['--data-dir', tempDir()]);
    try {
      expect(other.token).not.toBe(served.token);
    } finally {
      await other.stop();
    }
  });

  it('answers 401 without the token, or with a wrong one', async () => {
    expect((await get(served.origin + '/')).status).toBe(401);
    expect((await get(served.origin + '/?token=wrong')).status).toBe(401);
    expect((await get(served.origin + '/assets/x.js')).status).toBe(401);
  });

  it('serves the workbench with the token and sets a same-site cookie for its assets', async () => {
    const page = await get(served.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/engram_token=.*HttpOnly; SameSite=Strict/);
    const script = page.body.match(/src="\.?(\/assets\/[^"]+\.js)"/)![1];
    const asset = await get(served.origin + script, { cookie: cookie.split(';')[0] });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('never serves files outside the built renderer', async () => {
    const auth = { cookie: `engram_token=${served.token}` };
    for (const p of ['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/../../main/cli/main.ts']) {
      const res = await get(served.origin + p, auth);
      expect(res.body).not.toContain('"devDependencies"');
      expect(res.body).not.toContain('runCli');
    }
  });

  it('opened the --project given on the command line', async () => {
    const ws = await connect(`${served.origin.replace('http', 'ws')}/ws?token=${served.token}`, served.origin);
    const answer = await request(ws, JSON.stringify({ id: 1, method: 'workbench.state', params: {} }));
    const state = answer.result as { projects: { path: string }[] };
    expect(state.projects.map((p) => p.path)).toEqual([project]);
    ws.close();
  });

  it('refuses a WebSocket without the token (401) or from a foreign Origin (403)', async () => {
    const wsUrl = `${served.origin.replace('http', 'ws')}/ws`;
    await expect(connect(wsUrl, served.origin)).rejects.toThrow('status 401');
    await expect(connect(`${wsUrl}?token=${served.token}`, 'http://evil.example')).rejects.toThrow('status 403');
    await expect(connect(`${wsUrl}?token=${served.token}`)).rejects.toThrow('status 403');
    const port = new URL(served.origin).port;
    await expect(connect(`${wsUrl}?token=${served.token}`, `http://evil.example:${port}`)).rejects.toThrow('status 403');
  });

  it('answers malformed frames and bad requests with errors and keeps the connection', async () => {
    const ws = await connect(`${served.origin.replace('http', 'ws')}/ws?token=${served.token}`, served.origin);
    expect(await request(ws, 'not json')).toMatchObject({ id: -1, error: { code: 'invalid_request' } });
    expect(await request(ws, JSON.stringify({ method: 'app.info' }))).toMatchObject({ error: { code: 'invalid_request' } });
    expect(await request(ws, JSON.stringify({ id: 7, method: 'nope', params: {} }))).toMatchObject({ id: 7, error: { code: 'unknown_method' } });
    expect(await request(ws, JSON.stringify({ id: 8, method: 'projects.open', params: { path: ['x'] } }))).toMatchObject({
      id: 8,
      error: { code: 'invalid_request' },
    });
    const info = await request(ws, JSON.stringify({ id: 9, method: 'app.info', params: {} }));
    expect(info).toMatchObject({ id: 9, result: { name: 'Engram', shell: 'browser', canPickFolder: false } });
    ws.close();
  });

  it('keeps its database in --data-dir', () => {
    expect(fs.existsSync(path.join(dataDir, 'engram.db'))).toBe(true);
  });
});

describe('engram serve with a bad --project', () => {
  it('exits 1 with one clear line when the folder does not exist', async () => {
    const dataDir = tempDir();
    const missing = path.join(tempDir(), 'missing');
    const r = await runEngram(['--data-dir', dataDir, '--project', missing, 'serve']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`engram: There is no folder at ${missing}.`);
  });

  it('exits 1 when the folder is not readable by the user', async () => {
    const isRoot = process.getuid?.() === 0;
    const dataDir = tempDir();
    const locked = tempDir('engram-locked-');
    fs.chmodSync(locked, 0o700);
    fs.chmodSync(dataDir, 0o777);
    // As root every folder is readable, so run the CLI as `nobody` to meet a real permission wall.
    const r = await runEngram(['--data-dir', dataDir, '--project', locked, 'serve'], isRoot ? { uid: 65534, gid: 65534, cwd: '/' } : {});
    if (!isRoot) fs.chmodSync(locked, 0o000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Engram cannot read ${locked}`);
  });

  it('ENGRAM_DATA_DIR chooses the data folder when --data-dir is absent', async () => {
    const dataDir = tempDir();
    const missing = path.join(dataDir, 'no-project');
    await runEngram(['--project', missing, 'serve'], { env: { ENGRAM_DATA_DIR: dataDir } });
    expect(fs.existsSync(path.join(dataDir, 'engram.db'))).toBe(true);
  });
});
