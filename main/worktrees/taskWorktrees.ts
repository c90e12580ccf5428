import fs from 'node:fs';
import path from 'node:path';
import type { MergeResult, TaskDiff, TaskWorktree, TaskWorktreeBoard } from '../../contract/worktrees';
import type { Task } from '../../contract/tasks';
import { BusyError, ConflictError, NotFoundError } from '../errors/domainErrors';
import { TaskStore } from '../tasks/taskStore';
import { changedFiles, fileDiffs, totals, type DiffSide } from './branchDiff';
import { commitAll, hasUncommitted, mergeBranch } from './branchMerge';
import { git, gitOut } from './git';
import { NotARepositoryError, openRepository, projectWorktreesDir, realpath, taskBranch, type Repository } from './repository';
import { forgetRun, isLive, readRunRecord, runRecordPath, runStateOf } from './runRecord';

/** A task's worktree, ready for its agent. */
export interface PreparedWorktree {
  repo: Repository;
  task: Task;
  branch: string;
  path: string;
  base: string;
  /** The session to continue: the task's earlier run in this worktree. */
  session: string | null;
  /** Created now (false: an existing worktree is reused). */
  created: boolean;
}

/**
 * Runs one write of a task's progress.md (`file`, absolute) and returns what it returned. The
 * CLI passes one that indexes the write as its own, so the timeline credits `cli`; the host's
 * writes are a person's clicks, which its watcher credits to a person.
 */
export type TaskWriteRecorder = <T>(file: string, write: () => T) => T;

/**
 * The worktrees of a project's tasks: create one on `engram/<task-id>` from HEAD in the data
 * folder, show what changed, merge it, discard it, and notice one deleted by hand. The
 * repository and the task files are the truth; every refusal happens before anything is
 * changed, so no path loses work. The agent run itself is the caller's (CLI or host).
 */
export class TaskWorktrees {
  constructor(
    private readonly dataDir: string,
    /** Every write of a task file by this class or by a task's agent run goes through it. */
    readonly recordTaskWrite: TaskWriteRecorder = (_file, write) => write(),
  ) {}

  async board(projectRoot: string): Promise<TaskWorktreeBoard> {
    let repo: Repository;
    try {
      repo = await openRepository(projectRoot);
    } catch (err) {
      if (err instanceof NotARepositoryError) return { available: false, reason: err.message, currentBranch: null, worktrees: [] };
      throw err;
    }
    await this.prune(repo);
    const tasks = new TaskStore(repo.mainRoot).list().tasks;
    const linked = tasks.filter((t) => t.branch && t.base);
    const seen = new Set(linked.map((t) => t.branch!));
    // Branches whose task was deleted while its agent ran: still shown, so they can be merged or discarded.
    const orphans = await this.orphans(repo, seen);
    const worktrees = await Promise.all([
      ...linked.map((t) => this.describe(repo, t.id, t.title, t.branch!, t.base!, t.worktree, t.session)),
      ...orphans.map((o) => this.describe(repo, o.taskId, null, o.branch, o.base, o.path, null)),
    ]);
    return { available: true, reason: null, currentBranch: repo.branch, worktrees };
  }

  /**
   * Where the task's agent will work, without changing anything: its branch, folder, start
   * commit and the session to continue. A run is checked against this before the worktree
   * is made, so a refusal (no provider, a bad session) leaves nothing behind.
   */
  async plan(projectRoot: string, taskId: string): Promise<Omit<PreparedWorktree, 'created'>> {
    const repo = await openRepository(projectRoot);
    const task = new TaskStore(repo.mainRoot).get(taskId);
    const reuse = task.worktree && task.branch && task.base && fs.existsSync(task.worktree);
    return {
      repo,
      task,
      branch: task.branch ?? taskBranch(task.id),
      path: reuse ? task.worktree! : path.join(realpath(projectWorktreesDir(this.dataDir, repo.mainRoot)), task.id),
      base: task.base ?? repo.head,
      session: task.session,
    };
  }

