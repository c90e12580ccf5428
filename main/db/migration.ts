import type { Database } from 'better-sqlite3';

/**
 * One numbered schema step. Versions are global and strictly increasing; each domain owns the
 * migrations for its own tables, numbered within its block (see `migrations.ts`).
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
