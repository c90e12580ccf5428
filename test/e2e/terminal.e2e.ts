import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { screenshot } from '../helpers/browser';
import { startServe, type Served } from '../helpers/serve';
import { tempDir } from '../helpers/tempDir';
import { processAlive as alive } from '../helpers/processAlive';
import { workbenchFixture } from '../helpers/workbench';
import { ENGRAM_BIN } from '../helpers/cli';

const WAIT = { timeout: 30_000, interval: 100 };

/** The id of the terminal shown in the pane. */
async function shownId(page: Page): Promise<string> {
  // Each open project keeps its view mounted; only the active one's is visible.
  const host = page.locator('.terminal-pane .terminal-host').filter({ visible: true });
  await host.locator('.xterm').waitFor();
  return (await host.getAttribute('data-terminal-id'))!;
}

/** Everything xterm holds for a terminal (scrollback and screen), as text. */
function textOf(page: Page, id: string): Promise<string> {
  return page.evaluate((tid) => window.engramTerminalDebug?.text(tid) ?? '', id);
}

async function waitForText(page: Page, id: string, pattern: RegExp): Promise<string> {
  await expect.poll(() => textOf(page, id), WAIT).toMatch(pattern);
  return textOf(page, id);
}

/** Types a command into the shown terminal, as a user would. */
async function typeCommand(page: Page, command: string): Promise<void> {
  await page.locator('.terminal-pane .xterm').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

async function pidOf(page: Page, id: string): Promise<number> {
  return page.evaluate((tid) => window.engramTerminalDebug!.session(tid)!.info.pid!, id);
}

/** The PTY host: the child of `engram serve` running out/main/ptyHost.js. */
function ptyHostPid(served: Served): number | undefined {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(served.child.pid)], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.includes('ptyHost.js'));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

