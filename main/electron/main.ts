/**
 * The desktop shell: one BrowserWindow over the host core. Thin on purpose: everything it
 * shows comes through the same typed API the browser shell uses. The pieces (one instance,
 * menu, recent projects, permissions, start-up failure page, crash recovery) live in their own
 * modules next to this one, each tested against a stand-in for `electron`.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_CALL, IPC_EVENT } from '../../contract/wire';
import { Host } from '../core/host';
import { resolveDataDir } from '../paths/dataDir';
import { builtMainDir, rendererDir } from '../paths/builtAssets';
import { driverCommandFor, engramCliScript } from '../teamMemory/teamSetup';
import { menuTemplate, type MenuAction } from './appMenu';
import { watchRenderer } from './crashRecovery';
import { electronNativeBinding } from './nativeBinding';
import { appPageMatcher, denyPermissions, refuseNavigation } from './permissions';
import { reportProblem } from './problemReport';
import { RecentProjects } from './recentProjects';
import { safeStorageSecrets } from './safeStorageSecrets';
import { bringToFront, claimSingleInstance, openFromLaunch, type LaunchRequest } from './singleInstance';
import { describeStartupFailure, startupFailureUrl, type StartupFailure } from './startupFailure';
import { serveTerminalPorts, utilityPtyHost } from './terminalPorts';
import { restoreBounds, trackBounds } from './windowBounds';
import { windowOptions } from './windowOptions';
import { ACTIONS } from '../../contract/actions';

/**
 * The workbench actions the menu shows: the command palette's list (contract/actions.ts), as it
 * is, so the menu and the palette never disagree on a label or an accelerator.
 */
const MENU_ACTIONS: readonly MenuAction[] = ACTIONS;

const dataDirFlag = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
const development = !app.isPackaged;
const defaultApp = !!process.defaultApp;
/** Start-up and crash messages, for Help → Report a problem…. */
const trouble: string[] = [];
const note = (line: string) => {
  console.error(line);
  trouble.push(`${new Date().toISOString()} ${line}`);
  if (trouble.length > 20) trouble.shift();
};

let host: Host | undefined;
let dataDir = '';
/** Launches (this one, then second instances) waiting for the host to be ready. */
const launches: LaunchRequest[] = [{ argv: process.argv, cwd: process.cwd() }];
let handleLaunch: ((req: LaunchRequest) => void) | undefined;

if (!claimSingleInstance(app, launches[0], (req) => (handleLaunch ? handleLaunch(req) : launches.push(req)))) {
  // Another Engram holds the lock: it has our command line and opens the path there.
  app.quit();
} else {
  // Links open in the user's browser, never inside the workbench; no page navigates away.
  app.on('web-contents-created', (_event, contents) => refuseNavigation(contents, (url) => void shell.openExternal(url)));
  // macOS: a folder dropped on the dock icon, or picked from the dock's recent documents.
  app.on('open-file', (event, folder) => {
    event.preventDefault();
    // The same shape as a command line naming the folder.
    const req = { argv: [process.execPath, ...(defaultApp ? [app.getAppPath()] : []), folder], cwd: path.dirname(folder) };
    if (handleLaunch) handleLaunch(req);
    else launches.push(req);
  });
  app.whenReady().then(start);
}

