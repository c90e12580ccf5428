import { hasTable, type Migration } from '../../db/migration';

/** The agent's tables: versions 20–29 belong to this domain. */
export const sessionMigrations: Migration[] = [
  {
    version: 20,
    name: 'agent sessions, messages, tool calls',
    up(db) {
      db.exec(`
        CREATE TABLE agent_sessions (
          id            TEXT PRIMARY KEY,
          project_path  TEXT NOT NULL,
          parent_id     TEXT REFERENCES agent_sessions(id) ON DELETE CASCADE,
          title         TEXT NOT NULL,
          mode          TEXT NOT NULL,
          system        TEXT NOT NULL,          -- the prompt fixed at the session's start
          model         TEXT,
          input_tokens  INTEGER NOT NULL DEFAULT 0,
          output_tokens INTEGER NOT NULL DEFAULT 0,
          cost          REAL NOT NULL DEFAULT 0,
          context_tokens INTEGER NOT NULL DEFAULT 0,  -- last request's prompt + answer
          task_id       TEXT,
          created_at    TEXT NOT NULL,
          updated_at    TEXT NOT NULL
        ) STRICT;
        CREATE INDEX agent_sessions_project ON agent_sessions(project_path, updated_at);
        CREATE TABLE agent_messages (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          session_id  TEXT NOT NULL REFERENCES agent_sessions(id) ON DELETE CASCADE,
          role        TEXT NOT NULL,            -- user | assistant | tool
          content     TEXT NOT NULL,            -- JSON: the AI SDK ModelMessage
          input_tokens  INTEGER,
          output_tokens INTEGER,
          created_at  TEXT NOT NULL
        ) STRICT;
        CREATE INDEX agent_messages_session ON agent_messages(session_id, id);
        CREATE TABLE agent_tool_calls (
          session_id  TEXT NOT NULL REFERENCES agent_sessions(id) ON DELETE CASCADE,
          call_id     TEXT NOT NULL,
          tool        TEXT NOT NULL,
          input       TEXT NOT NULL,            -- JSON, or the raw text when it did not parse
          status      TEXT NOT NULL,            -- running | ok | error | denied | refused | cancelled
          output      TEXT,
          meta        TEXT,                     -- JSON for the UI (diff, exit code)
          started_at  TEXT NOT NULL,
          ended_at    TEXT,
          PRIMARY KEY (session_id, call_id)
        ) STRICT;
      `);
    },
  },
  {
    version: 21,
    name: 'usage per model request, cache tokens per session',
    present: (db) => hasTable(db, 'agent_requests'),
    up(db) {
      db.exec(`
        ALTER TABLE agent_sessions ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE agent_sessions ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
        -- One row per model request, as the provider reported it; kept when its session is
        -- deleted, so what a project cost stays known.
        CREATE TABLE agent_requests (
          id                 INTEGER PRIMARY KEY AUTOINCREMENT,
          session_id         TEXT REFERENCES agent_sessions(id) ON DELETE SET NULL,
          project_path       TEXT NOT NULL,
          provider           TEXT,
          model              TEXT,
          at                 TEXT NOT NULL,     -- ISO time
          day                TEXT NOT NULL,     -- the host's local date, YYYY-MM-DD
          input_tokens       INTEGER NOT NULL,  -- every prompt token, cached ones included
          output_tokens      INTEGER NOT NULL,
          cache_read_tokens  INTEGER NOT NULL,
          cache_write_tokens INTEGER NOT NULL,
          cost               REAL               -- dollars; NULL when the model has no known price
        ) STRICT;
        CREATE INDEX agent_requests_day ON agent_requests(day, project_path);
      `);
    },
  },
];
