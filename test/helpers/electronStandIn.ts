/**
 * A small stand-in for the `electron` module, for unit tests of the desktop shell's modules:
 * the Electron binary cannot be downloaded on these machines, so the shell's modules run
 * against objects that record what they were asked to do and let a test emit Electron's events.
 * Use: `vi.mock('electron', async () => (await import('../../helpers/electronStandIn')).electronStandIn())`
 * then `standIn()` for the recorder of the current test file.
 */
import { EventEmitter } from 'node:events';

type Call = { name: string; args: unknown[] };

/** An EventEmitter that also records method calls made on it by name. */
class Recorder extends EventEmitter {
  calls: Call[] = [];
  record(name: string, ...args: unknown[]): void {
    this.calls.push({ name, args });
  }
  called(name: string): unknown[][] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args);
  }
}

export class FakeWebContents extends Recorder {
  sent: { channel: string; args: unknown[] }[] = [];
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: unknown): void {
    this.record('setWindowOpenHandler', handler);
  }
  setWindowOpenHandlerResult(url: string): unknown {
    const handler = this.called('setWindowOpenHandler')[0]?.[0] as ((d: { url: string }) => unknown) | undefined;
    return handler?.({ url });
  }
  getURL(): string {
    return 'file:///app/out/renderer/index.html';
  }
  reload(): void {
    this.record('reload');
  }
}

export class FakeBrowserWindow extends Recorder {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows()[0] ?? null;
  }
  webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  loaded: string[] = [];
  constructor(public options: Record<string, unknown> = {}) {
    super();
    FakeBrowserWindow.all.push(this);
    // As Electron does for every web contents it makes.
    ((globalThis as any).__engramStandIn as StandIn | undefined)?.app.emit('web-contents-created', {}, this.webContents);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMaximized(): boolean {
    return false;
  }
  maximize(): void {
    this.record('maximize');
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1280, height: 820 };
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
    this.record('restore');
  }
  show(): void {
    this.record('show');
  }
  focus(): void {
    this.record('focus');
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  loadFile(file: string): Promise<void> {
    this.loaded.push(`file://${file}`);
    return Promise.resolve();
  }
}

export class FakeSession extends Recorder {
  permissionRequestHandler: ((...args: any[]) => void) | null = null;
  permissionCheckHandler: ((...args: any[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: any[]) => boolean) | null = null;
  setPermissionRequestHandler(handler: (...args: any[]) => void): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: any[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: any[]) => boolean): void {
    this.devicePermissionHandler = handler;
  }
}

/** Defaults for the next stand-in made (set before the module under test imports electron). */
export const standInDefaults: { lockHeldElsewhere: boolean } = ((globalThis as any).__engramStandInDefaults ??= { lockHeldElsewhere: false });

export class FakeApp extends Recorder {
  lock = !standInDefaults.lockHeldElsewhere;
  isPackaged = false;
  recentDocuments: string[] = [];
  requestSingleInstanceLock(additionalData?: unknown): boolean {
    this.record('requestSingleInstanceLock', additionalData);
    return this.lock;
  }
  ready = Promise.resolve();
  whenReady(): Promise<void> {
    return this.ready;
  }
  quit(): void {
    this.record('quit');
  }
  getAppPath(): string {
    return '/app';
  }
  exit(code?: number): void {
    this.record('exit', code);
  }
  addRecentDocument(p: string): void {
    this.recentDocuments.push(p);
  }
  clearRecentDocuments(): void {
    this.recentDocuments = [];
  }
  getVersion(): string {
    return '0.1.0';
  }
  getPath(name: string): string {
    return `/tmp/engram-standin/${name}`;
  }
}

/** A utility process the test can make exit, crash or answer. */
export class FakeUtilityProcess extends Recorder {
  pid: number | undefined = 4242;
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  }
}