function start(): void {
  dataDir = resolveDataDir(dataDirFlag);
  const rendererIndex = path.join(rendererDir(), 'index.html');
  denyPermissions(session.defaultSession, appPageMatcher(pathToFileURL(rendererIndex).href, process.env.ELECTRON_RENDERER_URL));

  let h: Host;
  try {
    h = new Host({
      dataDir,
      shell: 'electron',
      // API keys go to the OS keychain (safeStorage), never into a config file, where it is available.
      secrets: safeStorageSecrets(dataDir) ?? undefined,
      nativeBinding: electronNativeBinding(),
      log: note,
      spawnPtyHost: utilityPtyHost(note),
      // git runs the merge driver with this Electron as Node (there may be no other Node, and
      // the CLI sits inside app.asar, which only Electron's Node reads): this is why the
      // RunAsNode fuse stays on (electron-builder.yml).
      mergeDriverCommand: driverCommandFor(process.execPath, engramCliScript(), { ELECTRON_RUN_AS_NODE: '1' }),
      pickFolder: async () => {
        const owner = BrowserWindow.getFocusedWindow() ?? undefined;
        const options: Electron.OpenDialogOptions = { title: 'Open project', properties: ['openDirectory', 'createDirectory'] };
        const res = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
        return res.canceled ? null : (res.filePaths[0] ?? null);
      },
    });
  } catch (err) {
    const failure = describeStartupFailure(err, { dataDir, packaged: app.isPackaged });
    note(`start-up failed (${failure.kind}): ${err instanceof Error ? err.message : String(err)}`);
    setMenu(undefined);
    showFailure(new BrowserWindow(windowOptions({ width: 900, height: 640 }, undefined)), failure);
    return;
  }
  host = h;

  ipcMain.handle(IPC_CALL, (_event, method: unknown, params: unknown) => h.handle(String(method), params));
  serveTerminalPorts(h);
  const recent = new RecentProjects(
    { get: () => h.workbench.getSetting<string[]>('electron.recentProjects', []), set: (v) => h.workbench.setSetting('electron.recentProjects', v) },
    app,
  );
  recent.sawOpen(h.workbench.state().projects.map((p) => p.path));
  h.events.onAny((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(IPC_EVENT, event, payload);
    if (event === 'workbench.changed') {
      recent.sawOpen(h.workbench.state().projects.map((p) => p.path));
      setMenu(h, recent);
    }
  });
  setMenu(h, recent);

  createWindow(h);
  handleLaunch = (req) => {
    const win = BrowserWindow.getAllWindows()[0] ?? createWindow(h);
    bringToFront(win);
    void openLaunch(h, req);
  };
  for (const req of launches.splice(0)) void openLaunch(h, req);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(h);
  });
}

async function openLaunch(h: Host, req: LaunchRequest): Promise<void> {
  const { error } = await openFromLaunch(req, defaultApp, (folder) => h.handle('projects.open', { path: folder }));
  if (error) warn(error);
}

function warn(message: string): void {
  note(message);
  void dialog.showMessageBox({ type: 'warning', title: 'Open project', message });
}

function createWindow(h: Host): BrowserWindow {
  const bounds = restoreBounds(h);
  const win = new BrowserWindow(windowOptions(bounds, path.join(builtMainDir(), '../preload/index.js')));
  if (bounds.maximized) win.maximize();
  trackBounds(h, win);
  win.once('ready-to-show', () => win.show());

  watchRenderer(win, {
    report: note,
    gaveUp: (message) => {
      note(message);
      showFailure(win, {
        kind: 'unknown',
        title: 'The workbench page keeps stopping',
        what: message,
        todo: ['Quit and start Engram again.', 'If it happens again, use Help → Report a problem… and include the details below.'],
        detail: trouble.join('\n'),
      });
    },
  });

  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(path.join(rendererDir(), 'index.html'));
  return win;
}

function showFailure(win: BrowserWindow, failure: StartupFailure): void {
  win.once('ready-to-show', () => win.show());
  void win.loadURL(startupFailureUrl(failure));
}

function setMenu(h: Host | undefined, recent?: RecentProjects): void {
  const template = menuTemplate({
    actions: h ? MENU_ACTIONS : [],
    recent: recent?.list() ?? [],
    hasProject: !!h?.workbench.state().activeProjectId,
    platform: process.platform,
    development,
    appName: 'Engram',
    runAction: (id) => {
      const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      win?.webContents.send(IPC_EVENT, 'app.menuAction', { id });
    },
    openRecent: (folder) => {
      if (h) void h.handle('projects.open', { path: folder }).then((answer) => 'error' in answer && warn(`Engram could not open ${folder}: ${answer.error.message}`));
    },
    clearRecent: () => {
      recent?.clear();
      setMenu(h, recent);
    },
    openReadme: () => void shell.openPath(readmePath()),
    reportProblem: () =>
      void reportProblem(dialog, clipboard, BrowserWindow.getFocusedWindow() ?? undefined, {
        appVersion: app.getVersion(),
        versions: process.versions,
        platform: process.platform,
        arch: process.arch,
        dataDir,
        recentTrouble: trouble,
      }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** The README: shipped next to the app (extraResources), or the checkout's own. */
function readmePath(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'README.md') : path.join(app.getAppPath(), 'README.md');
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => host?.close());
