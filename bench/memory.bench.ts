import fs from 'node:fs';
import os from 'node:os';
import { describe, it } from 'vitest';
import { ms, percentile, recordSection, table, timeRuns } from './harness';
import { openDatabase, type Database } from '../main/db/database';
import { MemoryEngine } from '../main/memory/memoryEngine';
import { anyTermQuery, queryTerms } from '../main/memory/index/queryTerms';
import { BM25_WEIGHTS, MemorySearch } from '../main/memory/index/memorySearch';
import { rankForQuery } from '../main/memory/context/ranking';
import { USER_SCOPE_KEY } from '../main/memory/scopes';
import { pick } from '../test/helpers/seededRandom';
import { benchTempDirs } from './benchTemp';
import { zipfCorpus } from './zipfCorpus';

const temp = benchTempDirs();

// A vocabulary with a Zipf-like spread: a few words everywhere, most words rare.
const { rand, zipf, sentence } = zipfCorpus(7);
const KINDS = ['knowledge', 'decisions', 'gotchas', 'patterns', 'context'] as const;
/** Hits asked for, by the engine and by the raw query alike. */
const LIMIT = 10;

function corpus(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    kind: pick(rand, KINDS),
    text: `${sentence(8 + (i % 17))}.`,
    at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
  }));
}

function setup(n: number): { engine: MemoryEngine; db: Database; importMs: number; root: string } {
  const root = temp();
  const db = openDatabase(temp());
  const engine = new MemoryEngine({ db, projectRoot: root, dataDir: temp() });
  const items = corpus(n);
  const t = performance.now();
  engine.addMany(items, { actor: 'cli' });
  return { engine, db, importMs: performance.now() - t, root };
}

