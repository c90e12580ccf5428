import { hasColumn, type Migration } from '../db/migration';

/**
 * Dream runs (the record shown in history), the bytes of every file a dream changed (before and
 * after, so revert is byte exact and the diff needs no file), and when a project's schedule began
 * (a project never dreamed is not "overdue" the moment it is opened).
 */
export const dreamMigrations: Migration[] = [
  {
    version: 30,
    name: 'dream runs',
    up(db) {
      db.exec(`
        CREATE TABLE dream_runs (
          id            TEXT PRIMARY KEY,
          project       TEXT NOT NULL,
          started_at    TEXT NOT NULL,
          finished_at   TEXT NOT NULL,
          status        TEXT NOT NULL,          -- done | reverted
          llm           INTEGER NOT NULL DEFAULT 0,
          merged        INTEGER NOT NULL DEFAULT 0,
          paths_fixed   INTEGER NOT NULL DEFAULT 0,
          paths_flagged INTEGER NOT NULL DEFAULT 0,
          promoted      INTEGER NOT NULL DEFAULT 0,
          superseded    INTEGER NOT NULL DEFAULT 0,
          bytes_before  INTEGER NOT NULL DEFAULT 0,
          bytes_after   INTEGER NOT NULL DEFAULT 0,
          report        TEXT NOT NULL DEFAULT '',
          reverted_at   TEXT
        ) STRICT;
        CREATE INDEX dream_runs_project ON dream_runs (project, started_at);
        CREATE TABLE dream_files (
          dream_id TEXT NOT NULL REFERENCES dream_runs (id) ON DELETE CASCADE,
          path     TEXT NOT NULL,               -- relative to the project root
          before   BLOB,                        -- NULL: the file did not exist
          after    BLOB NOT NULL,
          PRIMARY KEY (dream_id, path)
        ) STRICT;
        CREATE TABLE dream_schedule (
          project TEXT PRIMARY KEY,
          since   TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    // 35, not 31: leaves room in the dream block for steps being written in parallel.
    version: 35,
    name: 'dream runs restored from their files',
    present: (db) => hasColumn(db, 'dream_runs', 'restored'),
    up(db) {
      // 1: the row was rebuilt from .engram/dreams/ after engram.db was started fresh.
      db.exec(`ALTER TABLE dream_runs ADD COLUMN restored INTEGER NOT NULL DEFAULT 0`);
    },
  },
];
