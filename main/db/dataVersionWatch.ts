import type { Database } from 'better-sqlite3';

/**
 * How often the host asks SQLite whether another process committed to engram.db. A view must
 * show a change within a second (the CLI beside the window, a second host); 250 ms leaves room
 * for the follow-up reads and the window's refetch. Each ask is one `PRAGMA data_version` on
 * the host's own connection: a few microseconds, no file I/O beyond the -shm page already
 * mapped (idle cost measured in BENCHMARKS.md / the live-views report: well under 0.1% of a core).
 */
export const OUTSIDE_WRITE_POLL_MS = 250;

/**
 * Calls `onMoved` when another connection (another process: the CLI, a second host) committed
 * to the database since the last look. `PRAGMA data_version` changes only for commits made by
 * OTHER connections, so the host's own writes, which already emit their events, never trigger
 * it. The timer does not keep the process alive.
 */
export class DataVersionWatch {
  private readonly read: () => number;
  private last: number;
  private timer: NodeJS.Timeout | null = null;
  private failed = false;

  constructor(
    db: Database,
    private readonly onMoved: () => void,
    private readonly log?: (line: string) => void,
  ) {
    const stmt = db.prepare('PRAGMA data_version').pluck();
    this.read = () => stmt.get() as number;
    this.last = this.read();
  }

  start(intervalMs = OUTSIDE_WRITE_POLL_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look now; true when another connection committed since the last one. */
  check(): boolean {
    let now: number;
    try {
      now = this.read();
    } catch (err) {
      // A closed or damaged database: say it once, keep the host up, look again next time.
      if (!this.failed) this.log?.(`engram: cannot watch engram.db for other processes' writes: ${(err as Error).message}`);
      this.failed = true;
      return false;
    }
    this.failed = false;
    if (now === this.last) return false;
    this.last = now;
    try {
      this.onMoved();
    } catch (err) {
      this.log?.(`engram: reacting to another process's write failed: ${(err as Error)?.stack ?? err}`);
    }
    return true;
  }
}
