import { screen, type BrowserWindow } from 'electron';
import type { Host } from '../core/host';

interface SavedBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const KEY = 'electron.windowBounds';
const DEFAULT: SavedBounds = { width: 1280, height: 820, maximized: false };

/** The window's last size and place, if it still fits on a connected display. */
export function restoreBounds(host: Host): SavedBounds {
  const saved = host.workbench.getSetting<SavedBounds>(KEY, DEFAULT);
  if (saved.x === undefined || saved.y === undefined) return { ...DEFAULT, ...saved, x: undefined, y: undefined };
  const visible = screen.getAllDisplays().some(({ workArea: a }) =>
    saved.x! < a.x + a.width && saved.x! + saved.width > a.x && saved.y! < a.y + a.height && saved.y! + saved.height > a.y,
  );
  return visible ? saved : { ...saved, x: undefined, y: undefined };
}

export function trackBounds(host: Host, win: BrowserWindow): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    host.workbench.setSetting(KEY, { ...b, maximized: win.isMaximized() });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}