  /**
   * The task's worktree: reused when it exists, re-created on its branch when the folder was
   * deleted by hand, else created on a new branch from HEAD. Refuses a branch name taken by
   * someone else and a folder that is in the way.
   */
  async prepare(projectRoot: string, taskId: string): Promise<PreparedWorktree> {
    const repo = await openRepository(projectRoot);
    await this.prune(repo);
    const store = new TaskStore(repo.mainRoot);
    let task = store.get(taskId);
    const branch = taskBranch(task.id);
    const folder = path.join(projectWorktreesDir(this.dataDir, repo.mainRoot), task.id);
    if (task.worktree && task.branch && task.base && (await this.isWorktree(repo, task.worktree))) {
      return { repo, task, branch: task.branch, path: task.worktree, base: task.base, session: task.session, created: false };
    }
    const branchExists = await this.branchExists(repo, branch);
    if (fs.existsSync(folder)) {
      throw new ConflictError(`The folder ${folder} is in the way of task ${task.id}'s worktree: move or delete it, then start again.`);
    }
    fs.mkdirSync(path.dirname(folder), { recursive: true });
    let base: string;
    if (branchExists && task.branch === branch && task.base) {
      // Its worktree was deleted by hand: the branch (the committed work) carries on in a new one.
      await git(repo.mainRoot, ['worktree', 'prune']);
      await git(repo.mainRoot, ['worktree', 'add', '-q', folder, branch]);
      base = task.base;
    } else if (branchExists) {
      throw new ConflictError(
        `The branch ${branch} already exists and is not this task's worktree: rename it (git branch -m ${branch} NEW) or delete it, then start again. Nothing was changed.`,
      );
    } else {
      base = repo.head;
      await git(repo.mainRoot, ['worktree', 'add', '-q', '-b', branch, folder, base]);
    }
    const worktree = realpath(folder);
    const id = task.id;
    task = this.recordTaskWrite(task.path, () =>
      store.update(id, {
        link: { branch, worktree, base },
        status: task.status === 'todo' || task.status === 'blocked' ? 'in_progress' : undefined,
        progress: `agent worktree ${worktree} on ${branch} from ${base.slice(0, 7)}`,
      }),
    );
    return { repo, task, branch, path: worktree, base, session: task.session, created: true };
  }

  async diff(projectRoot: string, taskId: string): Promise<TaskDiff> {
    const { repo, item } = await this.find(projectRoot, taskId);
    const side = await this.side(repo, item);
    const files = await fileDiffs(side, item.base);
    return { taskId: item.taskId, branch: item.branch, base: item.base, files, ...totals(files) };
  }

  /**
   * Lands the task's branch on the main checkout's current branch: the worktree's uncommitted
   * work is committed first (message: the task's title), then a fast-forward or a merge
   * commit. On success the worktree and the merged branch are removed and the task is done.
   */
  async merge(projectRoot: string, taskId: string): Promise<MergeResult> {
    const { repo, item } = await this.find(projectRoot, taskId);
    this.refuseWhileRunning(repo, item.taskId, 'merging');
    if (!repo.branch) throw new ConflictError(`Not merged: the main checkout (${repo.mainRoot}) has a detached HEAD; check out the branch to merge into first.`);
    const title = item.title ?? `Engram task ${item.taskId}`;
    let committedWork: string | null = null;
    if (item.path && fs.existsSync(item.path)) committedWork = await commitAll(item.path, `${title}\n\nEngram task ${item.taskId}`);
    const files = await changedFiles({ repo: repo.mainRoot, branch: item.branch }, item.base);
    let merged;
    try {
      merged = await mergeBranch(repo.mainRoot, repo.branch, item.branch, `Merge ${item.branch}: ${title}`);
    } catch (err) {
      if (committedWork && err instanceof Error) err.message += ` The worktree's changes are committed on ${item.branch} as ${committedWork.slice(0, 7)}.`;
      throw err;
    }
    await this.remove(repo, item, { force: false });
    this.updateTask(repo, item.taskId, {
      link: { branch: null, worktree: null, base: null },
      status: 'done',
      progress: `merged ${item.branch} into ${repo.branch} (${merged.kind}, ${merged.commit.slice(0, 7)})${committedWork ? `; uncommitted work committed as ${committedWork.slice(0, 7)}` : ''}`,
    });
    return { merged: item.branch, taskId: item.taskId, branch: item.branch, into: repo.branch, kind: merged.kind, commit: merged.commit, committedWork, files };
  }

