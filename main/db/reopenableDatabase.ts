import type { Database } from 'better-sqlite3';

/**
 * One database handle for a long-running host whose connection can be replaced under it (a
 * damaged engram.db is moved aside and a fresh one opened, see Host). Every service keeps the
 * `db` given here; each use reaches whichever connection is current. Statements prepared on
 * the old connection die with it, so services keep none across requests except the memory
 * engines, which the host closes and recreates when it replaces the connection.
 */
export class ReopenableDatabase {
  private current: Database;
  readonly db: Database;

  constructor(initial: Database) {
    this.current = initial;
    const target = () => this.current;
    this.db = new Proxy({} as Database, {
      get(_, prop) {
        const conn = target();
        const value = Reflect.get(conn, prop, conn) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(conn) : value;
      },
      set(_, prop, value) {
        return Reflect.set(target(), prop, value);
      },
      has: (_, prop) => Reflect.has(target(), prop),
    });
  }

  /** The connection in use now (to close it, or to see whether a failure came from it). */
  get connection(): Database {
    return this.current;
  }

  replace(next: Database): void {
    this.current = next;
  }
}
