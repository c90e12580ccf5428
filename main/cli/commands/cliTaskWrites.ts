import path from 'node:path';
import type { CliContext } from '../command';
import { withMemoryEngine } from './memoryCommandSupport';
import { TaskStore } from '../../tasks/taskStore';
import type { MemoryEngine } from '../../memory/memoryEngine';
import type { TaskWriteRecorder } from '../../worktrees/taskWorktrees';

/**
 * Task changes made by the CLI are the CLI's on the memory timeline. Each write of a
 * progress.md runs under the database's write lock and is indexed at once as `cli`'s own write;
 * a watcher re-reading the file later (the host beside the CLI, or the next command's sync)
 * finds the index current and puts nothing down to a person.
 */

/** One change to the board; `file` names the progress.md it wrote (or moved away). */
export function changeTasks<T>(ctx: CliContext, change: (tasks: TaskStore) => T, file: (result: T, tasks: TaskStore) => string): Promise<T> {
  return withMemoryEngine(
    ctx,
    (engine) => {
      const tasks = new TaskStore(engine.root);
      return engine.ownFileWrite(() => {
        const result = change(tasks);
        return { result, files: [path.relative(engine.root, file(result, tasks))] };
      }, 'cli');
    },
    // A write: never run twice (see withMemoryEngine).
    { rerunnable: false },
  );
}

/** Runs `fn` with a recorder for the task writes of a longer command (task start, merge, discard). */
export function withCliTaskWrites<T>(ctx: CliContext, fn: (record: TaskWriteRecorder) => Promise<T>): Promise<T> {
  return withMemoryEngine(ctx, (engine) => fn(recorderOf(engine)), { rerunnable: false });
}

/** The recorder of task writes through `engine` (a command that already has the database open). */
export function recorderOf(engine: MemoryEngine): TaskWriteRecorder {
  return (file, write) => {
    const rel = path.relative(engine.root, file);
    // A task of another checkout than this project's: written as it is, not indexed here.
    if (rel.startsWith('..') || path.isAbsolute(rel)) return write();
    return engine.ownFileWrite(() => ({ result: write(), files: [rel] }), 'cli');
  };
}
