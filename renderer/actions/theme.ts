/**
 * The colour theme: the OS's by default; "Toggle theme" pins the other one (kept in this
 * browser's storage). CSS reads `data-theme` on <html>; the terminal listens for the change.
 */
const KEY = 'engram.theme';
export type Theme = 'light' | 'dark';
const listeners = new Set<() => void>();

function osTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function currentTheme(): Theme {
  const pinned = localStorage.getItem(KEY);
  return pinned === 'light' || pinned === 'dark' ? pinned : osTheme();
}

export function applyStoredTheme(): void {
  const pinned = localStorage.getItem(KEY);
  if (pinned === 'light' || pinned === 'dark') document.documentElement.dataset.theme = pinned;
  else delete document.documentElement.dataset.theme;
}

export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  // Back to following the OS when the choice matches it again.
  if (next === osTheme()) localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, next);
  applyStoredTheme();
  listeners.forEach((l) => l());
  return next;
}

export function onPinnedThemeChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
