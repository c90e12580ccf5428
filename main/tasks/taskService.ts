import type { BrokenTask, Task, TaskStatus } from './taskTypes';
import { TaskStore } from './taskStore';
import { NotFoundError } from '../errors/domainErrors';

export interface TaskBoard {
  tasks: Task[];
  broken: BrokenTask[];
}

interface Options {
  /** The folder of an open project, or undefined when it is not open. */
  projectRoot(projectId: string): string | undefined;
  onChange(projectId: string, board: TaskBoard): void;
}

/**
 * The task boards of the open projects. The files stay the only truth: the host tells this
 * service when a project's `.engram/` files changed (its one watcher per project), and every
 * change, from Engram or from a person's editor, is pushed as a fresh board.
 */
export class TaskService {
  constructor(private readonly options: Options) {}

  board(projectId: string): TaskBoard {
    return this.store(projectId).list();
  }

  create(projectId: string, title: string, session?: string): Task {
    const task = this.store(projectId).create({ title, session });
    this.filesChanged(projectId);
    return task;
  }

  update(projectId: string, id: string, change: { title?: string; status?: TaskStatus; progress?: string; session?: string }): Task {
    const task = this.store(projectId).update(id, change);
    this.filesChanged(projectId);
    return task;
  }

  archive(projectId: string, id: string): { archived: string; path: string } {
    const result = this.store(projectId).archive(id);
    this.filesChanged(projectId);
    return result;
  }

  store(projectId: string): TaskStore {
    const root = this.options.projectRoot(projectId);
    if (!root) throw new NotFoundError(`No open project with id ${projectId}.`);
    return new TaskStore(root);
  }

  /** Files under the project's .engram/ changed: push its board. */
  filesChanged(projectId: string): void {
    const root = this.options.projectRoot(projectId);
    if (root) this.options.onChange(projectId, new TaskStore(root).list());
  }
}
