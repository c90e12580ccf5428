/**
 * How requests, answers and events travel: the WebSocket transport's frames (Electron IPC
 * carries the same objects), the IPC channel names, and what the Electron preload exposes.
 * No runtime imports: the sandboxed preload bundles this file alone (it cannot load zod).
 */
import type { ApiEventName } from './api';
import type { ApiErrorShape } from './errors';

export type ClientMessage = { id: number; method: string; params: unknown };
/** The host's answer to one request. */
export type ApiAnswer = { result: unknown } | { error: ApiErrorShape };

export type ServerMessage =
  | { id: number; result: unknown }
  | { id: number; error: ApiErrorShape }
  | { event: ApiEventName; payload: unknown };

/** IPC channel names shared by the preload and the Electron main process. */
export const IPC_CALL = 'engram:call';
export const IPC_EVENT = 'engram:event';
/** Renderer → main: open a terminal's byte channel; main answers with a MessagePort. */
export const IPC_TERMINAL_OPEN = 'engram:terminal-open';
export const IPC_TERMINAL_PORT = 'engram:terminal-port';

/**
 * In Electron a terminal's byte channel is a MessagePort: it arrives as a window `message` event
 * whose data is `{ [TERMINAL_PORT_MESSAGE]: id }` with the port in `ports[0]` (contextBridge
 * cannot hand over a MessagePort itself).
 */
export const TERMINAL_PORT_MESSAGE = 'engramTerminalPort';

/**
 * What the Electron preload exposes as `window.engramBridge`: the raw request/answer pair.
 * (contextBridge does not carry error classes, so the renderer turns answers into ApiErrors.)
 */
export interface EngramBridge {
  readonly shell: 'electron';
  invoke(method: string, params: unknown): Promise<ApiAnswer>;
  on(event: ApiEventName, listener: (payload: unknown) => void): () => void;
  /**
   * Asks for a terminal's byte channel. The port arrives as a window `message` event whose
   * data is `{ [TERMINAL_PORT_MESSAGE]: id }` with the MessagePort in `ports[0]`.
   */
  openTerminalPort(id: string): void;
}

/**
 * Every key of `window.engramBridge`, and nothing more: a test holds the preload to exactly
 * these (the compiler holds this list to the interface, both ways).
 */
export const BRIDGE_KEYS = ['shell', 'invoke', 'on', 'openTerminalPort'] as const satisfies readonly (keyof EngramBridge)[];
type MissingBridgeKey = Exclude<keyof EngramBridge, (typeof BRIDGE_KEYS)[number]>;
/** Fails to compile when EngramBridge gains a key BRIDGE_KEYS lacks. */
export const BRIDGE_KEYS_COMPLETE: [MissingBridgeKey] extends [never] ? true : never = true;
