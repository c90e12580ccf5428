import type { ApiErrorShape, ApiEvents, ApiMethod, ApiResponses, AppInfo, ShellKind } from '../../preload/api';
import { requestSchemas } from '../../preload/api';
import { openDatabase, type Database } from '../db/database';
import { Workbench } from '../projects/workbench';
import { HostError } from './hostError';
import { TypedEvents } from './typedEvents';
import { ENGRAM_VERSION } from './version';

export interface HostOptions {
  dataDir: string;
  shell: ShellKind;
  /** better-sqlite3 binary for another ABI (Electron). */
  nativeBinding?: string;
  /** Native folder dialog, where the shell has one. */
  pickFolder?: () => Promise<string | null>;
  log?: (line: string) => void;
}

type Handlers = {
  [M in ApiMethod]: (params: never) => ApiResponses[M] | Promise<ApiResponses[M]>;
};

/**
 * The host core: one per process, shared by every window and transport. It knows nothing of
 * Electron or WebSockets; shells call `handle` with untrusted input and forward `events`.
 */
export class Host {
  readonly events = new TypedEvents<ApiEvents>();
  readonly db: Database;
  readonly workbench: Workbench;
  private readonly handlers: Handlers;
  private closed = false;

  constructor(private readonly options: HostOptions) {
    this.db = openDatabase(options.dataDir, { nativeBinding: options.nativeBinding, log: options.log });
    this.workbench = new Workbench(this.db, (state) => this.events.emit('workbench.changed', state));
    this.handlers = this.createHandlers();
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  info(): AppInfo {
    return {
      name: 'Engram',
      version: ENGRAM_VERSION,
      shell: this.options.shell,
      dataDir: this.options.dataDir,
      platform: process.platform,
      canPickFolder: Boolean(this.options.pickFolder),
    };
  }

  /**
   * Validates and runs one request. Never throws: the answer is a result or an error a person
   * can read, so a bad request from any client cannot take the host down.
   */
  async handle(method: string, params: unknown): Promise<{ result: unknown } | { error: ApiErrorShape }> {
    if (!Object.prototype.hasOwnProperty.call(requestSchemas, method)) {
      return { error: { code: 'unknown_method', message: `Unknown method: ${String(method).slice(0, 100)}` } };
    }
    const schema = requestSchemas[method as ApiMethod];
    const parsed = schema.safeParse(params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return { error: { code: 'invalid_request', message: `Invalid request for ${method}: ${where}${issue?.message}` } };
    }
    try {
      const handler = this.handlers[method as ApiMethod] as (p: unknown) => unknown;
      return { result: await handler(parsed.data) };
    } catch (err) {
      if (err instanceof HostError) return { error: { code: err.code, message: err.message } };
      this.options.log?.(`engram: ${method} failed: ${(err as Error)?.stack ?? err}`);
      return { error: { code: 'internal', message: `${method} failed: ${(err as Error)?.message ?? err}` } };
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private createHandlers(): Handlers {
    const wb = this.workbench;
    return {
      'app.info': () => this.info(),
      'workbench.state': () => wb.state(),
      'projects.open': ({ path }: { path: string }) => wb.open(path),
      'projects.close': ({ id }: { id: string }) => ({ closed: wb.close(id) }),
      'projects.activate': ({ id }: { id: string | null }) => ({ activeProjectId: wb.activate(id) }),
      'projects.setView': ({ id, view }: { id: string; view: never }) => wb.setView(id, view),
      'projects.pickFolder': async () => {
        if (!this.options.pickFolder) {
          throw new HostError('unsupported', 'This shell has no folder dialog: type the folder path instead.');
        }
        return { path: await this.options.pickFolder() };
      },
      'layout.set': (patch: object) => wb.setLayout(patch),
    };
  }
}
