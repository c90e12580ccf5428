import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

const DEBOUNCE_MS = 150;
/** Folders of other tools whose skills, subagents and commands the Skills view lists. */
const FOREIGN_ROOTS = ['.claude', '.opencode'];

/**
 * Watches a project's `.claude/` and `.opencode/` (also when they do not exist yet) and calls
 * `onChange` once edits there settle. `.engram/` is the memory watcher's: the host forwards its
 * changes too. The project root is watched one level deep only for those two names, so a big
 * repository (node_modules…) costs nothing.
 */
export class ArtifactWatcher {
  private timer: NodeJS.Timeout | null = null;
  private readonly fsWatcher: FSWatcher;

  constructor(root: string, onChange: () => void, log?: (line: string) => void) {
    this.fsWatcher = watch(root, {
      ignoreInitial: true,
      depth: 4,
      ignored: (file) => {
        const rel = path.relative(root, file);
        return rel !== '' && !FOREIGN_ROOTS.includes(rel.split(path.sep)[0]);
      },
    });
    this.fsWatcher.on('all', () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        onChange();
      }, DEBOUNCE_MS);
    });
    this.fsWatcher.on('error', (err) => log?.(`engram: watching skills of ${root} failed: ${(err as Error).message}`));
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.fsWatcher.close();
  }
}
