import fs from 'node:fs';

/**
 * What a shell is running: the command lines of its child processes (a foreground `sleep 302`,
 * a background job), read from /proc. Elsewhere (macOS, Windows) it answers nothing, and callers
 * fall back to saying that the shell is open.
 */
export function shellChildren(pid: number | null): string[] {
  if (!pid || process.platform !== 'linux') return [];
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.map(commandLine).filter((c): c is string => Boolean(c));
  } catch {
    return [];
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
