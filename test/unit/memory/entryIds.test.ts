import { describe, expect, it } from 'vitest';
import { ENTRY_ID, EntryIdRun } from '../../../main/memory/ids';
import { MemoryEngine } from '../../../main/memory/memoryEngine';
import { openDatabase } from '../../../main/db/database';
import { tempDir } from '../../helpers/tempDir';

describe('entry ids of a large write', () => {
  it('runs on from its start, skips the ids in the file and wraps at the end of the id space', () => {
    const taken = new Set(['mfffffe', 'm000001']);
    const run = new EntryIdRun(taken, 0xfffffc);
    expect(Array.from({ length: 5 }, () => run.next())).toEqual(['mfffffc', 'mfffffd', 'mffffff', 'm000000', 'm000002']);
  });

  it('refuses, instead of repeating an id, once every id has been handed out', () => {
    const run = new EntryIdRun(new Set(), 5);
    for (let i = 0; i < 1 << 24; i++) run.next();
    expect(() => run.next()).toThrow(/every one of the 16,777,216 entry ids is in use/);
  });

  it('gives an import of many entries ids of the SPEC form, each once, in a run', () => {
    const dir = tempDir('engram-ids-');
    const db = openDatabase(dir);
    try {
      const engine = new MemoryEngine({ db, projectRoot: dir, dataDir: dir });
      const first = engine.addMany(Array.from({ length: 1500 }, (_, i) => ({ kind: 'knowledge', text: `fact ${i}` })), { actor: 'cli' }).ids;
      const second = engine.addMany(Array.from({ length: 1500 }, (_, i) => ({ kind: 'decisions', text: `choice ${i}` })), { actor: 'cli' }).ids;
      const ids = [...first, ...second];
      for (const id of ids) expect(id).toMatch(ENTRY_ID);
      expect(new Set(ids).size).toBe(3000);
      // A run: almost every id is the one before it plus one (a run skips ids in the file, and may wrap).
      const steps = first.slice(1).filter((id, i) => parseInt(id.slice(1), 16) === (parseInt(first[i].slice(1), 16) + 1) % (1 << 24));
      expect(steps.length).toBeGreaterThan(1400);
    } finally {
      db.close();
    }
  });
});
