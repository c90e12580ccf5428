import path from 'node:path';
import type { App, BrowserWindow } from 'electron';

/** What a launch asked for: its command line and the folder it was started in. */
export interface LaunchRequest {
  argv: string[];
  cwd: string;
}

/**
 * The project folder named on a command line (`engram-desktop PATH`, `npm start -- PATH`), made
 * absolute against the folder the launch was started in. `argv[0]` is the executable; when
 * Electron runs an unpacked app (`electron APP_DIR …`, `process.defaultApp`) `argv[1]` is the
 * app's folder. Switches (ours, like `--data-dir=…`, and Chromium's) are not paths.
 */
export function projectPathFromLaunch(req: LaunchRequest, defaultApp: boolean): string | undefined {
  const rest = req.argv.slice(defaultApp ? 2 : 1);
  const positional = rest.find((a) => a !== '' && !a.startsWith('-'));
  return positional === undefined ? undefined : path.resolve(req.cwd, positional);
}

function isLaunchRequest(value: unknown): value is LaunchRequest {
  const v = value as LaunchRequest | null;
  return !!v && Array.isArray(v.argv) && v.argv.every((a) => typeof a === 'string') && typeof v.cwd === 'string';
}

/**
 * One Engram per data folder: the first launch takes the lock; a later one hands its command
 * line to the first (which opens the path it names) and quits. The launch's own argv travels
 * as `additionalData` because Chromium may rewrite the `argv` the event carries (Windows).
 * Returns false when another instance holds the lock (the caller quits).
 */
export function claimSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'on'>,
  self: LaunchRequest,
  onSecondLaunch: (req: LaunchRequest) => void,
): boolean {
  if (!app.requestSingleInstanceLock({ ...self })) return false;
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    onSecondLaunch(isLaunchRequest(additionalData) ? additionalData : { argv, cwd: workingDirectory });
  });
  return true;
}

/** Brings the window to the front (un-minimized), as a second launch expects. */
export function bringToFront(win: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** The host's answer to `projects.open` (the contract's answer shape). */
type OpenAnswer = { result: unknown } | { error: { message: string } };

/**
 * Opens the folder a launch names, through the host's `projects.open` (which also makes it the
 * active project). Says which folder and why when it cannot be opened.
 */
export async function openFromLaunch(
  req: LaunchRequest,
  defaultApp: boolean,
  open: (folder: string) => Promise<OpenAnswer>,
): Promise<{ folder?: string; error?: string }> {
  const folder = projectPathFromLaunch(req, defaultApp);
  if (folder === undefined) return {};
  const answer = await open(folder);
  return 'error' in answer ? { folder, error: `Engram could not open ${folder}: ${answer.error.message}` } : { folder };
}
