import { isDatabaseCorruption } from '../db/database';

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
