import { watch, type FSWatcher } from 'chokidar';

const DEBOUNCE_MS = 150;

/** One watcher per project in this process: several racing watchers corrupt the index. */
const running = new Map<string, ProjectWatcher>();

/**
 * Calls `onSettled` once edits under the watched paths have settled for a moment. Runs are
 * never concurrent: changes that arrive during a run trigger one more run after it.
 */
export class ProjectWatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  /** Resolves once the initial scan is done: edits from then on are seen. */
  readonly ready: Promise<void>;

  private constructor(
    private readonly key: string,
    private readonly fsWatchers: FSWatcher[],
    private readonly onSettled: () => Promise<void>,
    private readonly log?: (line: string) => void,
  ) {
    this.ready = Promise.all(fsWatchers.map((w) => new Promise<void>((resolve) => w.once('ready', () => resolve())))).then(() => undefined);
  }

  static start(key: string, paths: string[], onSettled: () => Promise<void>, log?: (line: string) => void): ProjectWatcher {
    const existing = running.get(key);
    if (existing) throw new Error(`memory of ${key} is already being watched in this process`);
    // One chokidar watcher per path: with several paths, chokidar 4 reports `ready` when the
    // first is set up, and an edit right after could be missed.
    const fsWatchers = paths.map((p) =>
      watch(p, {
        ignoreInitial: true,
        // Temp files of atomic writes, the database beside the user memory, anything not markdown.
        ignored: (file, stats) =>
          file.endsWith('.tmp') ||
          (stats ? stats.isFile() && !file.endsWith('.md') : /\.(db|db-wal|db-shm|db-journal|json|lock)$/.test(file)),
        depth: 4,
      }),
    );
    const w = new ProjectWatcher(key, fsWatchers, onSettled, log);
    for (const fsWatcher of fsWatchers) {
      fsWatcher.on('all', () => w.schedule());
      fsWatcher.on('error', (err) => log?.(`engram: watching ${key} failed: ${(err as Error).message}`));
    }
    running.set(key, w);
    return w;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, DEBOUNCE_MS);
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.onSettled().catch((err) => this.log?.(`engram: re-indexing ${this.key} failed: ${err?.message ?? err}`));
    await this.running;
    this.running = null;
    if (this.again) {
      this.again = false;
      await this.run();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    running.delete(this.key);
    await Promise.all(this.fsWatchers.map((w) => w.close()));
    await this.running;
  }
}
