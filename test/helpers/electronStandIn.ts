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
  }
  isDestroyed(): boolean {
    return this.destroyed;
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

export class FakeApp extends Recorder {
  lock = true;
  isPackaged = false;
  recentDocuments: string[] = [];
  requestSingleInstanceLock(additionalData?: unknown): boolean {
    this.record('requestSingleInstanceLock', additionalData);
    return this.lock;
  }
  quit(): void {
    this.record('quit');
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
  reset(): void;
}

let current: StandIn | undefined;

/** The recorder shared by the module instance a test file imported. */
export function standIn(): StandIn {
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
      FakeBrowserWindow.all.length = 0;
    },
  };
  current = state;
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
    ipcMain: new EventEmitter(),
  };
}