  /** Removes the task's worktree and its branch (the person confirmed; the tip is logged on the task). */
  async discard(projectRoot: string, taskId: string): Promise<{ discarded: string; taskId: string; removedWorktree: boolean; removedBranch: boolean }> {
    const { repo, item } = await this.find(projectRoot, taskId);
    this.refuseWhileRunning(repo, item.taskId, 'discarding');
    const tip = await git(repo.mainRoot, ['rev-parse', '--verify', '-q', item.branch], { allowFail: true });
    const removed = await this.remove(repo, item, { force: true });
    this.updateTask(repo, item.taskId, {
      link: { branch: null, worktree: null, base: null },
      progress: `discarded the agent's work: worktree and ${item.branch} removed${tip.code === 0 ? ` (its last commit was ${tip.stdout.trim().slice(0, 12)})` : ''}`,
    });
    return { discarded: item.branch, taskId: item.taskId, ...removed };
  }

  /** The run record of a task's agent (see runRecord.ts). */
  runFile(mainRoot: string, taskId: string): string {
    return runRecordPath(projectWorktreesDir(this.dataDir, mainRoot), taskId);
  }

  /**
   * Worktree folders deleted by hand: git's record of them is pruned and the task says so.
   * The branch stays (its commits are the agent's work); Start re-creates the folder from it.
   */
  async prune(repo: Repository): Promise<string[]> {
    const store = new TaskStore(repo.mainRoot);
    const pruned: string[] = [];
    for (const task of store.list().tasks) {
      if (!task.worktree || fs.existsSync(task.worktree)) continue;
      if (isLive(readRunRecord(this.runFile(repo.mainRoot, task.id)))) continue;
      await git(repo.mainRoot, ['worktree', 'prune']);
      this.recordTaskWrite(task.path, () =>
        store.update(task.id, {
          link: { worktree: null },
          progress: `the worktree folder ${task.worktree} was deleted by hand: pruned; ${task.branch ?? 'the branch'} is kept with every commit, uncommitted changes there are gone. Start agent re-creates the folder.`,
        }),
      );
      pruned.push(task.id);
    }
    return pruned;
  }

  private async describe(
    repo: Repository,
    taskId: string,
    title: string | null,
    branch: string,
    base: string,
    worktree: string | null,
    session: string | null,
  ): Promise<TaskWorktree> {
    const record = readRunRecord(this.runFile(repo.mainRoot, taskId));
    const present = Boolean(worktree && fs.existsSync(worktree));
    const branchExists = await this.branchExists(repo, branch);
    let files: TaskWorktree['files'] = [];
    if (present) files = await changedFiles({ worktree: worktree! }, base);
    else if (branchExists) files = await changedFiles({ repo: repo.mainRoot, branch }, base);
    return {
      taskId,
      title,
      branch,
      path: present ? worktree : null,
      missing: !present,
      base,
      session: record?.session ?? session,
      state: runStateOf(record),
      error: record?.error ?? null,
      files,
      ...totals(files),
      uncommitted: present ? await hasUncommitted(worktree!) : false,
      permission: null,
    };
  }

