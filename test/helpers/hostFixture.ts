import { afterEach } from 'vitest';
import { Host, type HostOptions } from '../../main/core/host';
import { tempDir } from './tempDir';
import type { AgentEvent } from '../../contract';

/** A request's result, or a thrown Error saying the code and message it failed with. */
export async function ok<T>(host: Host, method: string, params: unknown): Promise<T> {
  const answer = await host.handle(method, params);
  if ('error' in answer) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

export interface HostFixture {
  /** A Host as the browser shell makes it (a fresh data folder unless given); closed after the test. */
  start(options?: Partial<HostOptions>): Host;
  /** The Host started last (for helpers shared by a file's tests). */
  readonly current: Host | null;
}

/**
 * Host-level tests call the API as a shell does (`host.handle`). Every Host a test starts is
 * closed after it, also when it fails, so its PTY host, watchers and database go with it.
 */
export function useHost(): HostFixture {
  const started: Host[] = [];
  afterEach(() => {
    for (const host of started.splice(0)) host.close();
  });
  return {
    start(options = {}) {
      const host = new Host({ dataDir: tempDir(), shell: 'browser', ...options });
      started.push(host);
      return host;
    },
    get current() {
      return started.at(-1) ?? null;
    },
  };
}

/**
 * Sends a message to the agent and waits for its run to end: the events it emitted, its
 * `done` event and its session.
 */
export async function sendAndWait(
  host: Host,
  params: { projectId: string; text: string; sessionId?: string },
): Promise<{ done: Extract<AgentEvent, { type: 'done' }>; events: AgentEvent[]; sessionId: string }> {
  const events: AgentEvent[] = [];
  const done = new Promise<Extract<AgentEvent, { type: 'done' }>>((resolve) => {
    const off = host.events.on('agent.event', ({ event }) => {
      events.push(event);
      if (event.type === 'done') {
        off();
        resolve(event);
      }
    });
  });
  const { sessionId } = await ok<{ sessionId: string }>(host, 'agent.send', params);
  return { done: await done, events, sessionId };
}
