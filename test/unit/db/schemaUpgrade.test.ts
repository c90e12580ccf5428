import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/db/database';
import { migrations } from '../../../main/db/migrations';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

// Each domain numbers its schema steps in its own block (memory 3.., sessions 20.., dreams 30..,
// continuity 50). The steps added since the first release (memory 5–8, sessions 21, dreams 35)
// are below continuity's 50, which every database made by that release had reached: reading
// only `user_version`, none of them ever ran on an existing database.
const ADDED_SINCE_FIRST_RELEASE = [5, 6, 7, 8, 9, 10, 21, 35];

/** engram.db as the first release left it: its steps applied, user_version 50, no step list. */
function firstReleaseDatabase(dataDir: string): void {
  const db = new BetterSqlite3(path.join(dataDir, 'engram.db'));
  db.pragma('journal_mode = WAL');
  migrate(db, migrations.filter((m) => !ADDED_SINCE_FIRST_RELEASE.includes(m.version)));
  db.exec('DROP TABLE IF EXISTS schema_migrations');
  expect(db.pragma('user_version', { simple: true })).toBe(50);
  db.close();
}

describe('a database made by an earlier Engram', () => {
  it('gets the schema steps numbered below its version, and works from the CLI', async () => {
    const root = tempDir('engram-upgrade-');
    const dataDir = tempDir('engram-upgrade-data-');
    firstReleaseDatabase(dataDir);
    const run = (...args: string[]) => runEngram(['--project', root, '--data-dir', dataDir, ...args], { cwd: root });

    const added = await run('memory', 'add', '--kind', 'decisions', '--text', 'We paint the kitchen walls in sage green');
    expect(added.code, added.stderr).toBe(0);
    // Stemmed search (step 5) finds "painting" for "paint"; token counts (step 6) fill the block.
    const search = await run('--json', 'memory', 'search', 'painting');
    expect(search.code, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).map((h: { text: string }) => h.text)).toContain('We paint the kitchen walls in sage green');
    const context = await run('--json', 'memory', 'context', '--budget', '200', '--query', 'kitchen painting');
    expect(context.code, context.stderr).toBe(0);
    expect(JSON.parse(context.stdout).text).toContain('sage green');
    const usage = await run('usage');
    expect(usage.code, usage.stderr).toBe(0);

    const db = new BetterSqlite3(path.join(dataDir, 'engram.db'), { readonly: true });
    const steps = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').raw(true).all() as [number][]).map(([v]) => v);
    expect(steps).toEqual(migrations.map((m) => m.version));
    const columns = (table: string) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
    expect(columns('memory_docs')).toContain('tokens');
    expect(columns('dream_runs')).toContain('restored');
    expect(columns('agent_sessions')).toContain('cache_read_tokens');
    const counted = db.prepare(`SELECT count(*) AS n FROM memory_docs WHERE source_type = 'memory' AND tokens < 0`).get() as { n: number };
    expect(counted.n).toBe(0);
    db.close();
  });

  it('stops indexing entry ids as words, keeps finding entries by id, and uses the leaner indexes', async () => {
    const root = tempDir('engram-upgrade-ids-');
    const dataDir = tempDir('engram-upgrade-ids-data-');
    const run = (...args: string[]) => runEngram(['--project', root, '--data-dir', dataDir, ...args], { cwd: root });
    const added = await run('--json', 'memory', 'add', '--kind', 'gotchas', '--text', 'The staging VPN drops idle sessions');
    expect(added.code, added.stderr).toBe(0);
    const id = JSON.parse(added.stdout).id as string;
    // Put the database back as the Engram before steps 9 and 10 left it: the id indexed in meta,
    // the kind index and the full path index, neither step listed.
    let db = new BetterSqlite3(path.join(dataDir, 'engram.db'));
    db.exec(`UPDATE memory_docs SET meta = doc_key || ' ' || kind WHERE source_type = 'memory';
      DROP INDEX memory_docs_rules; DROP INDEX memory_docs_recent; DROP INDEX memory_docs_path;
      CREATE INDEX memory_docs_recent ON memory_docs (scope, source_type, at);
      CREATE INDEX memory_docs_kind ON memory_docs (scope, source_type, kind, at);
      CREATE INDEX memory_docs_path ON memory_docs (scope, path);
      DELETE FROM schema_migrations WHERE version IN (9, 10);`);
    const matchesId = (d: BetterSqlite3.Database) => (d.prepare(`SELECT count(*) AS n FROM memory_fts WHERE memory_fts MATCH ?`).get(`"${id}"`) as { n: number }).n;
    expect(matchesId(db)).toBe(1);
    db.close();

    const byId = await run('--json', 'memory', 'search', id);
    expect(byId.code, byId.stderr).toBe(0);
    expect(JSON.parse(byId.stdout).map((h: { id: string }) => h.id)).toEqual([id]);
    db = new BetterSqlite3(path.join(dataDir, 'engram.db'), { readonly: true });
    expect(matchesId(db)).toBe(0);
    expect(db.prepare(`SELECT meta FROM memory_docs WHERE doc_key = ?`).get(id)).toEqual({ meta: 'gotchas' });
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'memory_docs' AND sql IS NOT NULL ORDER BY name`).raw(true).all() as [string][]).map(([n]) => n);
    expect(indexes).toEqual(['memory_docs_path', 'memory_docs_pinned', 'memory_docs_recent', 'memory_docs_rules']);
    db.close();
    // A word of the entry still finds it (the text index was updated, not emptied).
    expect(JSON.parse((await run('--json', 'memory', 'search', 'vpn')).stdout).map((h: { id: string }) => h.id)).toEqual([id]);
  });

  it('applies nothing twice, and refuses a database that lists a step this Engram does not know', () => {
    const dataDir = tempDir('engram-upgrade-twice-');
    const file = path.join(dataDir, 'engram.db');
    const db = new BetterSqlite3(file);
    migrate(db, migrations);
    migrate(db, migrations); // a second open: every step is listed, none runs again
    expect((db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (41, 'from a newer Engram', '2027-01-01')`).run();
    expect(() => migrate(db, migrations)).toThrow(/newer than this Engram knows/);
    db.close();
  });
});
