import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/database';
import { VectorStore } from '../../../main/memory/semantic/vectorStore';
import { seededRandom } from '../../helpers/seededRandom';
import { tempDir } from '../../helpers/tempDir';

// Both ways of finding neighbours (sqlite-vec's vec0 index, and the scan used where the
// extension cannot load) must give the same answer.
describe('vector store', () => {
  it('sqlite-vec and the float32 scan find the same neighbours, per scope, best first', () => {
    const db = openDatabase(tempDir());
    const rand = seededRandom(3);
    const vec = () => Float32Array.from({ length: 48 }, () => rand() - 0.5);
    const store = new VectorStore(db);
    expect(store.backend).toBe('sqlite-vec');
    store.put('m', Array.from({ length: 500 }, (_, i) => ({ scope: i % 2 ? '/a' : '/b', sourceType: 'memory', docKey: `e${i}`, hash: 'h', vector: vec() })));
    const scan = new VectorStore(db, { scanOnly: true });
    expect(scan.backend).toBe('float32-scan');
    for (let q = 0; q < 5; q++) {
      const query = vec();
      const a = store.nearest('m', ['/a'], query, 20);
      const b = scan.nearest('m', ['/a'], query, 20);
      expect(a.map((n) => n.docKey)).toEqual(b.map((n) => n.docKey));
      a.forEach((n, i) => expect(n.similarity).toBeCloseTo(b[i].similarity, 4));
      expect(a.every((n) => n.scope === '/a')).toBe(true);
    }
    db.close();
  });

  it('another model, or a vector written without the extension, never leaves the index stale', () => {
    const dataDir = tempDir();
    const db = openDatabase(dataDir);
    const rand = seededRandom(5);
    const vec = (n: number) => Float32Array.from({ length: n }, () => rand() - 0.5);
    const store = new VectorStore(db);
    store.put('m1', [{ scope: '/a', sourceType: 'memory', docKey: 'x', hash: 'h', vector: vec(16) }]);
    // A process without the extension adds a row: the next process with it re-indexes.
    new VectorStore(db, { scanOnly: true }).put('m1', [{ scope: '/a', sourceType: 'memory', docKey: 'y', hash: 'h', vector: vec(16) }]);
    db.close();
    const again = openDatabase(dataDir);
    const fresh = new VectorStore(again);
    expect(fresh.nearest('m1', ['/a'], vec(16), 10).map((n) => n.docKey).sort()).toEqual(['x', 'y']);
    // A switch to a model of other dimensions drops m1's vectors and its index.
    fresh.prune('m2', []);
    expect(fresh.count('m1', ['/a'])).toBe(0);
    fresh.put('m2', [{ scope: '/a', sourceType: 'memory', docKey: 'x', hash: 'h', vector: vec(8) }]);
    expect(fresh.nearest('m2', ['/a'], vec(8), 10).map((n) => n.docKey)).toEqual(['x']);
    expect(again.prepare(`SELECT name FROM sqlite_master WHERE name GLOB 'memory_vec_[0-9]*' AND name NOT GLOB '*_*_*_*'`).pluck().all()).toEqual(['memory_vec_8']);
    again.close();
  });
});
