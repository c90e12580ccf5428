import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, it } from 'vitest';
import { ms, recordSection, table } from './harness';
import { engramLayout } from '../contract/engramLayout';
import { openDatabase } from '../main/db/database';
import { MemoryEngine } from '../main/memory/memoryEngine';
import { EntrySpool } from '../main/memory/import/entrySpool';
import { tokenCount } from '../main/memory/context/tokens';
import { requireCleanText } from '../main/memory/memoryWriter';
import { pick } from '../test/helpers/seededRandom';
import { benchTempDirs } from './benchTemp';
import { zipfCorpus } from './zipfCorpus';

const temp = benchTempDirs();

const N = 100_000;
const ROUNDS = 3;
// The corpus of the context batch bench: a Zipf-like vocabulary, entries of 8–24 words.
const { rand, sentence } = zipfCorpus(11);
const KINDS = ['knowledge', 'decisions', 'gotchas', 'patterns', 'context'] as const;

type Item = { kind: string; text: string; at: string };
/** Wall and CPU time (every thread of this process) of one run. */
type Took = { wall: number; cpu: number };

function timed(fn: () => void): Took {
  const cpu = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** The baseline: the texts into a plain porter FTS5 table (and its content table), one transaction. */
function rawBuild(items: Item[]): Took {
  const db = new Database(path.join(temp(), 'raw.db'));
  db.pragma('journal_mode = WAL');
  const took = timed(() => {
    db.exec(`CREATE TABLE docs (rowid INTEGER PRIMARY KEY, body TEXT NOT NULL);
      CREATE VIRTUAL TABLE fts USING fts5(body, content='docs', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')`);
    const insDoc = db.prepare(`INSERT INTO docs (rowid, body) VALUES (?, ?)`);
    const insFts = db.prepare(`INSERT INTO fts (rowid, body) VALUES (?, ?)`);
    db.transaction(() => items.forEach((it, i) => (insDoc.run(i + 1, it.text), insFts.run(i + 1, it.text))))();
  });
  db.close();
  return took;
}

/** `engine.addMany`: the import API (the desktop's and MCP's batch write). */
function addMany(items: Item[]): Took {
  const db = openDatabase(temp());
  const engine = new MemoryEngine({ db, projectRoot: temp(), dataDir: temp() });
  const took = timed(() => engine.addMany(items, { actor: 'cli' }));
  db.close();
  return took;
}

/** What `engram memory import` does once its file is read: spool the entries, write them in one go. */
function streamed(items: Item[]): Took {
  const db = openDatabase(temp());
  const engine = new MemoryEngine({ db, projectRoot: temp(), dataDir: temp() });
  const took = timed(() => {
    const spool = new EntrySpool();
    try {
      for (const it of items) spool.add({ kind: it.kind, text: it.text, at: it.at.slice(0, 10) });
      engine.addSpooled(spool, { actor: 'cli' });
    } finally {
      spool.dispose();
    }
  });
  db.close();
  return took;
}

/** The SQLite work of an import replayed with the engine's schema and statements. */
function sqlReplay(items: Item[], events: boolean): Took {
  const db = openDatabase(temp());
  const scope = temp(); // a project's real path: the engine keys its rows by it
  const ins = db.prepare(
    `INSERT INTO memory_docs (scope, source_type, doc_key, path, kind, source, at, pinned, body, meta, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const fts = db.prepare(`INSERT INTO memory_fts (rowid, body, meta) VALUES (?, ?, ?)`);
  const ev = db.prepare(`INSERT INTO memory_events (scope, at, type, entry_id, text, actor, session) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const at = new Date().toISOString();
  const took = timed(() =>
    db.transaction(() =>
      items.forEach((it, i) => {
        const id = `m${i.toString(16).padStart(6, '0')}`;
        const meta = it.kind; // what entryDocument indexes: kind (and source), not the id
        const r = ins.run(scope, 'memory', id, engramLayout.memoryFile, it.kind, '', it.at.slice(0, 10), 0, it.text, meta, 12);
        fts.run(r.lastInsertRowid, it.text, meta);
        if (events) ev.run(scope, at, 'added', id, it.text, 'cli', null);
      }),
    )(),
  );
  db.close();
  return took;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

describe('memory import at 100,000 entries', () => {
  it('engine import vs a raw FTS5 build, and each step of the import alone', () => {
    const items: Item[] = Array.from({ length: N }, (_, i) => ({
      kind: pick(rand, KINDS),
      text: `${sentence(8 + (i % 17))}.`,
      at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    }));
    const runs = new Map<string, Took[]>();
    const add = (name: string, took: Took) => runs.set(name, [...(runs.get(name) ?? []), took]);
    // Warm-up (tokenizer, secret rules and the token worker loaded, statements compiled).
    addMany(items.slice(0, 5000));
    // Rounds that interleave the baseline with each measured step, so all see the same load.
    for (let r = 0; r < ROUNDS; r++) {
      add('raw', rawBuild(items));
      add('addMany', addMany(items));
      add('raw', rawBuild(items));
      add('streamed', streamed(items));
      add('raw', rawBuild(items));
      add('scan', timed(() => items.forEach((it) => requireCleanText(it.text))));
      add('count', timed(() => items.forEach((it) => tokenCount(it.text))));
      add('sql', sqlReplay(items, false));
      add('sqlEvents', sqlReplay(items, true));
    }
    const wall = (name: string) => median(runs.get(name)!.map((t) => t.wall));
    const cpu = (name: string) => median(runs.get(name)!.map((t) => t.cpu));
    const spread = (name: string) => {
      const raws = runs.get('raw')!;
      // Each run against the raw builds of its own round.
      const ratios = runs.get(name)!.map((t, i) => t.wall / median(raws.slice(i * 3, i * 3 + 3).map((x) => x.wall)));
      return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
    };
    const row = (label: string, name: string) => [
      label,
      ms(wall(name)),
      `${(wall(name) / wall('raw')).toFixed(2)}×`,
      spread(name),
      ms(cpu(name)),
      `${(cpu(name) / cpu('raw')).toFixed(2)}×`,
    ];
    recordSection(
      'memory-import',
      'Memory: import at 100,000 entries',
      [
        `${N.toLocaleString('en')} entries of 8–24 words (the context batch corpus). Raw build = the same texts inserted into a plain`,
        'porter FTS5 table (and its content table) in one transaction. Target: import ≤ 3× raw build. Each import writes',
        'MEMORY.md atomically (hash-checked, fsynced), scans every entry for secrets, stores each entry\'s o200k token count,',
        'indexes it (memory_docs and its indexes + memory_fts) and records one timeline event per entry, in one transaction.',
        `Medians of ${ROUNDS} rounds; each round interleaves 3 raw builds with the runs below (spread: each run against its own`,
        'round\'s raw builds). CPU = every thread of the process: token counts are counted in a worker thread during an import,',
        'so on a free core an import\'s wall time is below its CPU time; on a loaded machine there is no free core to use.',
        '',
        table(
          ['work', 'wall', '× raw (wall)', 'spread', 'CPU', '× raw (CPU)'],
          [
            ['raw FTS5 build', ms(wall('raw')), '1.00×', '', ms(cpu('raw')), '1.00×'],
            row('import, `addMany` (API)', 'addMany'),
            row('import, streamed (`engram memory import`: spooled to disk, then written)', 'streamed'),
            row('step alone: secret scan of every text', 'scan'),
            row('step alone: o200k token count of every text, one thread', 'count'),
            row('step alone: SQLite rows + FTS5 (engine schema and statements)', 'sql'),
            row('step alone: the same + one timeline event row per entry', 'sqlEvents'),
          ],
        ),
        '',
        'Where the time goes: the steps every import must take (scan, count, rows + FTS5 + events) need, each alone, about',
        '0.9× + 1.5× + 2.8× the raw build\'s CPU; the rest of an import (parsing and composing MEMORY.md, ids, hashing, the',
        'atomic write, garbage collection) about 1.5×. The SQLite step alone is near 3×: an engine row carries scope, type, key,',
        'path, kind, source, date, pin, meta and tokens under a UNIQUE key and four indexes that search and the timeline use,',
        'FTS5 indexes meta as well as body, and the timeline gets one row per entry (issue #18). So ≤ 3× is out of reach while',
        'those stay; only work moved to another core (token counting, below) can come off the wall time, when a core is free.',
        '',
        'What was tried (2026-12-02, same-run figures; load 4–14 on 2 cores):',
        '',
        '- Token counts counted in a worker thread while the file is composed and rows inserted (kept). Its own heap also',
        '  lets the streamed import store every count (it stored -1 before, recounted per query) in a bounded heap.',
        '- Secret scan (kept): each rule\'s handler created once instead of per text (802 → 686 ms, load 4); then the aws and',
        '  database-connection-string rules skipped on texts lacking a string all their patterns require (tested against',
        '  the rules): from about 1.9× to 0.9× the raw build\'s CPU.',
        '- Streamed import ids (kept): a temp table row and a random-bytes call per id replaced by a 2 MiB bitmap of all ids:',
        '  streamed import from 9.6× to 8.2× raw CPU. Events of one write share one timestamp (kept).',
        '- SQLite page cache of 64 MiB (SQL step 842–893 ms vs 857–886 ms: no effect); a short scope key instead of the',
        '  project path (−4%); no (scope, source_type, kind, at) index (−10%); none of the four secondary indexes (−25%).',
        '  Not kept: the key and the indexes serve search (another branch\'s area), and dropping indexes around a bulk insert',
        '  would rebuild them over every project\'s rows (one engram.db).',
        '- Not tried: one summary event per import (issue #18 wants a row per change), synchronous=OFF or another journal',
        '  mode (a kill -9 at any point must leave file and index agreeing).',
        '',
        `Load average at the end of the run (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores.`,
      ].join('\n'),
    );
  });
});