function timeOnce(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/**
 * The engine's search split into stages, each timed on the same new queries in turn: raw
 * ranking; the same ranking with its rows read (SQL only); MemorySearch (scope check and dialog
 * neighbours); rankForQuery (priors, superseded last); the engine's search (hit shape).
 */
function searchStages(n: number, db: Database, engine: MemoryEngine, scopes: string[]): (string | number)[][] {
  const queries = Array.from({ length: 300 }, () => `${zipf()} ${zipf()}`);
  const matches = queries.map((q) => anyTermQuery(queryTerms(q)));
  const rank = db.prepare(
    `SELECT rowid, bm25(memory_fts, ${BM25_WEIGHTS.join(', ')}) AS r FROM memory_fts WHERE memory_fts MATCH ? ORDER BY r LIMIT ${LIMIT}`,
  );
  const withRows = db
    .prepare(
      `SELECT d.*, f.r FROM (SELECT rowid, bm25(memory_fts, ${BM25_WEIGHTS.join(', ')}) AS r FROM memory_fts WHERE memory_fts MATCH ?
       ORDER BY r LIMIT ${LIMIT}) f CROSS JOIN memory_docs d ON d.rowid = f.rowid`,
    )
    .raw(true);
  const searcher = new MemorySearch(db);
  const stages: [string, (i: number) => unknown][] = [
    ['raw FTS5 ranking (the baseline)', (i) => rank.all(matches[i])],
    ['+ its 10 rows read, in the same statement (SQL only)', (i) => withRows.all(matches[i])],
    ['+ query parsing, scope check, dialog neighbours (MemorySearch)', (i) => searcher.search(scopes, queries[i], { limit: LIMIT })],
    ['+ recency and kind priors, superseded last (rankForQuery)', (i) => rankForQuery(searcher, scopes, queries[i], LIMIT)],
    ['+ hit shape (engine.search)', (i) => engine.search(queries[i], { limit: LIMIT })],
  ];
  const times = stages.map(() => [] as number[]);
  queries.forEach((_, i) => {
    for (let j = 0; j < stages.length; j++) {
      const k = (i + j) % stages.length;
      times[k].push(timeOnce(() => stages[k][1](i)));
    }
  });
  const base = percentile(times[0], 50);
  return stages.map(([name], k) => [n.toLocaleString('en'), name, ms(percentile(times[k], 50)), `${(percentile(times[k], 50) / base).toFixed(2)}×`]);
}

describe('memory engine', () => {
  it('search, context and import', () => {
    const searchRows: (string | number)[][] = [];
    const importRows: (string | number)[][] = [];
    const andRows: (string | number)[][] = [];
    const warmRows: (string | number)[][] = [];
    const commonRows: (string | number)[][] = [];
    const stageRows: (string | number)[][] = [];
    let contextRows: (string | number)[][] = [];
    for (const n of [10_000, 100_000]) {
      const { engine, db, importMs, root } = setup(n);
      importRows.push([n.toLocaleString('en'), ms(importMs), Math.round(n / (importMs / 1000)).toLocaleString('en')]);
      const queries = Array.from({ length: 300 }, () => `${zipf()} ${zipf()}`);
      // Raw FTS5 on the same database: the same quoted terms ORed, same weights, LIMIT 10; no
      // scope join, no row reads, no neighbours, no priors.
      const raw = db.prepare(
        `SELECT rowid, bm25(memory_fts, ${BM25_WEIGHTS.join(', ')}) AS r FROM memory_fts WHERE memory_fts MATCH ? ORDER BY r LIMIT ${LIMIT}`,
      );
      const terms = queries.map((q) => queryTerms(q));
      const rawSearch = (t: string[]) => raw.all(anyTermQuery(t));
      // The first search prepares the statements: a one-time cost, reported on its own.
      commonRows.push([n.toLocaleString('en'), ms(timeOnce(() => engine.search('nosuchword norsuchother', { limit: LIMIT })))]);
      // Warm-up on queries not measured, so neither side meets its first query cold.
      const warmup = Array.from({ length: 30 }, () => `${zipf()} ${zipf()}`);
      for (const q of warmup) engine.search(q, { limit: LIMIT });
      for (const q of warmup) rawSearch(queryTerms(q));
      // Engine and raw take turns on each query (which goes first alternates), so both see the
      // same page cache and machine load. Every query is new to the engine here.
      const engineTimes: number[] = [];
      const rawTimes: number[] = [];
      queries.forEach((q, i) => {
        const timeEngine = () => engineTimes.push(timeOnce(() => engine.search(q, { limit: LIMIT })));
        const timeRaw = () => rawTimes.push(timeOnce(() => rawSearch(terms[i])));
        if (i % 2) {
          timeEngine();
          timeRaw();
        } else {
          timeRaw();
          timeEngine();
        }
      });
      // Second pass over the same queries: everything a first pass caches (prepared statements
      // per shape, exact counts of the rare terms kept after dropping a common one) is warm.
      let qi = 0;
      const warmTimes = timeRuns(() => engine.search(queries[qi++ % queries.length], { limit: LIMIT }), queries.length);
      warmRows.push([n.toLocaleString('en'), ms(percentile(warmTimes, 50)), ms(percentile(warmTimes, 95))]);
      qi = 0;
      const andTimes = timeRuns(() => raw.all(anyTermQuery(terms[qi++ % terms.length])), terms.length);
      andRows.push([n.toLocaleString('en'), ms(percentile(andTimes, 50)), ms(percentile(andTimes, 95))]);
      const p50 = percentile(engineTimes, 50);
      const p95 = percentile(engineTimes, 95);
      const r50 = percentile(rawTimes, 50);
      const r95 = percentile(rawTimes, 95);
      searchRows.push([n.toLocaleString('en'), ms(p50), ms(p95), ms(r50), ms(r95), `${(p50 / r50).toFixed(2)}×`, `${(p95 / r95).toFixed(2)}×`]);
      stageRows.push(...searchStages(n, db, engine, [fs.realpathSync(root), USER_SCOPE_KEY]));
      if (n === 100_000) {
        contextRows = [1000, 4000, 16000].map((budget) => {
          let ci = 0;
          const times = timeRuns(() => engine.context({ query: queries[ci++], budget }), 40);
          return [budget.toLocaleString('en'), ms(percentile(times, 50)), ms(percentile(times, 95))];
        });
      }
      db.close();
    }
    recordSection(
      'memory-search',
      'Memory: search, context and import',
      [
        'Entries of 8–24 words drawn from a 5,000-word Zipf-like vocabulary; 300 two-word queries.',
        `Raw = the quoted terms ORed straight on the FTS5 table, same bm25 weights, LIMIT ${LIMIT}. The engine ranks the same`,
        'MATCH and reads those 10 rows in the same statement, with the scope check (one database serves every project); the',
        'entries written beside them (dialog neighbours) are read only when the score they could borrow reaches the 10th hit,',
        'then the neighbours are lifted and the priors applied.',
        'Engine and raw take turns query by query (alternating which goes first) after the same warm-up.',
        'Target: engine ≤ 1.5× raw. The machine load (load average) is printed below each run: ratios are only',
        'meaningful when it is low.',
        '',
        table(['entries', 'engine p50', 'engine p95', 'raw FTS5 p50', 'raw FTS5 p95', 'p50 ratio', 'p95 ratio'], searchRows),
        '',
        'Engine, second pass over the same queries (as in a long-running host between index changes):',
        '',
        table(['entries', 'p50', 'p95'], warmRows),
        '',
        'First search on a fresh engine (statements prepared), not counted above:',
        '',
        table(['entries', 'time'], commonRows),
        '',
        'Where the engine\'s time goes: each step below adds one stage to the one above it, all timed on the same 300 new',
        'queries in turn (the order rotating query by query, so each stage meets warm and cold pages alike); p50 as a multiple',
        'of the raw ranking\'s p50 in the same run.',
        '',
        table(['entries', 'stage', 'p50', 'p50 / raw'], stageRows),
        '',
        'For reference, the raw OR MATCH alone, second pass:',
        '',
        table(['entries', 'p50', 'p95'], andRows),
        '',
        '`context(query, budget)` at 100,000 entries (40 queries each):',
        '',
        table(['budget (tokens)', 'p50', 'p95'], contextRows),
        '',
        'Import (`addMany`: one hash-checked file write, index update and one event per entry):',
        '',
        table(['entries', 'time', 'entries/s'], importRows),
        '',
        `Load average at the end of the run (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores.`,
        '',
        SEARCH_SPEED_TRIED,
      ].join('\n'),
    );
  });
});

/** What was tried for search speed (issue #15), each measured with this bench; kept steps are cumulative. */
const SEARCH_SPEED_TRIED = [
  '### What was tried for search speed',
  '',
  'Each step measured with this bench (ratios of the same run; the machine is shared, so the load is given and runs were',
  'repeated). Results identical at every kept step: the same hits, order and scores on a two-project check of 400 queries',
  '(limits 1 to 400, rows of both projects interleaved in the index), and `npm run eval` unchanged (LoCoMo 0.633 / 0.697 /',
  '0.788 / 0.844, code memory 82.5 / 90.0 / 92.5 / 95.0% on the day).',
  '',
  '| step | 10k p50 ratio | load | verdict |',
  '| --- | --- | --- | --- |',
  '| main: rank, then hits and up to 40 neighbours read by a json_each list, priors via object spreads | 2.75× | 1 | baseline |',
  '| neighbours read only when their bound (share × neighbours\' ranked scores) reaches the 10th ranked score; rows ranked without `{ ...row }` | 1.67× | 9 | kept: 297 of 300 queries read no neighbour; a spread of a row this wide cost ~1.8 µs in V8 (17 µs for 10 rows) |',
  '| ranking and the 10 hits\' rows in one statement (the ranking stays the outer loop) | 1.56–1.70× (4 runs) | 9–12 | kept: ~10 µs less per query than rank + json_each read |',
  '| no bound checks when 0.7 × the best score cannot reach the 10th; dates parsed once per distinct value; superseded last in one pass | 1.45–1.73× (3 runs) | 8–10 | kept |',
  '| neighbours found in rowid order instead of a map | 1.53–1.56× (3 runs) | 12–16 | kept |',
  '| `cache_size` 64 MiB; `mmap_size` 256 MiB | 1.49–1.54× (2 runs) / 1.46–1.57× (3 runs) | 10–15 | not kept: no change beyond the spread |',
  '| FTS5 `ORDER BY rank` instead of `ORDER BY bm25(...)` | ranking alone 1.35–1.65× slower | 8–11 | not kept |',
  '',
  'All kept, at a lower load (2.7–4.4): 10k p50 1.36 / 1.40 / 1.48 / 1.58× in four runs (p95 1.01–1.38×); 100k p50',
  '1.02–1.08× (p95 0.93–1.01×). At 10,000 entries the target (1.5×) is met in three runs of four: at the edge, not beyond.',
  'The `memory context --queries` batch (its own section) went from 1.35× to 0.83× of raw in back-to-back runs of main and',
  'this code (load 7–8): the 400-row pool no longer pays a spread and a date parse per row.',
  '',
  'Where the rest goes (the stage table above, and per-query minima over 6 passes at 10,000 entries): the raw ranking',
  '~75 µs; reading its 10 rows ~11 µs (each row a B-tree seek and seven strings for JavaScript); query parsing, the',
  'neighbour bound and lifting ~6 µs; priors and superseded-last ~5 µs; the hit shape ~1 µs (`toPrecision`, path).',
  'Fixed cost of ~25 µs warm is 1.3× of a 75–90 µs ranking; in the alternating table above the engine also meets',
  'its 10 rows cold (no raw query reads them), which is what lifts the ratio to ~1.5× there. Removing the rest would',
  'take a schema change: rows carry their scope as a path string (smaller rows with an integer scope id would need',
  'every memory_docs writer, the import path included, to change).',
].join('\n');
