/**
 * Messages between the host core and the PTY host process. Both sides run in Node (or an
 * Electron utility process); messages are structured-cloned, so output travels as Uint8Array.
 *
 * A terminal in the PTY host is addressed by `key`: one key per spawned shell, so a message
 * from a shell that was restarted (or whose host died) can never be taken for its successor's.
 */

export interface SpawnRequest {
  type: 'spawn';
  key: string;
  cwd: string;
  cols: number;
  rows: number;
  /** Overrides the user's login shell (tests, settings). */
  shell?: string;
}

export type ToPtyHost =
  | SpawnRequest
  | { type: 'input'; key: string; data: string }
  | { type: 'resize'; key: string; cols: number; rows: number }
  /** Bytes the watching renderer has parsed (xterm's write callback ran). */
  | { type: 'ack'; key: string; bytes: number }
  /** A client starts watching: answer with `replay` (the ring buffer), then stream `data`. */
  | { type: 'attach'; key: string; attachId: number }
  | { type: 'detach'; key: string; attachId: number }
  | { type: 'close'; key: string }
  | { type: 'shutdown' };

export type FromPtyHost =
  | { type: 'heartbeat' }
  | { type: 'spawned'; key: string; pid: number; shell: string }
  | { type: 'spawnFailed'; key: string; message: string }
  | { type: 'data'; key: string; data: Uint8Array }
  | { type: 'replay'; key: string; attachId: number; data: Uint8Array }
  | { type: 'exit'; key: string; exitCode: number; signal: number };

/** How often the PTY host says it is alive, and how long the core waits before giving up on it. */
export const HEARTBEAT_MS = 2_000;
export const HEARTBEAT_TIMEOUT_MS = 15_000;
