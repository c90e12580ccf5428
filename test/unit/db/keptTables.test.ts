import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/database';
import { DERIVED_PREFIXES, DERIVED_TABLES, KEPT_TABLES } from '../../../main/db/salvage/keptTables';
import { tempDir } from '../../helpers/tempDir';

describe('which tables a rebuilt database copies back', () => {
  it('every table of engram.db is either kept (only the database holds it) or derived (rebuilt from the files)', () => {
    const db = openDatabase(tempDir('engram-kept-tables-'), { log: () => {} });
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
      const kept = new Set(KEPT_TABLES.map((t) => t.table));
      const unclassified = tables.filter((t) => !kept.has(t) && !DERIVED_TABLES.includes(t) && !DERIVED_PREFIXES.some((p) => t.startsWith(p)));
      // A new table holding data found nowhere else belongs in KEPT_TABLES, else a damaged
      // database loses it; a derived one in DERIVED_TABLES.
      expect(unclassified).toEqual([]);
      // And every kept table exists: a renamed one would silently stop being copied.
      expect([...kept].filter((t) => !tables.includes(t))).toEqual([]);
    } finally {
      db.close();
    }
  });
});
