/**
 * The desktop shell: one BrowserWindow over the host core. Thin on purpose: everything it
 * shows comes through the same typed API the browser shell uses.
 */
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import path from 'node:path';
import { IPC_CALL, IPC_EVENT } from '../../contract/wire';
import { Host } from '../core/host';
import { resolveDataDir } from '../paths/dataDir';
import { builtMainDir, rendererDir } from '../paths/builtAssets';
import { electronNativeBinding } from './nativeBinding';
import { safeStorageSecrets } from './safeStorageSecrets';
import { serveTerminalPorts, utilityPtyHost } from './terminalPorts';
import { restoreBounds, trackBounds } from './windowBounds';
import { driverCommandFor, engramCliScript } from '../teamMemory/teamSetup';

const dataDirFlag = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
let host: Host | undefined;

function createWindow(h: Host): BrowserWindow {
  const bounds = restoreBounds(h);
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    title: 'Engram',
    backgroundColor: '#1b1d23',
    show: false,
    webPreferences: {
      preload: path.join(builtMainDir(), '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  if (bounds.maximized) win.maximize();
  trackBounds(h, win);
  win.once('ready-to-show', () => win.show());

  // Links open in the user's browser, never inside the workbench.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());

  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(path.join(rendererDir(), 'index.html'));
  return win;
}

app.whenReady().then(() => {
  const dataDir = resolveDataDir(dataDirFlag);
  const h = new Host({
    dataDir,
    shell: 'electron',
    // API keys go to the OS keychain (safeStorage), never into a config file, where it is available.
    secrets: safeStorageSecrets(dataDir) ?? undefined,
    nativeBinding: electronNativeBinding(),
    log: (line) => console.error(line),
    spawnPtyHost: utilityPtyHost(),
    // git runs the merge driver with this Electron as Node (there may be no other Node installed).
    mergeDriverCommand: driverCommandFor(process.execPath, engramCliScript(), { ELECTRON_RUN_AS_NODE: '1' }),
    pickFolder: async () => {
      const owner = BrowserWindow.getFocusedWindow() ?? undefined;
      const options: Electron.OpenDialogOptions = { title: 'Open project', properties: ['openDirectory', 'createDirectory'] };
      const res = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return res.canceled ? null : (res.filePaths[0] ?? null);
    },
  });
  host = h;

  ipcMain.handle(IPC_CALL, (_event, method: unknown, params: unknown) => h.handle(String(method), params));
  serveTerminalPorts(h);
  h.events.onAny((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(IPC_EVENT, event, payload);
  });

  createWindow(h);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(h);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => host?.close());
