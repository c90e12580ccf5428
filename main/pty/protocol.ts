/**
 * Messages between the host core and the PTY host process: the terminals' lifecycle only.
 * Output, keystrokes and acks never travel here: each window gets a channel of its own
 * straight into the PTY host (`connect` hands it over: a WebSocket's socket, a MessagePort).
 *
 * A terminal in the PTY host is addressed by `key`: one key per spawned shell, so a message
 * from a shell that was restarted (or whose host died) can never be taken for its successor's.
 *
 * The folder says which process runs what: `core/` runs in the host core's process (the
 * terminal service and the client that starts the PTY host), `hostProcess/` runs in the PTY host
 * process (shells, batching, flow control, scrollback, window channels), and this file is the
 * language both speak.
 */

export interface SpawnRequest {
  type: 'spawn';
  key: string;
  cwd: string;
  cols: number;
  rows: number;
  /** Overrides the user's login shell (tests, settings). */
  shell?: string;
  /** Set in the shell over the login environment. */
  env?: Record<string, string>;
}

/**
 * A window starts watching a terminal. Sent with the channel's transport: the socket of a
 * WebSocket upgrade that `engram serve` has authorised (with the request, so the PTY host
 * can complete the handshake), or a MessagePort in Electron. The window first receives the
 * ring buffer, then live output.
 */
export interface ConnectRequest {
  type: 'connect';
  key: string;
  attachId: number;
  upgrade?: UpgradeRequest;
}

/** What the PTY host needs of an HTTP upgrade request to answer it. */
export interface UpgradeRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Bytes read past the request (normally none). */
  head: Uint8Array;
}

export type ToPtyHost =
  | SpawnRequest
  | { type: 'resize'; key: string; cols: number; rows: number }
  | ConnectRequest
  | { type: 'close'; key: string; reason?: string }
  | { type: 'shutdown' };

export type FromPtyHost =
  | { type: 'heartbeat' }
  | { type: 'spawned'; key: string; pid: number; shell: string }
  | { type: 'spawnFailed'; key: string; message: string }
  | { type: 'exit'; key: string; exitCode: number; signal: number };

/** How often the PTY host says it is alive, and how long the core waits before giving up on it. */
export const HEARTBEAT_MS = 2_000;
export const HEARTBEAT_TIMEOUT_MS = 15_000;
