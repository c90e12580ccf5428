import type { BrowserWindow, RenderProcessGoneDetails } from 'electron';

/** More crashes than this within WINDOW_MS stop the reloading: the page would crash again. */
const MAX_RELOADS = 3;
const WINDOW_MS = 60_000;

export interface RendererWatch {
  /** Told of every crash, in words (the log, and a report for the user). */
  report(message: string): void;
  /** Called instead of a reload when the page keeps crashing. */
  gaveUp(message: string): void;
  now?: () => number;
}

/**
 * A renderer that is gone (crashed, killed, out of memory) is reported and the window reloads
 * it; the host core and the terminals live on in other processes, so the workbench comes back
 * as it was. A page that keeps crashing is not reloaded in a loop.
 */
export function watchRenderer(win: Pick<BrowserWindow, 'webContents' | 'isDestroyed'>, watch: RendererWatch): void {
  const now = watch.now ?? Date.now;
  const crashes: number[] = [];
  win.webContents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const message = `The workbench page stopped (${details.reason}, exit code ${details.exitCode}).`;
    const t = now();
    crashes.push(t);
    while (crashes.length && crashes[0] < t - WINDOW_MS) crashes.shift();
    if (crashes.length > MAX_RELOADS) {
      watch.gaveUp(`${message} It stopped ${crashes.length} times within a minute, so Engram does not reload it again.`);
      return;
    }
    watch.report(`${message} Reloading it.`);
    win.webContents.reload();
  });
}
