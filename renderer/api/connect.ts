import type { ApiEventName, ApiEvents, ApiMethod, ApiParams, ApiResponses, EngramApi, EngramBridge } from '../../contract';
import { ApiError } from '../../contract';
import { WsApi } from './wsClient';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser shell. */
    engramBridge?: EngramBridge;
  }
}

/**
 * The API for this shell: the preload's bridge in Electron, a WebSocket to `engram serve` in
 * a browser. The rest of the renderer never knows which.
 */
export function connectApi(): { api: EngramApi; ws?: WsApi } {
  if (window.engramBridge) return { api: new BridgeApi(window.engramBridge) };
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const ws = new WsApi(url);
  return { api: ws, ws };
}

class BridgeApi implements EngramApi {
  readonly shell = 'electron' as const;
  constructor(private readonly bridge: EngramBridge) {}

  async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResponses[M]> {
    const answer = await this.bridge.invoke(method, params);
    if ('error' in answer) throw new ApiError(answer.error.code, answer.error.message);
    return answer.result as ApiResponses[M];
  }

  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    return this.bridge.on(event, listener as (p: unknown) => void);
  }
}
