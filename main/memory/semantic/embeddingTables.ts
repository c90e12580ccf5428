import type { Database } from 'better-sqlite3';

/**
 * The table of entry vectors (migration 8). Also run when the semantic layer opens a
 * database: versions are per-domain blocks under one `user_version`, so a database another
 * domain's later migration already carried past 8 would never run it.
 */
export function createEmbeddingTables(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS memory_embeddings (
      id          INTEGER PRIMARY KEY,
      scope       TEXT NOT NULL,
      source_type TEXT NOT NULL,
      doc_key     TEXT NOT NULL,
      model       TEXT NOT NULL,
      dims        INTEGER NOT NULL,
      hash        TEXT NOT NULL,
      vector      BLOB NOT NULL,
      UNIQUE (scope, source_type, doc_key, model)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS memory_embeddings_model ON memory_embeddings (model, scope);
  `);
}
