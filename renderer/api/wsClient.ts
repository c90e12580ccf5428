import type { ApiEventName, ApiEvents, ApiMethod, ApiParams, ApiResponses, EngramApi, ServerMessage } from '../../contract';
import { ApiError } from '../../contract';

export type ConnectionState = 'connecting' | 'open' | 'lost';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * The browser shell's implementation of EngramApi: JSON requests over one WebSocket to
 * `engram serve`. Reconnects with backoff; calls made while disconnected fail at once with a
 * readable error instead of hanging.
 */
export class WsApi implements EngramApi {
  readonly shell = 'browser' as const;
  private ws?: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private retryMs = 250;
  state: ConnectionState = 'connecting';

  constructor(private readonly url: string) {
    this.connect();
  }

  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResponses[M]> {
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
        return reject(new ApiError('internal', 'Not connected to Engram; reconnecting…'));
      }
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set!.delete(listener as (p: unknown) => void);
  }

  onConnection(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Resolves once the socket is open (immediately if it is). */
  ready(): Promise<void> {
    if (this.state === 'open') return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.onConnection((s) => {
        if (s === 'open') {
          off();
          resolve();
        }
      });
    });
  }

  private setState(s: ConnectionState): void {
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 250;
      this.setState('open');
    };
    ws.onmessage = (e) => this.receive(String(e.data));
    ws.onclose = () => {
      for (const p of this.pending.values()) p.reject(new ApiError('internal', 'Lost the connection to Engram.'));
      this.pending.clear();
      this.setState('lost');
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }

  private receive(text: string): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if ('event' in msg) {
      for (const l of this.listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if ('error' in msg) p.reject(new ApiError(msg.error.code, msg.error.message));
    else p.resolve(msg.result);
  }
}
