import type { Database } from './database';

/** A small typed key/value store for app-wide state (JSON values): layout, schedules, remembered choices. It is not user settings: those live in main/settings/. */
export class KeyValueStore {
  // Statements are prepared at each use, not kept: the host may replace the connection under
  // this store (a damaged database rebuilt, see ReopenableDatabase).
  constructor(private readonly db: Database) {}

  get<T>(key: string, fallback: T): T {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    if (!row) return fallback;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return fallback;
    }
  }

  set(key: string, value: unknown): void {
    if (value === undefined) this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
    else
      this.db
        .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
        .run(key, JSON.stringify(value));
  }
}
