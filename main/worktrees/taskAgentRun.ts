import type { AgentEvent, AgentMode } from '../../contract';
import type { Task } from '../../contract/tasks';
import type { MemoryEngine } from '../memory/memoryEngine';
import { DomainError } from '../errors/domainErrors';
import { TaskStore } from '../tasks/taskStore';
import type { AgentOrchestrator, PreparedRun } from '../agent/agentOrchestrator';
import type { DoneEvent } from '../agent/loop/agentLoop';
import type { Asker } from '../agent/permissions/gate';
import { totals, changedFiles } from './branchDiff';
import { openRepository } from './repository';
import { claimRun } from './runRecord';
import type { PreparedWorktree, TaskWorktrees } from './taskWorktrees';

export interface TaskRunServices {
  /** The one orchestrator of agent runs (the host's, shared with the Agent tab; the CLI's own). */
  orchestrator: AgentOrchestrator;
  worktrees: TaskWorktrees;
  /** The host's open engine of the main checkout (it watches the files), when there is one. */
  memoryEngine?: MemoryEngine;
}

export interface TaskRunRequest {
  /** The project folder (its main checkout or any worktree of it). */
  projectRoot: string;
  taskId: string;
  mode?: AgentMode;
  /** Added to the task's title and log; the whole prompt when continuing a session. */
  prompt?: string;
  asker: Asker;
  signal: AbortSignal;
  emit: (e: AgentEvent) => void;
  /** The run's state changed (running, waiting, ended): the card follows. */
  onState?: () => void;
  /** The worktree is ready and the run about to start (before its first event). */
  onWorktree?: (worktree: PreparedWorktree) => void;
}

export interface StartedTaskRun {
  worktree: PreparedWorktree;
  /** Resolves with the session id once the session exists (or rejects when the run failed before). */
  session: Promise<string>;
  done: Promise<DoneEvent>;
}

/**
 * Starts the agent of a task in the task's own worktree, for the CLI and the host alike. The
 * run works in the worktree (its tools read, write and run commands there) and belongs to the
 * main checkout: its session, notes, checkpoints, memory entries and task progress go to the
 * main checkout's `.engram/` (the one-memory rule, SPEC §3); the worktree's `.engram/` copy is
 * never written. A run record in the data folder says what it is doing, across processes.
 */
export async function startTaskRun(services: TaskRunServices, request: TaskRunRequest): Promise<StartedTaskRun> {
  const repo = await openRepository(request.projectRoot);
  const memoryRoot = repo.mainRoot;
  const taskId = new TaskStore(memoryRoot).resolveId(request.taskId);
  // Claimed first: a second start of the same task (here or in another process) stops here.
  const handle = claimRun(services.worktrees.runFile(memoryRoot, taskId), null);
  let worktree: PreparedWorktree;
  let prepared: PreparedRun;
  const sessions = services.orchestrator.sessions;
  try {
    const plan = await services.worktrees.plan(memoryRoot, taskId);
    const continuing = plan.session && sessions.get(plan.session)?.projectPath === memoryRoot ? plan.session : null;
    const text = continuing && request.prompt ? request.prompt : taskPrompt(plan, request.prompt, Boolean(continuing));
    // Everything that can refuse the run (no provider, a session of another project, a bad
    // /command) does so here, before the worktree exists. The run works in the worktree and
    // belongs to the main checkout.
    prepared = services.orchestrator.prepare({ memoryRoot, cwd: plan.path, text, mode: request.mode, sessionId: continuing, memoryEngine: services.memoryEngine });
    worktree = await services.worktrees.prepare(memoryRoot, taskId);
    prepared = { ...prepared, cwd: worktree.path };
  } catch (err) {
    handle.release({ state: 'failed', error: (err as Error).message });
    throw err;
  }
  request.onWorktree?.(worktree);
  const asker: Asker = async (req, signal) => {
    handle.set({ state: 'waiting' });
    request.onState?.();
    try {
      return await request.asker(req, signal);
    } finally {
      handle.set({ state: 'running' });
      request.onState?.();
    }
  };
  let sessionStarted: (id: string) => void = () => {};
  let sessionFailed: (err: unknown) => void = () => {};
  const session = new Promise<string>((resolve, reject) => {
    sessionStarted = resolve;
    sessionFailed = reject;
  });
  const emit = (e: AgentEvent) => {
    if (e.type === 'session' && !e.parentId) {
      handle.set({ session: e.sessionId });
      sessions.setTask(e.sessionId, taskId);
      updateTask(services.worktrees, memoryRoot, taskId, { link: { session: e.sessionId }, session: e.sessionId });
      sessionStarted(e.sessionId);
      request.onState?.();
    }
    request.emit(e);
  };
  const done = services.orchestrator.run(prepared, { asker, signal: request.signal, emit }).then(
    async (end) => {
      const files = await changedFiles({ worktree: worktree.path }, worktree.base).catch(() => []);
      const t = totals(files);
      const state = end.cancelled ? 'stopped' : end.error ? 'failed' : 'done';
      const words = { stopped: 'agent stopped', failed: `agent failed: ${end.error}`, done: 'agent finished' }[state];
      // A run that ended by itself (finished or failed) waits for a person: the task goes to
      // Review, as on vibe-kanban's board. Stopped by a person, or moved meanwhile, it stays put.
      const toReview = state !== 'stopped' && currentStatus(memoryRoot, taskId) === 'in_progress';
      updateTask(services.worktrees, memoryRoot, taskId, {
        progress: `${words}; ${files.length} file${files.length === 1 ? '' : 's'} changed (+${t.added} −${t.removed})`,
        session: end.sessionId,
        ...(toReview ? { status: 'review' as const } : {}),
      });
      handle.release({ state, error: end.error ?? null });
      request.onState?.();
      return end;
    },
    (err) => {
      handle.release({ state: 'failed', error: (err as Error).message });
      sessionFailed(err);
      request.onState?.();
      throw err;
    },
  );
  return { worktree, session, done };
}

/** The task's title and progress log, and where the agent works, as its first prompt. */
export function taskPrompt(worktree: Pick<PreparedWorktree, 'task' | 'branch' | 'path'>, extra: string | undefined, continuing: boolean): string {
  const task: Task = worktree.task;
  const log = task.log.map((l) => `- ${l.at} ${l.text}`).join('\n');
  return [
    `${continuing ? 'Continue the task' : 'Task'}: ${task.title}`,
    '',
    `Task ${task.id}, progress log so far:`,
    log || '(empty)',
    '',
    `You work in a git worktree of the project on branch ${worktree.branch} (${worktree.path}). Other agents work on other tasks at the same time, each in its own worktree; the project's memory is shared with them.`,
    ...(extra ? ['', extra] : []),
  ].join('\n');
}

function currentStatus(memoryRoot: string, taskId: string): string | null {
  try {
    return new TaskStore(memoryRoot).get(taskId).status;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return null;
  }
}

function updateTask(worktrees: TaskWorktrees, memoryRoot: string, taskId: string, change: Parameters<TaskStore['update']>[1]): void {
  try {
    const store = new TaskStore(memoryRoot);
    // Through the worktrees' recorder: the CLI indexes it as its own write (see cliTaskWrites.ts).
    worktrees.recordTaskWrite(store.get(taskId).path, () => store.update(taskId, change));
  } catch (err) {
    // The task was deleted (or made unreadable) while its agent ran: the run carries on, its
    // branch stays listed on the board; nothing is written over a file a person broke.
    if (!(err instanceof DomainError)) throw err;
  }
}
