/**
 * main/electron/main.ts as a whole, started against the electron stand-in: what it asks of
 * Electron at start, a second launch, and a host core that cannot start.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_EVENT } from '../../../contract/wire';
import { tempDir } from '../../helpers/tempDir';
import { standIn, standInDefaults } from '../../helpers/electronStandIn';

vi.mock('electron', async () => (await import('../../helpers/electronStandIn')).electronStandIn());
await import('electron');

const realArgv = process.argv;
afterEach(() => {
  // Quitting closes the host core the shell started.
  standIn().app.emit('will-quit');
  process.argv = realArgv;
  vi.resetModules();
});

/** Starts the shell with this command line; resolves once `whenReady` has run. */
async function startShell(argv: string[]) {
  process.argv = argv;
  // The electron mock outlives vi.resetModules: a fresh app, session and windows per start.
  standIn().reset();
  await import('../../../main/electron/main');
  const s = standIn();
  await s.app.ready;
  await new Promise((r) => setTimeout(r, 20));
  return { s, FakeBrowserWindow: s.BrowserWindow };
}

const menuItems = (t: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? menuItems(i.submenu) : [])]);

describe('the desktop shell at start', () => {
  it('takes the lock, denies permissions, opens one safe window, sets the menu and opens the PATH it was given', async () => {
    const dataDir = tempDir();
    const repo = path.join(tempDir(), 'my-service');
    fs.mkdirSync(repo);
    const { s, FakeBrowserWindow } = await startShell(['/opt/Engram/engram-desktop', `--data-dir=${dataDir}`, repo]);

    expect(s.app.called('requestSingleInstanceLock')).toHaveLength(1);
    expect(s.session.defaultSession.permissionRequestHandler).toBeTypeOf('function');
    expect(s.session.defaultSession.permissionCheckHandler!({}, 'media', 'file://', {})).toBe(false);

    const windows = FakeBrowserWindow.getAllWindows();
    expect(windows).toHaveLength(1);
    const win = windows[0];
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.loaded[0]).toMatch(/renderer[/\\]index\.html$/);
    // Links go to the user's browser; the window itself never opens another.
    expect(win.webContents.setWindowOpenHandlerResult('https://example.com/')).toEqual({ action: 'deny' });
    expect(s.openedExternal).toEqual(['https://example.com/']);

    const labels = (s.applicationMenu!.template as MenuItemConstructorOptions[]).map((m) => m.label ?? m.role);
    expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'windowMenu', 'help']));

    // The PATH on its command line is open and active, through the same API the window uses.
    const state = (await s.ipcMain.handlers.get(IPC_CALL)!({}, 'workbench.state', {})).result;
    expect(state.projects.map((p: { path: string }) => p.path)).toEqual([repo]);
  });

  it('a second launch focuses the window, opens its PATH, and puts it in Open Recent', async () => {
    const dataDir = tempDir();
    const { s, FakeBrowserWindow } = await startShell(['/opt/Engram/engram-desktop', `--data-dir=${dataDir}`]);
    const other = path.join(tempDir(), 'api');
    fs.mkdirSync(other);
    const win = FakeBrowserWindow.getAllWindows()[0];
    win.minimized = true;
    s.app.emit('second-instance', {}, [], '/', { argv: ['/opt/Engram/engram-desktop', 'api'], cwd: path.dirname(other) });
    await new Promise((r) => setTimeout(r, 50));
    expect(win.called('restore')).toHaveLength(1);
    expect(win.called('focus')).toHaveLength(1);
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
    expect(s.app.recentDocuments).toEqual([other]);
    const recent = menuItems(s.applicationMenu!.template as MenuItemConstructorOptions[]).find((i) => i.id === 'recent')!;
    expect((recent.submenu as MenuItemConstructorOptions[])[0].label).toBe(`api — ${other}`);
    // The window heard about it through the event channel.
    expect(win.webContents.sent.some((m) => m.channel === IPC_EVENT && m.args[0] === 'workbench.changed')).toBe(true);
  });

  it('macOS: a folder from the dock (drop, or its recent documents) opens as a project', async () => {
    const { s } = await startShell(['/opt/Engram/engram-desktop', `--data-dir=${tempDir()}`]);
    const folder = path.join(tempDir(), 'web');
    fs.mkdirSync(folder);
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    s.app.emit('open-file', event, folder);
    await new Promise((r) => setTimeout(r, 50));
    expect(event.defaultPrevented).toBe(true);
    const state = (await s.ipcMain.handlers.get(IPC_CALL)!({}, 'workbench.state', {})).result;
    expect(state.projects.map((p: { path: string }) => p.path)).toEqual([folder]);
  });

  it('a second launch without the lock quits at once, opening nothing', async () => {
    // The lock is held by the first instance: the stand-in answers no.
    standInDefaults.lockHeldElsewhere = true;
    try {
      standIn().reset();
      process.argv = ['/opt/Engram/engram-desktop', '/srv/repo'];
      await import('../../../main/electron/main');
      const s = standIn();
      await new Promise((r) => setTimeout(r, 20));
      expect(s.app.called('requestSingleInstanceLock')).toHaveLength(1);
      expect(s.app.called('quit')).toHaveLength(1);
      expect(s.BrowserWindow.getAllWindows()).toHaveLength(0);
    } finally {
      standInDefaults.lockHeldElsewhere = false;
    }
  });

  it('a host core that cannot start shows the failure page instead of the workbench', async () => {
    const dataDir = tempDir();
    const db = new Database(path.join(dataDir, 'engram.db'));
    db.pragma('user_version = 999999');
    db.close();
    const { FakeBrowserWindow } = await startShell(['/opt/Engram/engram-desktop', `--data-dir=${dataDir}`]);
    const windows = FakeBrowserWindow.getAllWindows();
    expect(windows).toHaveLength(1);
    expect(windows[0].options.webPreferences).not.toHaveProperty('preload');
    const url = windows[0].loaded[0];
    expect(url.startsWith('data:text/html')).toBe(true);
    expect(decodeURIComponent(url)).toContain('This data folder was written by a newer Engram');
  });
});
