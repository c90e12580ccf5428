import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { tempDir } from '../../test/helpers/tempDir';

/**
 * Chromium driven through a bare DevTools connection that only evaluates scripts.
 *
 * Why not Playwright here: Playwright enables the Network domain on every page, so Chromium
 * copies every WebSocket frame (base64) to the automation client. During a 50 MB terminal
 * flood that costs a core of CPU in the browser and the test runner, work no user's window
 * ever does. Throughput is measured without it; the functional e2e tests keep Playwright.
 */
export interface LeanPage {
  /** Runs `fn(arg)` in the page (awaiting a returned promise) and returns its JSON result. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Presses keys as a user would (real key events, not synthetic DOM events). */
  type(text: string): Promise<void>;
  press(key: 'Enter'): Promise<void>;
  /** A raw DevTools command (e.g. the Profiler domain). */
  cdp(method: string, params?: object): Promise<any>;
  close(): Promise<void>;
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function openLeanPage(url: string, viewport = { width: 1200, height: 800 }): Promise<LeanPage> {
  const profile = tempDir();
  const child: ChildProcess = spawn(
    process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    [...FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', `--window-size=${viewport.width},${viewport.height}`, 'about:blank'],
    // Its own process group, so closing ends every Chromium process, not only the first.
    { stdio: 'ignore', detached: true },
  );
  const killAll = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', killAll);
  const portFile = path.join(profile, 'DevToolsActivePort');
  for (let i = 0; i < 200 && !fs.existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
  const port = fs.readFileSync(portFile, 'utf8').split('\n')[0];
  type Target = { type: string; webSocketDebuggerUrl: string };
  let target: Target | undefined;
  for (let i = 0; i < 100 && !target; i++) {
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Target[];
    target = list.find((t) => t.type === 'page');
    if (!target) await new Promise((r) => setTimeout(r, 50));
  }
  const ws = new WebSocket(target!.webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw));
    const p = m.id ? pending.get(m.id) : undefined;
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
  await send('Page.navigate', { url });
  const key = async (type: string, params: object) => send('Input.dispatchKeyEvent', { type, ...params });
  const page: LeanPage = {
    async evaluate(fn, arg) {
      const expression = `(${fn.toString()})(${JSON.stringify(arg)})`;
      const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      return r.result.value;
    },
    async type(text) {
      for (const ch of text) await key('char', { text: ch });
    },
    async press() {
      await key('rawKeyDown', { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
      await key('char', { text: '\r' });
      await key('keyUp', { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    },
    cdp: (method, params) => send(method, params),
    async close() {
      ws.close();
      const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
      killAll();
      await exited;
      process.off('exit', killAll);
    },
  };
  // Wait for the app to load (the URL carries the token; the page needs its own origin).
  for (let i = 0; i < 200; i++) {
    const ready = await page.evaluate(() => document.readyState === 'complete' && location.href.startsWith('http'), null).catch(() => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return page;
}