  private async find(projectRoot: string, taskId: string): Promise<{ repo: Repository; item: { taskId: string; title: string | null; branch: string; base: string; path: string | null } }> {
    const repo = await openRepository(projectRoot);
    await this.prune(repo);
    const store = new TaskStore(repo.mainRoot);
    let task: Task | null = null;
    try {
      task = store.get(taskId);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    if (task) {
      if (!task.branch || !task.base) throw new NotFoundError(`Task ${task.id} has no agent branch: start its agent first (engram task start ${task.id}).`);
      return { repo, item: { taskId: task.id, title: task.title, branch: task.branch, base: task.base, path: task.worktree } };
    }
    const orphan = (await this.orphans(repo, new Set())).find((o) => o.taskId === taskId || o.taskId.startsWith(taskId));
    if (!orphan) throw new NotFoundError(`No task ${taskId} and no branch ${taskBranch(taskId)} in ${repo.mainRoot}.`);
    return { repo, item: { taskId: orphan.taskId, title: null, branch: orphan.branch, base: orphan.base, path: orphan.path } };
  }

  private async side(repo: Repository, item: { branch: string; path: string | null }): Promise<DiffSide> {
    return item.path && fs.existsSync(item.path) ? { worktree: item.path } : { repo: repo.mainRoot, branch: item.branch };
  }

  /** `engram/*` worktrees in this project's data folder with no task naming them (the task was deleted). */
  private async orphans(repo: Repository, known: Set<string>): Promise<Array<{ taskId: string; branch: string; base: string; path: string | null }>> {
    const dir = projectWorktreesDir(this.dataDir, repo.mainRoot);
    const list = await gitOut(repo.mainRoot, ['worktree', 'list', '--porcelain']);
    const found: Array<{ taskId: string; branch: string; base: string; path: string | null }> = [];
    for (const block of list.split('\n\n')) {
      const wt = /^worktree (.+)$/m.exec(block)?.[1];
      const ref = /^branch refs\/heads\/(engram\/.+)$/m.exec(block)?.[1];
      if (!wt || !ref || known.has(ref) || path.dirname(realpath(wt)) !== realpath(dir)) continue;
      const base = await gitOut(repo.mainRoot, ['merge-base', repo.head, ref]);
      found.push({ taskId: ref.slice('engram/'.length), branch: ref, base, path: realpath(wt) });
    }
    return found;
  }

  private refuseWhileRunning(repo: Repository, taskId: string, doing: string): void {
    const record = readRunRecord(this.runFile(repo.mainRoot, taskId));
    if (isLive(record)) throw new BusyError(`Task ${taskId}'s agent is still ${record!.state === 'waiting' ? 'waiting for a permission answer' : 'running'}: stop it before ${doing}.`);
  }

  private async remove(repo: Repository, item: { taskId: string; branch: string; path: string | null }, options: { force: boolean }) {
    let removedWorktree = false;
    if (item.path && fs.existsSync(item.path)) {
      await git(repo.mainRoot, ['worktree', 'remove', ...(options.force ? ['--force', '--force'] : []), item.path]);
      removedWorktree = true;
    }
    await git(repo.mainRoot, ['worktree', 'prune']);
    const removedBranch = (await git(repo.mainRoot, ['branch', options.force ? '-D' : '-d', '-q', item.branch], { allowFail: true })).code === 0;
    // A run of the task started since the check keeps its claim and record (see forgetRun).
    forgetRun(this.runFile(repo.mainRoot, item.taskId));
    return { removedWorktree, removedBranch };
  }

  private updateTask(repo: Repository, taskId: string, change: Parameters<TaskStore['update']>[1]): void {
    try {
      const store = new TaskStore(repo.mainRoot);
      const file = store.get(taskId).path;
      this.recordTaskWrite(file, () => store.update(taskId, change));
    } catch (err) {
      // A task deleted while its agent ran has no file to record this in; the git side is done.
      if (!(err instanceof NotFoundError)) throw err;
    }
  }

  private async isWorktree(repo: Repository, folder: string): Promise<boolean> {
    if (!fs.existsSync(folder)) return false;
    const list = await gitOut(repo.mainRoot, ['worktree', 'list', '--porcelain']);
    return list.split('\n').some((l) => l.startsWith('worktree ') && realpath(l.slice(9)) === realpath(folder));
  }

  private async branchExists(repo: Repository, branch: string): Promise<boolean> {
    return (await git(repo.mainRoot, ['show-ref', '--verify', '-q', `refs/heads/${branch}`], { allowFail: true })).code === 0;
  }
}
