import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import { ms, percentile, recordSection, table, timeRuns } from './harness';
import { openDatabase } from '../main/db/database';
import { MemoryEngine } from '../main/memory/memoryEngine';
import { VectorStore } from '../main/memory/semantic/vectorStore';
import { SemanticLayer } from '../main/memory/semantic/semanticLayer';
import { bigMemory } from '../test/helpers/bigMemory';
import { engramLayout } from '../contract/engramLayout';
import { seededRandom } from '../test/helpers/seededRandom';
import { benchTempDirs } from './benchTemp';

const temp = benchTempDirs();

const DIMS = 768; // nomic-embed-text's
const MODEL = 'bench/random';

function randomVector(rand: () => number): Float32Array {
  const v = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) v[i] = rand() - 0.5;
  return v;
}

function timeIt(fn: () => unknown, runs: number): number[] {
  fn(); // warm: statements prepared, pages cached
  return timeRuns(fn, runs);
}

/**
 * Vector queries (nearest 50 of one scope) at 10,000 and 100,000 vectors of 768 dimensions:
 * sqlite-vec's vec0 index against a scan of the float32 rows, in the same run. Then the cost
 * of fusion: `memory search` over 10,000 entries lexical only, and with a query vector (the
 * vector query plus reciprocal-rank fusion), in the same run. The query's embedding request is
 * not included: it is the provider's time, bounded by `queryTimeoutMs`.
 */
describe('semantic search speed', () => {
  it('vector query and fusion overhead', () => {
    const load = os.loadavg()[0].toFixed(2);
    const rows: (string | number)[][] = [];
    for (const n of [10_000, 100_000]) {
      const db = openDatabase(temp());
      const rand = seededRandom(n);
      const store = new VectorStore(db);
      for (let i = 0; i < n; i += 1000) {
        store.put(MODEL, Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ scope: '/bench', sourceType: 'memory', docKey: `m${i + j}`, hash: 'h', vector: randomVector(rand) })));
      }
      const scan = new VectorStore(db, { scanOnly: true });
      const q = randomVector(rand);
      const runs = n > 10_000 ? 5 : 20;
      const vec = timeIt(() => store.nearest(MODEL, ['/bench'], q, 50), runs);
      const flat = timeIt(() => scan.nearest(MODEL, ['/bench'], q, 50), runs);
      rows.push([n.toLocaleString('en-US'), ms(percentile(vec, 50)), ms(percentile(flat, 50)), `${(percentile(flat, 50) / percentile(vec, 50)).toFixed(1)}x`]);
      db.close();
    }

    // Fusion overhead on a real engine: 10,000 entries, each with a vector.
    const dataDir = temp();
    const project = temp();
    const memoryFile = path.join(project, engramLayout.memoryFile);
    fs.mkdirSync(path.dirname(memoryFile));
    fs.writeFileSync(memoryFile, bigMemory(10_000));
    const db = openDatabase(dataDir);
    const semantic = new SemanticLayer({ db, settings: () => ({ provider: 'openai-compatible', model: 'random', baseURL: 'http://127.0.0.1:9/v1', apiKey: null, dimensions: null, queryTimeoutMs: 1500, modelKey: MODEL }) });
    const engine = new MemoryEngine({ db, projectRoot: project, dataDir, semantic });
    engine.sync();
    const rand = seededRandom(7);
    const keys = db.prepare(`SELECT scope, source_type, doc_key FROM memory_docs WHERE source_type = 'memory'`).raw(true).all() as [string, string, string][];
    semantic.store.put(MODEL, keys.map(([scope, sourceType, docKey]) => ({ scope, sourceType, docKey, hash: 'h', vector: randomVector(rand) })));
    const sample = keys.slice(0, 20).map(([, , id]) => engine.document().entries.find((e) => e.id === id)?.text.split(' ').slice(0, 3).join(' ') ?? 'decision');
    const qv = randomVector(rand);
    const lexical = sample.flatMap((query) => timeIt(() => engine.search(query, { limit: 10 }), 3));
    const fused = sample.flatMap((query) => timeIt(() => engine.search(query, { limit: 10, queryVector: qv }), 3));
    const lexicalCtx = sample.flatMap((query) => timeIt(() => engine.context({ query, budget: 2000 }), 1));
    const fusedCtx = sample.flatMap((query) => timeIt(() => engine.context({ query, budget: 2000, queryVector: qv }), 1));
    void engine.close();
    db.close();

    const fusion = table(
      ['10,000 entries', 'lexical p50', 'lexical + vector (RRF) p50', 'ratio'],
      [
        ['memory search, limit 10', ms(percentile(lexical, 50)), ms(percentile(fused, 50)), `${(percentile(fused, 50) / percentile(lexical, 50)).toFixed(2)}x`],
        ['memory context, 2,000 tokens', ms(percentile(lexicalCtx, 50)), ms(percentile(fusedCtx, 50)), `${(percentile(fusedCtx, 50) / percentile(lexicalCtx, 50)).toFixed(2)}x`],
      ],
    );
    recordSection(
      'semantic',
      'Semantic search: vector queries and fusion',
      [
        `Nearest 50 of one scope, ${DIMS}-dimension vectors (nomic-embed-text's size), random data; load average ${load} at the start.`,
        '',
        table(['vectors', 'sqlite-vec (vec0) p50', 'float32 rows, scanned p50', 'scan / vec0'], rows),
        '',
        'Fusion overhead, same run: the query vector is given (its embedding request, the provider\'s time, is bounded by',
        '`embeddings.queryTimeoutMs`, 1,500 ms by default). No retrieval quality is claimed: that needs a real embedding model,',
        'which was not available where this was measured.',
        '',
        fusion,
      ].join('\n'),
    );
  }, 600_000);
});
