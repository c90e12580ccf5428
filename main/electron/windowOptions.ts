import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The workbench window: the page is sandboxed, isolated from the preload, without Node, with
 * web security on (same-origin policy, no mixed content); the only bridge is the preload's.
 */
export function windowOptions(
  bounds: { x?: number; y?: number; width: number; height: number },
  preload: string | undefined,
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    title: 'Engram',
    backgroundColor: '#1b1d23',
    show: false,
    webPreferences: {
      ...(preload ? { preload } : {}),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
