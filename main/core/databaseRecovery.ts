import type { AppNotice } from '../../contract';
import { isDatabaseCorruption, type RebuiltDatabase } from '../db/database';
import { salvageSentence } from '../db/salvage/salvageSummary';

/** Whether `err`, or an error it wraps (`cause`), says engram.db is damaged. */
export function corruptionIn(err: unknown): Error | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isDatabaseCorruption(e)) return e as Error;
  }
  return null;
}

/**
 * Rebuilds the host's database at most once per damage: requests that meet the damage at the
 * same time wait for the one rebuild, and a request that started on the old connection and
 * fails after the rebuild does not cause another.
 */
export class DatabaseRecovery {
  private generation = 0;
  private running: Promise<void> | null = null;

  constructor(private readonly rebuild: (err: Error) => Promise<void>) {}

  /** Taken when a request starts, handed to `recover` if it fails. */
  get current(): number {
    return this.generation;
  }

  /** Resolves once no rebuild is running: requests wait for it rather than meet a closed connection. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  async recover(err: Error, seen: number): Promise<void> {
    if (seen !== this.generation && !this.running) return;
    this.running ??= this.rebuild(err).finally(() => {
      this.generation++;
      this.running = null;
    });
    await this.running;
  }
}

/** The notice the window shows after a rebuild: where the old file went and what came back from it. */
export function rebuiltNotice(rebuilt: RebuiltDatabase): AppNotice {
  return {
    kind: 'database-rebuilt',
    message:
      `Engram's database was damaged; it was moved to ${rebuilt.movedTo} and rebuilt from your projects' files (memory, tasks, dream history). ` +
      salvageSentence(rebuilt.salvage),
    at: new Date().toISOString(),
  };
}
