import type { Database } from 'better-sqlite3';

/**
 * One numbered schema step. Versions are global and strictly increasing; each domain owns the
 * migrations for its own tables, numbered within its block (see `migrations.ts`).
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /**
   * For a step numbered below versions that databases may already have (each domain numbers
   * within its own block, so a block's new step can be lower than another block's last): whether
   * a database made before `schema_migrations` existed has this step. Steps without it count as
   * there when the database's `user_version` is at or above them.
   */
  present?(db: Database): boolean;
}

/** Whether a table (or virtual table) exists: for `Migration.present`. */
export function hasTable(db: Database, name: string): boolean {
  return Boolean(db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(name));
}

/** Whether a table has a column: for `Migration.present`. */
export function hasColumn(db: Database, table: string, column: string): boolean {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).some((c) => c.name === column);
}
