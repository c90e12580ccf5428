import type { DreamService } from './dreamService';

export const CHECK_EVERY_MS = 60 * 60_000;

export interface DreamSchedulerOptions {
  service: DreamService;
  /** The open projects now: id and folder. */
  openProjects: () => { id: string; path: string }[];
  log?: (line: string) => void;
  now?: () => Date;
}

/**
 * Runs the dreams that are due: once when the host starts, then every hour. One project at a
 * time, each dream async (git runs in a child process), so the host stays responsive; a project
 * whose dream is running elsewhere (a CLI) is simply skipped until the next check.
 */
export class DreamScheduler {
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(private readonly options: DreamSchedulerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
    setImmediate(() => void this.check());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Dreams every open project whose next run is due; resolves when they are done. */
  check(): Promise<void> {
    if (this.checking) return this.checking;
    this.checking = (async () => {
      try {
        // Stopped (the host closed) before a queued check came round: the database is gone.
        if (!this.timer) return;
        const now = (this.options.now ?? (() => new Date()))();
        for (const p of this.options.openProjects()) {
          if (!this.timer) return;
          if (this.options.service.isRunning(p.id)) continue;
          if (Date.parse(this.options.service.nextRunAt(p.path, now)) > now.getTime()) continue;
          try {
            const f = await this.options.service.run(p.id);
            this.options.log?.(`engram: scheduled dream ${f.id} on ${p.path}: merged ${f.merged}, paths fixed ${f.pathsFixed}, flagged ${f.pathsFlagged}`);
          } catch (err) {
            this.options.log?.(`engram: scheduled dream on ${p.path} skipped: ${(err as Error).message}`);
          }
        }
      } catch (err) {
        this.options.log?.(`engram: checking the dream schedule failed: ${(err as Error).message}`);
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }
}
