import type { LanguageModel, ModelMessage } from 'ai';
import { requestCost } from '../../settings/catalog/cost';
import type { AgentCheckpointEvent, AgentEvent } from '../../../contract';
import type { Database } from '../../db/database';
import { tokenCount } from '../../memory/context/tokens';
import type { AgentSettings } from '../../settings/agentSettings';
import { repairHistory } from '../loop/history';
import type { MemoryPort } from '../memoryPort';
import type { SessionStore } from '../sessions/sessionStore';
import type { TaskPort } from '../taskPort';
import { writeCheckpoint, type WriterOutcome } from './checkpointWriter';
import { ContinuityStore, type ContinuityState } from './continuityStore';
import { clearOutputs, tailBudget, tailMessages, tailStart, type Row } from './keptTail';
import { rebuildBlock } from './rebuildBlock';
import { checkpointPath } from './sessionNotes';
import { checkpointThresholds, levelOf, usableWindow } from './thresholds';
import { WriterQueue, type CheckpointRequest, type QueueReport } from './writerQueue';

export interface RunContinuityInput {
  root: string;
  sessionId: string;
  sessions: SessionStore;
  settings: AgentSettings;
  model: LanguageModel;
  memory: MemoryPort;
  tasks: TaskPort;
  taskId: () => string | null;
  emit: (e: AgentEvent) => void;
}

export interface ModelRequest {
  system: string;
  messages: ModelMessage[];
  tokens: number;
}

/**
 * Continuity for one process (the CLI run, or the host): the checkpoint writers of every
 * session, which outlive a run. `idle()` is what a CLI awaits before closing the database.
 */
export class Continuity {
  readonly store: ContinuityStore;
  readonly queue = new WriterQueue();
  private readonly aborter = new AbortController();

  constructor(db: Database) {
    this.store = new ContinuityStore(db);
  }

  forRun(input: RunContinuityInput): RunContinuity {
    return new RunContinuity(this, input, this.aborter.signal);
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Stops running writers (their checkpoint is not written; the watermark stays). */
  dispose(): void {
    this.aborter.abort(new Error('closing'));
  }
}

/**
 * What the agent loop asks before every model request (`request`): the messages to send,
 * measured with the o200k tokenizer. Crossing a threshold enqueues a checkpoint and returns at
 * once; reaching the highest one rebuilds the context, waiting for the checkpoint first, since
 * the checkpoint is then the only record of what the tail leaves out.
 */
export class RunContinuity {
  private readonly thresholds: number[];
  private readonly usable: number;
  private level: number | null = null;
  /** Last message id at the latest rebuild of this run: never rebuild twice over the same messages. */
  private rebuiltAt = -1;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly owner: Continuity,
    private readonly input: RunContinuityInput,
    private readonly signal: AbortSignal,
  ) {
    const s = input.settings;
    this.usable = usableWindow(s.contextWindow, s.outputReserve);
    this.thresholds = checkpointThresholds(s.contextWindow, s.outputReserve, s.checkpointThresholds);
  }

  async request(system: string): Promise<ModelRequest> {
    const rows = this.input.sessions.messageRows(this.input.sessionId);
    let view = this.view(system, rows, this.owner.store.get(this.input.sessionId));
    if (!this.thresholds.length || !rows.length) return view;
    const top = this.thresholds[this.thresholds.length - 1];
    const lastId = rows[rows.length - 1].id;
    const firstOfRun = this.level === null;
    if (view.tokens >= top && lastId !== this.rebuiltAt) {
      this.rebuiltAt = lastId;
      try {
        await this.rebuild(rows, view.tokens, top, firstOfRun && rows.length > 1 ? 'resume' : 'threshold');
      } catch {
        // A rebuild that fails (a file it cannot read, a database error) leaves the request as it was:
        // the agent keeps working on the full history, and the next new message tries again.
        return view;
      }
      view = this.view(system, rows, this.owner.store.get(this.input.sessionId));
      this.level = levelOf(view.tokens, this.thresholds);
      return view;
    }
    const level = levelOf(view.tokens, this.thresholds);
    if (this.level !== null && level > this.level) this.enqueue(view.tokens, this.thresholds[level - 1], lastId);
    this.level = level;
    return view;
  }

