/**
 * Whether a process of this host is still running, for files a process leaves behind (locks,
 * temp files): signal 0 checks without sending anything. EPERM means it exists under another
 * user; only ESRCH means it is gone.
 */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
