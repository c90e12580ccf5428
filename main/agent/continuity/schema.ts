import type { Migration } from '../../db/migration';

/** Continuity's state per session: versions 50–59 belong to this domain. */
export const continuityMigrations: Migration[] = [
  {
    version: 50,
    name: 'session continuity: checkpoint watermark, routed notes, rebuild point',
    up(db) {
      db.exec(`
        CREATE TABLE agent_continuity (
          session_id         TEXT PRIMARY KEY REFERENCES agent_sessions(id) ON DELETE CASCADE,
          checkpoint_through INTEGER NOT NULL DEFAULT 0,  -- last agent_messages.id the checkpoint covers
          checkpoints        INTEGER NOT NULL DEFAULT 0,
          notes_routed       INTEGER NOT NULL DEFAULT 0,  -- notes.md items already routed
          rebuild_from       INTEGER,                     -- first agent_messages.id of the kept tail
          rebuild_cleared_before INTEGER,               -- tail tool outputs before this id show as a marker
          rebuild_block      TEXT,                        -- what the system prompt got at that rebuild
          rebuilds           INTEGER NOT NULL DEFAULT 0,
          updated_at         TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];
