import type { Database } from '../../db/database';

export interface ContinuityState {
  /** The last message id the checkpoint covers (0: no checkpoint yet). */
  checkpointThrough: number;
  checkpoints: number;
  notesRouted: number;
  /** Set once the context was rebuilt: the request is system + block + messages from here on. */
  rebuildFrom: number | null;
  /** Tool outputs in the tail with a smaller message id are sent as a short marker. */
  rebuildClearedBefore: number | null;
  rebuildBlock: string | null;
  rebuilds: number;
}

interface Row {
  checkpoint_through: number;
  checkpoints: number;
  notes_routed: number;
  rebuild_from: number | null;
  rebuild_cleared_before: number | null;
  rebuild_block: string | null;
  rebuilds: number;
}

const EMPTY: ContinuityState = { checkpointThrough: 0, checkpoints: 0, notesRouted: 0, rebuildFrom: null, rebuildClearedBefore: null, rebuildBlock: null, rebuilds: 0 };

/** The per-session continuity row in engram.db; every write is one statement. */
export class ContinuityStore {
  constructor(private readonly db: Database) {}

  get(sessionId: string): ContinuityState {
    const r = this.db.prepare<[string], Row>('SELECT * FROM agent_continuity WHERE session_id = ?').get(sessionId);
    if (!r) return { ...EMPTY };
    return {
      checkpointThrough: r.checkpoint_through,
      checkpoints: r.checkpoints,
      notesRouted: r.notes_routed,
      rebuildFrom: r.rebuild_from,
      rebuildClearedBefore: r.rebuild_cleared_before,
      rebuildBlock: r.rebuild_block,
      rebuilds: r.rebuilds,
    };
  }

  /** Moves the watermark forward only: a late writer never moves it back. */
  checkpointWritten(sessionId: string, through: number, notesRouted: number): void {
    this.db
      .prepare(
        `INSERT INTO agent_continuity (session_id, checkpoint_through, checkpoints, notes_routed, updated_at) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT(session_id) DO UPDATE SET checkpoint_through = max(checkpoint_through, excluded.checkpoint_through),
           checkpoints = checkpoints + 1, notes_routed = max(notes_routed, excluded.notes_routed), updated_at = excluded.updated_at`,
      )
      .run(sessionId, through, notesRouted, new Date().toISOString());
  }

  rebuilt(sessionId: string, from: number, clearedBefore: number, block: string): void {
    this.db
      .prepare(
        `INSERT INTO agent_continuity (session_id, rebuild_from, rebuild_cleared_before, rebuild_block, rebuilds, updated_at)
         VALUES (?, ?, ?, ?, 1, ?)
         ON CONFLICT(session_id) DO UPDATE SET rebuild_from = excluded.rebuild_from, rebuild_block = excluded.rebuild_block,
           rebuild_cleared_before = excluded.rebuild_cleared_before, rebuilds = rebuilds + 1, updated_at = excluded.updated_at`,
      )
      .run(sessionId, from, clearedBefore, block, new Date().toISOString());
  }
}