  private view(system: string, rows: Row[], state: ContinuityState): ModelRequest {
    let messages: ModelMessage[];
    if (state.rebuildFrom === null || state.rebuildBlock === null) messages = repairHistory(rows.map((r) => r.message));
    else {
      system = `${system}\n\n${state.rebuildBlock}`;
      messages = tailMessages(rows, state.rebuildFrom, state.rebuildClearedBefore ?? 0, Math.floor(tailBudget(this.usable) / 2));
    }
    return { system, messages, tokens: this.count(system) + messages.reduce((n, m) => n + this.count(JSON.stringify(m)), 0) };
  }

  private async rebuild(rows: Row[], tokens: number, threshold: number, reason: 'threshold' | 'resume'): Promise<void> {
    const { sessionId, sessions, emit } = this.input;
    const lastId = rows[rows.length - 1].id;
    if (this.owner.store.get(sessionId).checkpointThrough < lastId) {
      this.enqueue(tokens, threshold, lastId);
      await this.owner.queue.settled(sessionId);
    }
    const tail = tailStart(rows, tailBudget(this.usable), (r, cleared) => this.count(JSON.stringify(cleared ? clearOutputs(r.message) : r.message)));
    if (!tail) return;
    const block = await rebuildBlock({
      root: this.input.root,
      sessionId,
      checkpointFile: checkpointPath(this.input.root, sessionId),
      memory: this.input.memory,
      tasks: this.input.tasks,
      taskId: this.input.taskId(),
      usable: this.usable,
      contextTokens: tokens,
      fallbackQuery: sessions.get(sessionId)?.title ?? '',
    });
    this.owner.store.rebuilt(sessionId, tail.from, tail.clearedBefore, block.text);
    const after = this.view(sessions.systemPrompt(sessionId), rows, this.owner.store.get(sessionId));
    emit({
      type: 'rebuild',
      sessionId,
      reason,
      contextTokens: tokens,
      threshold,
      afterTokens: after.tokens,
      keptMessages: rows.filter((r) => r.id >= tail.from).length,
      checkpoint: block.checkpoint,
    });
  }

  private enqueue(contextTokens: number, threshold: number, through: number): void {
    const { sessionId, root, sessions, model, memory, emit } = this.input;
    const outcomes = new WeakMap<CheckpointRequest, WriterOutcome>();
    const s = this.input.settings;
    const deps = {
      root,
      sessions,
      continuity: this.owner.store,
      model,
      memory,
      usableWindow: this.usable,
      // The writer's requests cost tokens too: they count in the session's usage, not its context.
      recordUsage: (u: { input: number; output: number; cacheRead: number; cacheWrite: number }) =>
        sessions.addUsage(sessionId, { ...u, cost: requestCost(s.pricing, u), provider: s.provider, model: s.model, context: false }),
    };
    const job = async (req: CheckpointRequest) => {
      outcomes.set(req, await writeCheckpoint(deps, req.sessionId, req.through, this.signal));
    };
    const report = (r: QueueReport) => {
      const base = { type: 'checkpoint' as const, sessionId, contextTokens: r.request.contextTokens, threshold: r.request.threshold, through: r.request.through };
      let event: AgentCheckpointEvent;
      if (r.status !== 'finished') event = { ...base, status: r.status };
      else if (r.error) event = { ...base, status: 'failed', error: r.error.message };
      else {
        const o = outcomes.get(r.request);
        event = { ...base, status: 'written', path: o?.path, missing: o?.missing, promoted: o?.promoted };
      }
      try {
        emit(event);
      } catch {
        // A closed client must not stop the writer's queue.
      }
    };
    this.owner.queue.request({ sessionId, contextTokens, threshold, through }, job, report);
  }

  private count(text: string): number {
    let n = this.counts.get(text);
    if (n === undefined) {
      n = tokenCount(text);
      this.counts.set(text, n);
    }
    return n;
  }
}
