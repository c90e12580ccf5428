/** One request for a checkpoint: what crossed which threshold, and where to report. */
export interface CheckpointRequest {
  sessionId: string;
  contextTokens: number;
  threshold: number;
  /** The last message id the checkpoint must cover. */
  through: number;
}

export type QueueReport =
  | { status: 'started' | 'queued' | 'replaced'; request: CheckpointRequest }
  | { status: 'finished'; request: CheckpointRequest; error: Error | null };

type Job = (request: CheckpointRequest) => Promise<void>;

interface Slot {
  running: Promise<void>;
  waiting: { request: CheckpointRequest; job: Job; report: (r: QueueReport) => void } | null;
}

/**
 * At most one writer runs per session and at most one request waits; a newer request replaces
 * the waiting one (it covers more). `request` never waits: the agent loop only enqueues.
 */
export class WriterQueue {
  private readonly slots = new Map<string, Slot>();

  request(request: CheckpointRequest, job: Job, report: (r: QueueReport) => void): void {
    const slot = this.slots.get(request.sessionId);
    if (!slot) {
      this.start(request, job, report);
      return;
    }
    if (slot.waiting) slot.waiting.report({ status: 'replaced', request: slot.waiting.request });
    slot.waiting = { request, job, report };
    report({ status: 'queued', request });
  }

  /** Resolves when this session has no writer running or waiting. */
  async settled(sessionId: string): Promise<void> {
    for (let slot = this.slots.get(sessionId); slot; slot = this.slots.get(sessionId)) await slot.running;
  }

  /** Resolves when no writer of any session runs or waits. */
  async idle(): Promise<void> {
    while (this.slots.size) await Promise.all([...this.slots.values()].map((s) => s.running));
  }

  busy(sessionId: string): boolean {
    return this.slots.has(sessionId);
  }

  private start(request: CheckpointRequest, job: Job, report: (r: QueueReport) => void): void {
    const slot: Slot = { running: Promise.resolve(), waiting: null };
    this.slots.set(request.sessionId, slot);
    report({ status: 'started', request });
    slot.running = job(request).then(
      () => this.finish(slot, request, report, null),
      (err: unknown) => this.finish(slot, request, report, err instanceof Error ? err : new Error(String(err))),
    );
  }

  private finish(slot: Slot, request: CheckpointRequest, report: (r: QueueReport) => void, error: Error | null): void {
    report({ status: 'finished', request, error });
    const next = slot.waiting;
    this.slots.delete(request.sessionId);
    if (next) this.start(next.request, next.job, next.report);
  }
}
