import type { AgentEvent, ApiEvents, PermissionAnswer, TaskWorktreeBoard } from '../../contract';
import type { AgentMode } from '../../contract';
import type { MemoryEngine } from '../memory/memoryEngine';
import { batchedEvents } from '../agent/eventBatcher';
import type { AgentOrchestrator } from '../agent/agentOrchestrator';
import type { PermissionRequest } from '../agent/permissions/gate';
import { NotFoundError } from '../errors/domainErrors';
import { TaskStore } from '../tasks/taskStore';
import { startTaskRun } from './taskAgentRun';
import { TaskWorktrees } from './taskWorktrees';

interface Options {
  dataDir: string;
  /** The host's one orchestrator, shared with the Agent tab (its checkpoint writers and session grants). */
  orchestrator: AgentOrchestrator;
  projectPath(projectId: string): string;
  memoryEngine?: (projectId: string) => MemoryEngine;
  emit<E extends 'agent.event' | 'worktrees.changed'>(event: E, payload: ApiEvents[E]): void;
  log?: (line: string) => void;
}

interface LiveRun {
  projectId: string;
  taskId: string;
  sessionId: string;
  controller: AbortController;
  pending: Map<string, { request: PermissionRequest; resolve: (answer: PermissionAnswer) => void }>;
}

/**
 * The host's task agents: any number run at once, one per task, each in its task's worktree
 * (PTY-free child processes for its commands, like every agent run). Their events go out as
 * `agent.event` with the task's id, their permission asks wait for the card or the Agent tab,
 * and `worktrees.changed` tells the board whenever a run or a worktree changes.
 */
export class TaskRuns {
  readonly worktrees: TaskWorktrees;
  private readonly live = new Map<string, LiveRun>();
  private closed = false;
  private readonly options: Options;

  constructor(options: Options) {
    // Runs end after the host closed (aborted by dispose): nothing is sent to a closed host.
    this.options = { ...options, emit: (event, payload) => !this.closed && options.emit(event, payload) };
    this.worktrees = new TaskWorktrees(options.dataDir);
  }

  async board(projectId: string): Promise<TaskWorktreeBoard> {
    const board = await this.worktrees.board(this.options.projectPath(projectId));
    for (const w of board.worktrees) {
      const run = this.live.get(key(projectId, w.taskId));
      const first = run ? [...run.pending.values()][0] : undefined;
      if (first) w.permission = { requestId: first.request.requestId, tool: first.request.tool, subject: first.request.subject };
    }
    return board;
  }

  async start(projectId: string, input: { taskId: string; mode?: AgentMode; prompt?: string }) {
    const root = this.options.projectPath(projectId);
    const controller = new AbortController();
    const run: LiveRun = { projectId, taskId: input.taskId, sessionId: '', controller, pending: new Map() };
    const changed = () => this.options.emit('worktrees.changed', { projectId });
    const emit = batchedEvents((e: AgentEvent) =>
      this.options.emit('agent.event', { projectId, sessionId: e.type === 'session' ? e.sessionId : run.sessionId, event: e, taskId: run.taskId }),
    );
    const started = await startTaskRun(
      {
        orchestrator: this.options.orchestrator,
        worktrees: this.worktrees,
        memoryEngine: this.options.memoryEngine?.(projectId),
      },
      {
        projectRoot: root,
        taskId: input.taskId,
        mode: input.mode,
        prompt: input.prompt,
        signal: controller.signal,
        emit,
        onState: changed,
        asker: (request, signal) =>
          new Promise((resolve) => {
            if (signal.aborted) return resolve('deny');
            run.pending.set(request.requestId, {
              request,
              resolve: (answer) => {
                run.pending.delete(request.requestId);
                resolve(answer);
              },
            });
            signal.addEventListener('abort', () => resolve('deny'), { once: true });
            changed();
          }),
      },
    );
    run.taskId = started.worktree.task.id;
    this.live.set(key(projectId, run.taskId), run);
    void started.done
      .catch((err) => this.options.log?.(`engram: task ${run.taskId} agent failed: ${(err as Error)?.stack ?? err}`))
      .finally(() => {
        this.live.delete(key(projectId, run.taskId));
        changed();
      });
    changed();
    run.sessionId = await started.session;
    return { taskId: run.taskId, sessionId: run.sessionId, branch: started.worktree.branch, path: started.worktree.path };
  }

  /** A merge or discard: the board is told afterwards, whatever the outcome. */
  async changing<T>(projectId: string, fn: (root: string) => Promise<T>): Promise<T> {
    try {
      return await fn(this.options.projectPath(projectId));
    } finally {
      this.options.emit('worktrees.changed', { projectId });
    }
  }

  /** The task whose agent works in a worktree in this session, if any. */
  taskOfSession(projectId: string, sessionId: string): string | null {
    const root = this.options.projectPath(projectId);
    const task = new TaskStore(root).list().tasks.find((t) => t.session === sessionId && t.worktree);
    return task?.id ?? null;
  }

  /** Where "Open terminal here" starts its shell. */
  async worktreePath(projectId: string, taskId: string): Promise<string> {
    const board = await this.worktrees.board(this.options.projectPath(projectId));
    const item = board.worktrees.find((w) => w.taskId === taskId);
    if (!item?.path) throw new NotFoundError(`Task ${taskId} has no worktree${item?.missing ? ' (its folder was deleted; Start agent re-creates it)' : ''}.`);
    return item.path;
  }

  stop(projectId: string, taskId: string): boolean {
    const run = this.live.get(key(projectId, taskId)) ?? [...this.live.values()].find((r) => r.projectId === projectId && r.taskId.startsWith(taskId));
    if (!run) return false;
    run.controller.abort(new Error('cancelled'));
    return true;
  }

  /** Stops the task run working in this session, if one is. */
  stopSession(projectId: string, sessionId: string): boolean {
    const run = [...this.live.values()].find((r) => r.projectId === projectId && r.sessionId === sessionId);
    if (!run) return false;
    run.controller.abort(new Error('cancelled'));
    return true;
  }

  answer(projectId: string, requestId: string, answer: PermissionAnswer): boolean {
    for (const run of this.live.values()) {
      const pending = run.projectId === projectId ? run.pending.get(requestId) : undefined;
      if (pending) {
        pending.resolve(answer);
        return true;
      }
    }
    return false;
  }

  /** Whether any task agent of the project runs, and whether one waits for a person. */
  activity(projectId: string): 'idle' | 'running' | 'waiting' {
    const runs = [...this.live.values()].filter((r) => r.projectId === projectId);
    if (!runs.length) return 'idle';
    return runs.some((r) => r.pending.size) ? 'waiting' : 'running';
  }

  isRunningSession(sessionId: string): boolean {
    return [...this.live.values()].some((r) => r.sessionId === sessionId);
  }

  closeProject(projectId: string): void {
    for (const run of this.live.values()) if (run.projectId === projectId) run.controller.abort(new Error('project closed'));
  }

  dispose(): void {
    this.closed = true;
    for (const run of this.live.values()) run.controller.abort(new Error('host closing'));
  }
}

const key = (projectId: string, taskId: string) => `${projectId}\0${taskId}`;
