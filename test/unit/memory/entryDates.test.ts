import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryEngine } from '../../../main/memory/memoryEngine';
import { openDatabase } from '../../../main/db/database';
import { tempDir } from '../../helpers/tempDir';

describe('the date of an undated entry', () => {
  afterEach(() => vi.useRealTimers());

  it('is the day it was written, in UTC, across midnight and back', () => {
    const dir = tempDir('engram-dates-');
    const db = openDatabase(dir);
    try {
      const engine = new MemoryEngine({ db, projectRoot: dir, dataDir: dir });
      const dateOfEntry = (text: string) => {
        const line = fs.readFileSync(path.join(dir, '.engram', 'MEMORY.md'), 'utf8').split('\n').find((l) => l.includes(text));
        return /at:(\S+)/.exec(line ?? '')?.[1];
      };
      vi.useFakeTimers({ toFake: ['Date'] });
      const at = (iso: string, text: string) => {
        vi.setSystemTime(new Date(iso));
        engine.add({ kind: 'knowledge', text }, { actor: 'cli' });
        return dateOfEntry(text);
      };
      expect(at('2026-03-01T23:59:59.900Z', 'written before midnight')).toBe('2026-03-01');
      expect(at('2026-03-02T00:00:00.100Z', 'written after midnight')).toBe('2026-03-02');
      // A clock set back (a test, a corrected clock) is followed too.
      expect(at('2025-12-31T12:00:00.000Z', 'written on a clock set back')).toBe('2025-12-31');
    } finally {
      db.close();
    }
  });
});