/** A raw API client, as a script (or an attacker on the same machine) would use it. */
async function apiClient(served: Served) {
  const ws = new WebSocket(`${served.origin.replace('http', 'ws')}/ws?token=${served.token}`, { origin: served.origin });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let next = 1;
  const pending = new Map<number, (m: unknown) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    if (typeof m.id === 'number') pending.get(m.id)?.(m);
  });
  return {
    call: (method: string, params: unknown) =>
      new Promise<{ result?: any; error?: { code: string; message: string } }>((resolve) => {
        const id = next++;
        pending.set(id, resolve as (m: unknown) => void);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Status of a /pty upgrade (101 when it is accepted). */
function ptyUpgradeStatus(served: Served, query: string, origin = served.origin): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${served.origin.replace('http', 'ws')}/pty?${query}`, { origin });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => {});
  });
}

describe('the embedded terminal', () => {
  const workbench = workbenchFixture();
  let served: Served;
  let page: Page;
  let repo: string;

  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir();
    repo = path.join(tempDir(), 'term-project');
    fs.mkdirSync(repo);
    ({ served, page } = await workbench.open({ project: repo, dataDir, env: { SHELL: '/bin/bash' }, viewport: { width: 1200, height: 760 }, tab: 'Terminal' }));
  });

  it('starts a shell in the project folder the first time the tab is shown, with the focus, and echoes what is typed', async () => {
    // Nothing pressed: showing the Terminal tab was enough, and the keys go straight to the shell.
    const id = await shownId(page);
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.terminal-pane')), WAIT).toBe(true);
    await page.keyboard.type('echo hello; pwd');
    await page.keyboard.press('Enter');
    const text = await waitForText(page, id, /^hello$/m);
    expect(text).toMatch(new RegExp(`^${repo}$`, 'm'));
    expect(await page.getByRole('tablist', { name: 'Terminals' }).getByRole('tab').count()).toBe(1);
    await screenshot(page, 'terminal-echo');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'terminal-echo-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('starts no other shell on a tab switch or a reload, nor again once the user closed them all', async () => {
    const tabs = page.getByRole('tablist', { name: 'Terminals' }).getByRole('tab');
    const id = await shownId(page);
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await page.getByRole('tab', { name: 'Terminal' }).click();
    expect(await shownId(page)).toBe(id);
    await page.reload();
    expect(await shownId(page)).toBe(id);
    expect(await tabs.count()).toBe(1);

    await page.getByRole('button', { name: `Close terminal ${await tabs.first().textContent()}` }).click();
    await page.getByText(/^No terminal is open in/).waitFor();
    await page.getByRole('tab', { name: 'Agent' }).click();
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await page.reload();
    await page.getByText(/^No terminal is open in/).waitFor();
    // New terminal goes out after whatever the tab asked for when it was shown: one tab, the new one.
    await page.getByRole('button', { name: 'New terminal' }).click();
    const created = await shownId(page);
    expect(created).not.toBe(id);
    const api = await apiClient(served);
    try {
      const projectId = (await api.call('workbench.state', {})).result.projects[0].id as string;
      expect(((await api.call('terminal.list', { projectId })).result as { id: string }[]).map((t) => t.id)).toEqual([created]);
    } finally {
      api.close();
    }
    expect(await tabs.count()).toBe(1);
  });

  it('starts no shell for a project whose Terminal tab was never shown, and its own first one in its folder when it is', async () => {
    const other = path.join(tempDir(), 'quiet-project');
    fs.mkdirSync(other);
    const nav = page.getByRole('navigation', { name: 'Projects' });
    await page.getByRole('textbox', { name: 'Project path' }).fill(other);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe('quiet-project');
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await nav.getByRole('button', { name: /^term-project/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe('term-project');
    await page.reload();
    await shownId(page);
    const api = await apiClient(served);
    const otherId = async () => ((await api.call('workbench.state', {})).result.projects as { id: string; path: string }[]).find((p) => p.path === other)!.id;
    try {
      expect((await api.call('terminal.list', { projectId: await otherId() })).result).toEqual([]);
      await nav.getByRole('button', { name: /^quiet-project/ }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe('quiet-project');
      await page.getByRole('tab', { name: 'Terminal' }).click();
      const id = await shownId(page);
      await page.keyboard.type('pwd');
      await page.keyboard.press('Enter');
      await waitForText(page, id, new RegExp(`^${other}$`, 'm'));
      expect(((await api.call('terminal.list', { projectId: await otherId() })).result as unknown[]).length).toBe(1);
      await screenshot(page, 'terminal-first-shown');
    } finally {
      await api.call('projects.close', { id: await otherId() });
      api.close();
    }
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe('term-project');
  });

  it('gives its shells the data folder, so `engram` typed there writes where the workbench reads', async () => {
    const id = await shownId(page);
    await typeCommand(page, `node ${ENGRAM_BIN} memory add --kind decisions --text "Deploys go out on Tuesdays"`);
    await waitForText(page, id, /^Added decisions entry /m);
    await page.getByRole('tab', { name: 'Memory' }).click();
    await page.getByText('Deploys go out on Tuesdays').waitFor(WAIT);
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await typeCommand(page, 'echo "data=$ENGRAM_DATA_DIR"');
    await waitForText(page, id, new RegExp(`^data=${dataDir}$`, 'm'));
  });

  it('keeps every key typed the moment a new terminal appears, before its shell is up', async () => {
    // A project's first terminal is on screen (and focused) while its shell is still starting:
    // keys typed then wait in the window and all go out in a burst the moment the terminal's
    // socket opens. The core hands that socket to the PTY host, and used to read (and drop)
    // whatever arrived before the host acknowledged it: the start of the line was lost whenever
    // the machine was busy. Several tries, each with a fresh first terminal.
    for (let n = 1; n <= 4; n++) {
      const close = page.getByRole('button', { name: /^Close terminal/ });
      while ((await close.count()) > 0) {
        const before = await close.count();
        await close.first().click();
        await expect.poll(() => close.count(), WAIT).toBe(before - 1);
      }
      await page.getByRole('button', { name: 'New terminal' }).click();
      const id = await shownId(page);
      await page.keyboard.type(`echo early-${n}-$((6*7))`);
      await page.keyboard.press('Enter');
      const text = await waitForText(page, id, new RegExp(`^early-${n}-42$`, 'm'));
      expect(text).toContain(`echo early-${n}-$((6*7))`);
    }
  });

  it('keeps echoing typed input while a command floods output, and right after', async () => {
    const id = await shownId(page);
    await typeCommand(page, 'seq 1 300000');
    await waitForText(page, id, /^\d{4,}$/m);
    await page.keyboard.type('echo typed-during-flood');
    await page.keyboard.press('Enter');
    await waitForText(page, id, /^300000$/m);
    await waitForText(page, id, /^typed-during-flood$/m);
    await typeCommand(page, 'echo after-$((40+2))');
    await waitForText(page, id, /^after-42$/m);
    await screenshot(page, 'terminal-after-flood');
  });

  it('keeps typing and output flowing while the host core is frozen (its bytes bypass it)', async () => {
    const id = await shownId(page);
    // SIGSTOP: the core process (engram serve) does nothing at all, as when its event loop is blocked.
    process.kill(served.child.pid!, 'SIGSTOP');
    try {
      await typeCommand(page, 'echo core-frozen-$((6*7)); seq 1 5000 | tail -n 1');
      await waitForText(page, id, /^core-frozen-42$/m);
      await waitForText(page, id, /^5000$/m);
    } finally {
      process.kill(served.child.pid!, 'SIGCONT');
    }
  });

  it('re-attaches to the running shell with its scrollback after a reload', async () => {
    const id = await shownId(page);
    const pid = await pidOf(page, id);
    await typeCommand(page, 'echo before-reload-$((6*7))');
    await waitForText(page, id, /^before-reload-42$/m);
    await page.reload();
    expect(await shownId(page)).toBe(id);
    await waitForText(page, id, /^before-reload-42$/m);
    expect(await pidOf(page, id)).toBe(pid);
    await typeCommand(page, 'echo after-reload');
    await waitForText(page, id, /^after-reload$/m);
    await screenshot(page, 'terminal-after-reload');
  });

  it('resizes the PTY with the window', async () => {
    const id = await shownId(page);
    const cols = async () => {
      const all = [...(await textOf(page, id)).matchAll(/^cols=(\d+)$/gm)];
      return all.length;
    };
    const lastCols = async () => Number([...(await textOf(page, id)).matchAll(/^cols=(\d+)$/gm)].at(-1)?.[1]);
    await typeCommand(page, 'echo cols=$(tput cols)');
    await expect.poll(cols, WAIT).toBe(1);
    const wide = await lastCols();
    await page.setViewportSize({ width: 820, height: 700 });
    await expect.poll(() => page.evaluate((tid) => window.engramTerminalDebug!.session(tid)!.xterm.cols, id), WAIT).toBeLessThan(wide);
    // The PTY learns the size a moment after xterm: ask until the shell reports a narrower one.
    await expect
      .poll(async () => {
        await typeCommand(page, 'echo cols=$(tput cols)');
        return lastCols();
      }, WAIT)
      .toBeLessThan(wide);
    await screenshot(page, 'terminal-narrow');
    await page.setViewportSize({ width: 1200, height: 760 });
  });

  it('opens more terminals, renames one, shows an exit status and restarts it, and closes it', async () => {
    const first = await shownId(page);
    await page.getByRole('button', { name: 'New terminal' }).click();
    await expect.poll(() => shownId(page), WAIT).not.toBe(first);
    const second = await shownId(page);
    const tabs = page.getByRole('tablist', { name: 'Terminals' });
    expect(await tabs.getByRole('tab').count()).toBe(2);

    await tabs.getByRole('tab', { selected: true }).dblclick();
    await page.getByRole('textbox', { name: 'Terminal name' }).fill('builds');
    await page.keyboard.press('Enter');
    await tabs.getByRole('tab', { name: /builds/ }).waitFor();

    await typeCommand(page, 'exit 3');
    const banner = page.getByRole('status').filter({ hasText: 'exited with code 3' });
    await banner.waitFor();
    await screenshot(page, 'terminal-exited');
    const oldPid = await pidOf(page, second);
    await banner.getByRole('button', { name: 'Restart terminal' }).click();
    await banner.waitFor({ state: 'detached' });
    await typeCommand(page, 'echo restarted');
    await waitForText(page, second, /^restarted$/m);
    const newPid = await pidOf(page, second);
    expect(newPid).not.toBe(oldPid);

    await tabs.getByRole('tab', { name: /builds/ }).click();
    await page.getByRole('button', { name: 'Close terminal builds' }).click();
    await expect.poll(() => tabs.getByRole('tab').count(), WAIT).toBe(1);
    expect(await shownId(page)).toBe(first);
    await expect.poll(() => alive(newPid), WAIT).toBe(false);
  });

  it('says so when the PTY host dies, and restarts a terminal in a new one', async () => {
    const id = await shownId(page);
    const shellPid = await pidOf(page, id);
    const hostPid = ptyHostPid(served);
    expect(hostPid).toBeGreaterThan(0);
    process.kill(hostPid!, 'SIGKILL');
    const banner = page.getByRole('status').filter({ hasText: 'terminal host' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('killed by SIGKILL');
    await expect.poll(() => alive(shellPid), WAIT).toBe(false);
    await screenshot(page, 'terminal-host-lost');

    await banner.getByRole('button', { name: 'Restart terminal' }).click();
    await banner.waitFor({ state: 'detached' });
    await typeCommand(page, 'echo new-host');
    await waitForText(page, id, /^new-host$/m);
    expect(ptyHostPid(served)).not.toBe(hostPid);
  });

  it('refuses bad requests: invalid sizes, unknown or closed terminals, foreign sockets', async () => {
    const api = await apiClient(served);
    try {
      const state = await api.call('workbench.state', {});
      const projectId = state.result.projects[0].id as string;
      const created = await api.call('terminal.create', { projectId, cols: 100, rows: 30 });
      expect(created.result.status).toBe('running');
      const id = created.result.id as string;

      for (const size of [{ cols: 0, rows: 10 }, { cols: 80, rows: -1 }, { cols: 1e6, rows: 10 }, { cols: 80.5, rows: 10 }, { cols: '80', rows: 10 }]) {
        const answer = await api.call('terminal.resize', { id, ...size });
        expect(answer.error?.code).toBe('invalid_request');
      }
      expect((await api.call('terminal.resize', { id: 'nope', cols: 80, rows: 24 })).error?.code).toBe('not_found');
      expect((await api.call('terminal.create', { projectId: 'nope' })).error?.code).toBe('not_found');
      expect((await api.call('terminal.rename', { id, title: '   ' })).error?.code).toBe('invalid_request');

      expect(await ptyUpgradeStatus(served, `id=${id}`)).toBe(401);
      expect(await ptyUpgradeStatus(served, `id=${id}&token=${served.token}`, 'http://evil.example')).toBe(403);
      expect(await ptyUpgradeStatus(served, `id=nope&token=${served.token}`)).toBe(404);

      // A channel open while its terminal closes is ended by the host; writing after that is harmless.
      const channel = new WebSocket(`${served.origin.replace('http', 'ws')}/pty?id=${id}&token=${served.token}`, { origin: served.origin });
      await new Promise((resolve) => channel.once('open', resolve));
      const closed = new Promise<number>((resolve) => channel.once('close', resolve));
      expect((await api.call('terminal.close', { id })).result).toEqual({ closed: true });
      expect(await closed).toBe(4000);
      expect(() => channel.send(Buffer.from('echo late\r'))).not.toThrow();
      expect(await ptyUpgradeStatus(served, `id=${id}&token=${served.token}`)).toBe(404);
      expect((await api.call('terminal.close', { id })).result).toEqual({ closed: false });
      expect((await api.call('terminal.restart', { id })).error?.code).toBe('not_found');
    } finally {
      api.close();
    }
    // The page still works after all that.
    const shown = await shownId(page);
    await typeCommand(page, 'echo still-fine');
    await waitForText(page, shown, /^still-fine$/m);
  });

  it('ends the shells of a closed project, and all shells when the server stops', async () => {
    const id = await shownId(page);
    const pid = await pidOf(page, id);
    const api = await apiClient(served);
    const other = path.join(tempDir(), 'other-project');
    fs.mkdirSync(other);
    const opened = await api.call('projects.open', { path: other });
    const created = await api.call('terminal.create', { projectId: opened.result.id });
    const otherPid = created.result.pid as number;
    expect(alive(otherPid)).toBe(true);
    await api.call('projects.close', { id: opened.result.id });
    await expect.poll(() => alive(otherPid), WAIT).toBe(false);
    expect(alive(pid)).toBe(true);
    api.close();

    const hostPid = ptyHostPid(served);
    await served.stop();
    await expect.poll(() => alive(pid), WAIT).toBe(false);
    await expect.poll(() => alive(hostPid!), WAIT).toBe(false);
  });
});

describe('a shell that cannot start', () => {
  const workbench = workbenchFixture();
  it('says why in the pane', async () => {
    // The shell the tab starts when first shown fails, and says why.
    const { page } = await workbench.open({ project: tempDir(), env: { SHELL: '/nonexistent/shell' }, viewport: { width: 1000, height: 600 }, tab: 'Terminal' });
    const banner = page.getByRole('status').filter({ hasText: 'Cannot start the shell' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('/nonexistent/shell does not exist.');
    await screenshot(page, 'terminal-shell-missing');
  });
});

describe('a PTY host that hangs', () => {
  it('is killed when the server stops, and its shells end with it', async () => {
    const repo = tempDir();
    const served = await startServe(['--data-dir', tempDir(), '--project', repo], { SHELL: '/bin/bash' });
    const api = await apiClient(served);
    const projectId = (await api.call('workbench.state', {})).result.projects[0].id;
    const created = await api.call('terminal.create', { projectId });
    const shellPid = created.result.pid as number;
    const hostPid = ptyHostPid(served)!;
    api.close();
    // Stopped: it can neither end its shells nor exit on SIGTERM.
    process.kill(hostPid, 'SIGSTOP');
    expect(await served.stop()).toBe(0);
    await expect.poll(() => alive(hostPid), WAIT).toBe(false);
    await expect.poll(() => alive(shellPid), WAIT).toBe(false);
  });
});
