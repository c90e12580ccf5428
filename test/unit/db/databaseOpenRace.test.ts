import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/database';
import { REPO_ROOT } from '../../helpers/cli';
import { startTsProcess } from '../../helpers/processes/tsProcess';
import { tempDir } from '../../helpers/tempDir';

const WORKER = path.join(__dirname, '..', '..', 'helpers', 'processes', 'openFreshDatabases.ts');

// Once, in CI, `engram memory add` failed with "database is locked" after 104 ms although the
// busy timeout is 60 s. SQLite gives up at once, without the busy handler, when a connection
// holding a read lock asks for the write lock while another one has it: switching a brand-new
// database to WAL does that inside the pragma, and so did opening a project (read the row, then
// insert it) in a deferred transaction.
describe('several processes opening one brand-new database at once', () => {
  it('waits while another process holds the write lock of the new file, instead of failing at once', async () => {
    const data = tempDir('engram-open-locked-');
    // Another process has just created engram.db and holds its write lock (as one switching it
    // to WAL or running the first migration does), for 800 ms.
    const script = `
      const Database = require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'better-sqlite3'))});
      const db = new Database(${JSON.stringify(path.join(data, 'engram.db'))});
      db.exec('BEGIN IMMEDIATE');
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 800);`;
    const other = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => other.stdout!.once('data', resolve));

    const db = openDatabase(data, { log: () => {} });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    await new Promise((resolve) => (other.exitCode === null ? other.once('exit', resolve) : resolve(null)));
  });

  it('never fail with "database is locked", and all get the same project', async () => {
    const root = tempDir('engram-open-race-');
    const folder = tempDir('engram-open-race-project-');
    const processes = 8;
    const rounds = 60;
    const workers = Array.from({ length: processes }, () => startTsProcess(WORKER, [root, String(rounds), '40', folder]));
    await Promise.all(workers.map((w) => w.ready));
    // Everyone starts round 0 at the same moment, then opens the next new database every 40 ms.
    const startAt = Date.now() + 500;
    for (const w of workers) w.child.stdin!.end(`${startAt}\n`);
    const results = await Promise.all(workers.map((w) => w.done));

    const errors: string[] = [];
    const idsByRound: Array<Set<string>> = Array.from({ length: rounds }, () => new Set());
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.split('\n')[1]) as { ids: Array<string | null>; errors: string[] };
      errors.push(...out.errors);
      out.ids.forEach((id, i) => id && idsByRound[i].add(id));
    }
    expect(errors).toEqual([]);
    // Opening the same folder from every process found one project, never two.
    for (const ids of idsByRound) expect(ids.size).toBe(1);
  }, 180_000);
});
