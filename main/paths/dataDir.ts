import os from 'node:os';
import path from 'node:path';

/**
 * The folder holding engram.db and the user-wide MEMORY.md.
 * `--data-dir` wins over ENGRAM_DATA_DIR, which wins over the platform's app-data folder.
 * The desktop app and the CLI resolve it the same way, so they share one database.
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(expandHome(flag));
  if (env.ENGRAM_DATA_DIR) return path.resolve(expandHome(env.ENGRAM_DATA_DIR));
  return defaultDataDir(env);
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'engram');
    case 'win32':
      return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'engram');
    default:
      return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'engram');
  }
}

export function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(os.homedir(), p.slice(2));
  return p;
}
