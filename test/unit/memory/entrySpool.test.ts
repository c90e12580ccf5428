import { describe, expect, it } from 'vitest';
import { EntrySpool, type SpooledEntry } from '../../../main/memory/import/entrySpool';
import { memoryFixture } from './fixture';

// The spool keeps an import's entries on disk until they are written in one go: whatever a text
// holds must come back exactly, in order, per kind.
const TRICKY: SpooledEntry[] = [
  { kind: 'knowledge', text: 'plain text', at: '2025-01-01' },
  { kind: 'knowledge', text: 'tab\there and a newline\nsecond line', at: '2025-01-02', src: 'ses one\ttwo' },
  { kind: 'gotchas', text: 'backslashes \\ and \\\\ and a literal \\n and \\t, not escapes', at: '2025-01-03', src: 'C:\\path\\x' },
  { kind: 'knowledge', text: 'ends with a backslash \\', at: '2025-01-04' },
  { kind: 'gotchas', text: 'unicode: Größe 東京 😀, \r carriage return kept, "quotes" and {json}', at: '2025-01-05', src: '' },
  { kind: 'rules', text: '\\\t\n\\', at: '2025-01-06', src: '\\' },
];

describe('the import spool', () => {
  it('gives back every entry as it was added, per kind in order, whatever its text holds', () => {
    const spool = new EntrySpool();
    try {
      for (const e of TRICKY) spool.add(e);
      expect(spool.kinds()).toEqual(['knowledge', 'gotchas', 'rules']);
      const back = spool.kinds().flatMap((k) => [...spool.entries(k)]);
      const expected = ['knowledge', 'gotchas', 'rules'].flatMap((k) => TRICKY.filter((e) => e.kind === k));
      expect(back).toEqual(expected.map((e) => (e.src ? e : { kind: e.kind, text: e.text, at: e.at })));
    } finally {
      spool.dispose();
    }
  });

  it('round-trips through a streamed import into the rows and the file', () => {
    const { db, engine } = memoryFixture();
    const spool = new EntrySpool();
    try {
      for (const e of TRICKY.slice(0, 4)) spool.add(e);
      expect(engine.addSpooled(spool, { actor: 'cli' }).added).toBe(4);
    } finally {
      spool.dispose();
    }
    const rows = db.prepare(`SELECT body, source FROM memory_docs WHERE source_type = 'memory' ORDER BY rowid`).all() as { body: string; source: string }[];
    expect(rows.map((r) => r.body).sort()).toEqual(TRICKY.slice(0, 4).map((e) => e.text).sort());
    expect(rows.find((r) => r.body.startsWith('tab'))!.source).toBe('ses one\ttwo');
    expect(engine.document().entries.map((e) => e.text).sort()).toEqual(TRICKY.slice(0, 4).map((e) => e.text).sort());
  });
});
