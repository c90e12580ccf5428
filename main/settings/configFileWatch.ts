import fs from 'node:fs';

/**
 * How often the host looks at the settings files (`<data-dir>/config.json`, each open project's
 * `.engram/config.json`) for changes another process made (`engram config set`, an editor):
 * one stat each, so a view shows the change within a second.
 */
export const CONFIG_POLL_MS = 500;

/**
 * Tells when one of the settings files changed, by whoever. A stat poll rather than a file
 * watch: it survives the file being replaced (atomic writes), deleted and created again, and
 * watching the data folder itself would wake on every write to engram.db's WAL beside it.
 * The host's own saves announce themselves (`sawOwnWrite`) and are not reported again.
 */
export class ConfigFileWatch {
  private readonly files = new Map<string, string>();

  constructor(
    private readonly onChange: (file: string) => void,
    private readonly intervalMs = CONFIG_POLL_MS,
  ) {}

  /** Watches exactly these files from now on (the data folder's, the open projects'). */
  watch(files: string[]): void {
    const wanted = new Set(files);
    for (const file of [...this.files.keys()]) {
      if (wanted.has(file)) continue;
      fs.unwatchFile(file);
      this.files.delete(file);
    }
    for (const file of wanted) {
      if (this.files.has(file)) continue;
      this.files.set(file, stamp(file));
      fs.watchFile(file, { interval: this.intervalMs, persistent: false }, () => this.check(file));
    }
  }

  /** The host just wrote `file` itself (and sent its own events). */
  sawOwnWrite(file: string): void {
    if (this.files.has(file)) this.files.set(file, stamp(file));
  }

  stop(): void {
    for (const file of this.files.keys()) fs.unwatchFile(file);
    this.files.clear();
  }

  private check(file: string): void {
    if (!this.files.has(file)) return;
    const now = stamp(file);
    if (now === this.files.get(file)) return;
    this.files.set(file, now);
    this.onChange(file);
  }
}

/** What identifies a version of the file: inode, size and modification time (or its absence). */
function stamp(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'absent';
  }
}
