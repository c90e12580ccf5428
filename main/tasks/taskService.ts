import fs from 'node:fs';
import chokidar, { type FSWatcher } from 'chokidar';
import type { BrokenTask, Task, TaskStatus } from './taskTypes';
import { TaskStore } from './taskStore';
import { HostError } from '../host/hostError';

export interface TaskBoard {
  tasks: Task[];
  broken: BrokenTask[];
}

interface Options {
  /** The folder of an open project, or undefined when it is not open. */
  projectRoot(projectId: string): string | undefined;
  onChange(projectId: string, board: TaskBoard): void;
  /** Quiet period before a burst of file events becomes one board update. */
  debounceMs?: number;
}

/**
 * The task boards of the open projects. A board is watched from the first time it is read
 * until its project closes, so a hand edit of a progress.md shows on the board at once; the
 * files stay the only truth.
 */
export class TaskService {
  private readonly watchers = new Map<string, { watcher: FSWatcher; timer?: NodeJS.Timeout }>();

  constructor(private readonly options: Options) {}

  board(projectId: string): TaskBoard {
    const store = this.store(projectId);
    this.watch(projectId, store);
    return store.list();
  }

  create(projectId: string, title: string, session?: string): Task {
    const task = this.store(projectId).create({ title, session });
    this.changed(projectId);
    return task;
  }

  update(projectId: string, id: string, change: { title?: string; status?: TaskStatus; progress?: string; session?: string }): Task {
    const task = this.store(projectId).update(id, change);
    this.changed(projectId);
    return task;
  }

  store(projectId: string): TaskStore {
    const root = this.options.projectRoot(projectId);
    if (!root) throw new HostError('not_found', `No open project with id ${projectId}.`);
    return new TaskStore(root);
  }

  closeProject(projectId: string): void {
    const entry = this.watchers.get(projectId);
    if (!entry) return;
    clearTimeout(entry.timer);
    void entry.watcher.close();
    this.watchers.delete(projectId);
  }

  dispose(): void {
    for (const id of [...this.watchers.keys()]) this.closeProject(id);
  }

  private changed(projectId: string): void {
    try {
      this.options.onChange(projectId, this.store(projectId).list());
    } catch {
      // The project closed meanwhile: nobody to tell.
    }
  }

  private watch(projectId: string, store: TaskStore): void {
    if (this.watchers.has(projectId)) return;
    fs.mkdirSync(store.dir, { recursive: true });
    const watcher = chokidar.watch(store.dir, { ignoreInitial: true, depth: 2, ignored: (p) => /\.(tmp|lock)$/.test(p) });
    const entry: { watcher: FSWatcher; timer?: NodeJS.Timeout } = { watcher };
    watcher.on('all', () => {
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => this.changed(projectId), this.options.debounceMs ?? 150);
    });
    watcher.on('error', () => undefined);
    this.watchers.set(projectId, entry);
  }
}
