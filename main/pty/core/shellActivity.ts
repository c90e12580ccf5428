import fs from 'node:fs';

/**
 * What a shell is running: the command lines of its child processes (a foreground `sleep 302`,
 * a background job), read from /proc. Null where that cannot be told (macOS, Windows, a shell
 * not started yet): callers then say that the shell is open.
 */
export function shellChildren(pid: number | null): string[] | null {
  if (!pid || process.platform !== 'linux') return null;
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.map(commandLine).filter((c): c is string => Boolean(c));
  } catch {
    return null;
  }
}

function commandLine(pid: string): string | null {
  try {
    const line = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return line.length > 120 ? line.slice(0, 119) + '…' : line || null;
  } catch {
    return null;
  }
}
