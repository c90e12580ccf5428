import { hasColumn, hasTable, type Migration } from '../db/migration';
import { tokenCount } from './context/tokens';
import { createEmbeddingTables } from './semantic/embeddingTables';

/**
 * The memory index and the memory event log. Memory owns versions 3–19.
 *
 * `memory_docs` holds one row per indexed unit, whatever its source (`source_type`): a memory
 * entry, a checkpoint, a notes file, a task's progress, and later a session message (its
 * `doc_key` the message id, `path` NULL). `scope` is a project's real path, or `@user` for the
 * user-wide memory, so one database serves every project. `memory_fts` is an external-content
 * FTS5 table kept in step by triggers; `body` is ranked above `meta` (id, kind, source, title).
 * `memory_files` remembers what was indexed (mtime, size, hash) for incremental sync.
 */
export const memoryMigrations: Migration[] = [
  {
    version: 3,
    name: 'memory index',
    up(db) {
      db.exec(`
        CREATE TABLE memory_docs (
          rowid       INTEGER PRIMARY KEY,
          scope       TEXT NOT NULL,
          source_type TEXT NOT NULL,       -- memory | checkpoint | notes | task | message
          doc_key     TEXT NOT NULL,
          path        TEXT,                -- file relative to the scope's root; NULL for messages
          kind        TEXT NOT NULL DEFAULT '',
          source      TEXT NOT NULL DEFAULT '',
          at          TEXT NOT NULL DEFAULT '',
          pinned      INTEGER NOT NULL DEFAULT 0,
          body        TEXT NOT NULL,
          meta        TEXT NOT NULL DEFAULT '',
          UNIQUE (scope, source_type, doc_key)
        ) STRICT;
        CREATE INDEX memory_docs_path ON memory_docs (scope, path);
        CREATE INDEX memory_docs_recent ON memory_docs (scope, source_type, at);

        CREATE VIRTUAL TABLE memory_fts USING fts5(
          body, meta, content='memory_docs', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE memory_vocab USING fts5vocab(memory_fts, row);
        CREATE TRIGGER memory_docs_ai AFTER INSERT ON memory_docs BEGIN
          INSERT INTO memory_fts (rowid, body, meta) VALUES (new.rowid, new.body, new.meta);
        END;
        CREATE TRIGGER memory_docs_ad AFTER DELETE ON memory_docs BEGIN
          INSERT INTO memory_fts (memory_fts, rowid, body, meta) VALUES ('delete', old.rowid, old.body, old.meta);
        END;
        CREATE TRIGGER memory_docs_au AFTER UPDATE OF body, meta ON memory_docs BEGIN
          INSERT INTO memory_fts (memory_fts, rowid, body, meta) VALUES ('delete', old.rowid, old.body, old.meta);
          INSERT INTO memory_fts (rowid, body, meta) VALUES (new.rowid, new.body, new.meta);
        END;

        CREATE TABLE memory_files (
          scope      TEXT NOT NULL,
          path       TEXT NOT NULL,
          mtime_ms   REAL NOT NULL,
          size       INTEGER NOT NULL,
          hash       TEXT NOT NULL,
          PRIMARY KEY (scope, path)
        ) STRICT;

        CREATE TABLE memory_events (
          id       INTEGER PRIMARY KEY,
          scope    TEXT NOT NULL,
          at       TEXT NOT NULL,
          type     TEXT NOT NULL,          -- added | edited | superseded | merged | removed
          entry_id TEXT NOT NULL,
          text     TEXT NOT NULL,
          actor    TEXT NOT NULL,          -- agent | person | cli | dream
          session  TEXT
        ) STRICT;
        CREATE INDEX memory_events_scope ON memory_events (scope, id);
      `);
    },
  },
  {
    version: 4,
    name: 'memory standing entries index',
    up(db) {
      // Rules and pinned entries lead every context block; without this, finding them scans
      // every row of a large memory.
      db.exec(`
        CREATE INDEX memory_docs_kind ON memory_docs (scope, source_type, kind, at);
        CREATE INDEX memory_docs_pinned ON memory_docs (scope, at) WHERE source_type = 'memory' AND pinned = 1;
      `);
    },
  },
  {
    version: 5,
    name: 'memory index stems words',
    present: (db) => /porter/.test((db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'memory_fts'`).get() as { sql: string } | undefined)?.sql ?? ''),
    up(db) {
      // Porter stemming: "painted" finds "painting", "kids" finds "kid". Measured on LoCoMo and
      // the code-memory evaluation (BENCHMARKS.md). The index is rebuilt from memory_docs.
      db.exec(`
        DROP TABLE memory_vocab;
        DROP TABLE memory_fts;
        CREATE VIRTUAL TABLE memory_fts USING fts5(
          body, meta, content='memory_docs', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE memory_vocab USING fts5vocab(memory_fts, row);
        INSERT INTO memory_fts (memory_fts) VALUES ('rebuild');
      `);
    },
  },
  {
    version: 6,
    name: 'memory token counts; index inserts without a trigger',
    present: (db) => hasColumn(db, 'memory_docs', 'tokens'),
    up(db) {
      // Each row's o200k token count, counted once when it is written: context blocks are
      // filled from it instead of counting every candidate again per query.
      db.exec(`ALTER TABLE memory_docs ADD COLUMN tokens INTEGER NOT NULL DEFAULT -1`);
      const set = db.prepare(`UPDATE memory_docs SET tokens = ? WHERE rowid = ?`);
      for (const [rowid, body] of db.prepare(`SELECT rowid, body FROM memory_docs`).raw(true).all() as [number, string][]) {
        set.run(tokenCount(body), rowid);
      }
      // FTS5 flushes its pending terms at every savepoint, and a trigger runs in one: inserting
      // through the trigger wrote one tiny segment per row (import took ~4x longer). The two
      // writers of new rows (DocStore, MessageIndex) insert into memory_fts themselves.
      db.exec(`DROP TRIGGER memory_docs_ai`);
    },
  },
  {
    version: 7,
    name: 'memory multi-file write commits',
    present: (db) => hasTable(db, 'memory_commits'),
    up(db) {
      // A multi-file write (a dream) is committed when its id is here; a journal left by a crash
      // is finished if so, undone if not (see writeJournal.ts).
      db.exec(`CREATE TABLE memory_commits (id TEXT PRIMARY KEY, at TEXT NOT NULL)`);
    },
  },
  {
    version: 8,
    name: 'memory embeddings',
    present: (db) => hasTable(db, 'memory_embeddings'),
    up(db) {
      // Semantic search (optional): one vector per indexed entry and embedding model, keyed by
      // the entry (not the index row, which a reindex renumbers) with a hash of the text it
      // was made from, so an edited entry is embedded again and an unchanged one never is.
      // Vectors are float32, normalized, little-endian. The sqlite-vec index over them
      // (memory_vec_<dims>) is made at run time: it needs the extension loaded.
      createEmbeddingTables(db);
    },
  },
  {
    version: 9,
    name: 'memory entry ids not indexed as words',
    // Before schema_migrations, a database has this step when no entry's meta starts with its id.
    present: (db) =>
      !db.prepare(`SELECT 1 FROM memory_docs WHERE source_type IN ('memory', 'topic') AND (meta = doc_key OR substr(meta, 1, length(doc_key) + 1) = doc_key || ' ') LIMIT 1`).get(),
    up(db) {
      // An id is looked up by key (MemorySearch.entriesNamed); as a word in memory_fts each of a
      // hundred thousand unique ids made an import's index build a fifth slower (BENCHMARKS.md).
      // The same text entryDocument makes now: kind, then source when there is one.
      db.exec(`UPDATE memory_docs SET meta = CASE WHEN source = '' THEN kind WHEN kind = '' THEN source ELSE kind || ' ' || source END
               WHERE source_type IN ('memory', 'topic')`);
    },
  },
  {
    version: 10,
    name: 'memory indexes an import writes fewer of',
    present: (db) => Boolean(db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'memory_docs_rules'`).get()),
    up(db) {
      // Every index is written once per imported entry. Entries of MEMORY.md are found by
      // (scope, source_type) through the UNIQUE key, so the path index leaves them out; the
      // kind index served rules and the memory chart: rules get a partial index of their own,
      // and the recency index carries kind for the chart. Two fewer index writes per entry.
      db.exec(`
        DROP INDEX memory_docs_path;
        CREATE INDEX memory_docs_path ON memory_docs (scope, path) WHERE source_type <> 'memory';
        DROP INDEX memory_docs_kind;
        DROP INDEX memory_docs_recent;
        CREATE INDEX memory_docs_recent ON memory_docs (scope, source_type, at, kind);
        CREATE INDEX memory_docs_rules ON memory_docs (scope, at) WHERE source_type = 'memory' AND kind = 'rules';
      `);
    },
  },
];