export interface StandIn {
  app: FakeApp;
  session: { defaultSession: FakeSession };
  forked: FakeUtilityProcess[];
  menus: { template: unknown[] }[];
  applicationMenu: { template: unknown[] } | null;
  openedExternal: string[];
  openedPaths: string[];
  clipboardText: string[];
  exposed: { key: string; api: unknown }[];
  messageBoxes: unknown[];
  messageBoxAnswer: number;
  /** The window class the module under test sees (after vi.resetModules, a fresh one). */
  BrowserWindow: typeof FakeBrowserWindow;
  ipcMain: EventEmitter & { handlers: Map<string, (...args: any[]) => any> };
  reset(): void;
}

/**
 * The recorder of the latest stand-in made. Kept on globalThis: after vi.resetModules the
 * module under test and the test file may hold different instances of this helper.
 */
export function standIn(): StandIn {
  const current = (globalThis as any).__engramStandIn as StandIn | undefined;
  if (!current) throw new Error('vi.mock("electron", … electronStandIn()) first');
  return current;
}

/** The module object to hand to `vi.mock('electron', …)`. */
export function electronStandIn(): Record<string, unknown> {
  const state: StandIn = {
    app: new FakeApp(),
    session: { defaultSession: new FakeSession() },
    forked: [],
    menus: [],
    applicationMenu: null,
    openedExternal: [],
    openedPaths: [],
    clipboardText: [],
    exposed: [],
    messageBoxes: [],
    messageBoxAnswer: 0,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: Object.assign(new EventEmitter(), {
      handlers: new Map<string, (...args: any[]) => any>(),
      handle(this: { handlers: Map<string, unknown> }, channel: string, handler: (...args: any[]) => any) {
        this.handlers.set(channel, handler);
      },
    }),
    reset() {
      state.app = new FakeApp();
      state.session.defaultSession = new FakeSession();
      state.forked.length = 0;
      state.menus.length = 0;
      state.applicationMenu = null;
      state.openedExternal.length = 0;
      state.openedPaths.length = 0;
      state.clipboardText.length = 0;
      state.exposed.length = 0;
      state.messageBoxes.length = 0;
      state.messageBoxAnswer = 0;
      state.ipcMain.handlers.clear();
      state.ipcMain.removeAllListeners();
      FakeBrowserWindow.all.length = 0;
    },
  };
  FakeBrowserWindow.all.length = 0;
  (globalThis as any).__engramStandIn = state;
  const ipcRenderer = new EventEmitter() as EventEmitter & Record<string, unknown>;
  Object.assign(ipcRenderer, {
    invoke: (...args: unknown[]) => Promise.resolve({ result: args }),
    send: () => {},
  });
  return {
    get app() {
      return state.app;
    },
    session: state.session,
    BrowserWindow: FakeBrowserWindow,
    Menu: {
      buildFromTemplate: (template: unknown[]) => {
        const menu = { template };
        state.menus.push(menu);
        return menu;
      },
      setApplicationMenu: (menu: { template: unknown[] } | null) => {
        state.applicationMenu = menu;
      },
    },
    shell: {
      openExternal: (url: string) => {
        state.openedExternal.push(url);
        return Promise.resolve();
      },
      openPath: (p: string) => {
        state.openedPaths.push(p);
        return Promise.resolve('');
      },
    },
    clipboard: { writeText: (text: string) => state.clipboardText.push(text) },
    dialog: {
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showMessageBox: (...args: unknown[]) => {
        state.messageBoxes.push(args[args.length - 1]);
        return Promise.resolve({ response: state.messageBoxAnswer, checkboxChecked: false });
      },
    },
    utilityProcess: {
      fork: (modulePath: string, args: string[], options: unknown) => {
        const child = new FakeUtilityProcess();
        child.record('fork', modulePath, args, options);
        state.forked.push(child);
        return child;
      },
    },
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => state.exposed.push({ key, api }),
    },
    ipcRenderer,
    ipcMain: state.ipcMain,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    safeStorage: { isEncryptionAvailable: () => false },
    MessageChannelMain: class {
      port1 = { close() {} };
      port2 = {};
    },
  };
}
