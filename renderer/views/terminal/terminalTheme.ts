import { onPinnedThemeChange } from '../../actions/theme';
import type { ITheme } from '@xterm/xterm';

/** xterm's colours from the CSS variables in terminal.css, so the terminal follows the app's theme. */
export function terminalTheme(): ITheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(`--terminal-${name}`).trim() || undefined;
  return {
    background: v('bg'),
    foreground: v('fg'),
    cursor: v('cursor'),
    cursorAccent: v('bg'),
    selectionBackground: v('selection'),
    black: v('black'),
    red: v('red'),
    green: v('green'),
    yellow: v('yellow'),
    blue: v('blue'),
    magenta: v('magenta'),
    cyan: v('cyan'),
    white: v('white'),
    brightBlack: v('bright-black'),
    brightRed: v('bright-red'),
    brightGreen: v('bright-green'),
    brightYellow: v('bright-yellow'),
    brightBlue: v('bright-blue'),
    brightMagenta: v('bright-magenta'),
    brightCyan: v('bright-cyan'),
    brightWhite: v('bright-white'),
  };
}

/** Calls `apply` whenever the OS switches between light and dark. */
export function onThemeChange(apply: () => void): () => void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', apply);
  const offPinned = onPinnedThemeChange(apply);
  return () => {
    query.removeEventListener('change', apply);
    offPinned();
  };
}
