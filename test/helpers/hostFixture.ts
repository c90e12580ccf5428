import { afterEach } from 'vitest';
import { Host, type HostOptions } from '../../main/core/host';
import { tempDir } from './tempDir';

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
