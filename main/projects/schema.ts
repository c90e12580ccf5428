import type { Migration } from '../db/migration';

export const projectMigrations: Migration[] = [
  {
    version: 2,
    name: 'projects',
    up(db) {
      db.exec(`CREATE TABLE projects (
        id         TEXT PRIMARY KEY,
        path       TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        opened_at  TEXT NOT NULL,
        position   INTEGER NOT NULL,
        view       TEXT NOT NULL DEFAULT 'agent',
        closed_at  TEXT            -- NULL while the project is open in the workbench
      ) STRICT`);
    },
  },
];
