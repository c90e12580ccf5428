import { describe, expect, it } from 'vitest';
import { memoryFixture } from './fixture';
import { EntrySpool } from '../../../main/memory/import/entrySpool';

// Batches index their rows' text from the rows (one statement) and write their `added` events from the rows they inserted (one statement); batches with
// a redaction write them one by one, each redaction right after its entry. Either way the
// timeline must hold what single adds would have written.

type Event = { type: string; entry_id: string; text: string; actor: string; session: string | null; at: string };
const events = (db: ReturnType<typeof memoryFixture>['db']) =>
  db.prepare(`SELECT type, entry_id, text, actor, session, at FROM memory_events ORDER BY id`).all() as Event[];
const entries = (db: ReturnType<typeof memoryFixture>['db']) =>
  db.prepare(`SELECT doc_key AS id, body FROM memory_docs WHERE source_type = 'memory' ORDER BY rowid`).all() as { id: string; body: string }[];

const awsKey = ['AKIA', 'QX7RZ3', 'WPLM2N', 'B8VC'].join(''); // assembled: this file is no leak

describe('the timeline of a batch of entries', () => {
  it('addMany: one added event per entry, in order, with its id, text, actor and session, all at one time', () => {
    const { db, engine } = memoryFixture();
    engine.add({ kind: 'rules', text: 'Before the batch' });
    const texts = Array.from({ length: 2500 }, (_, i) => `batch entry ${i} about ${i % 2 ? 'caches' : 'queues'}`);
    const { ids } = engine.addMany(texts.map((text, i) => ({ kind: i % 3 ? 'knowledge' : 'gotchas', text })), { actor: 'agent', session: 'ses_batch' });
    engine.add({ kind: 'rules', text: 'After the batch' });

    const all = events(db);
    expect(all).toHaveLength(2502);
    const batch = all.slice(1, 2501);
    expect(batch.map((e) => [e.type, e.entry_id, e.text, e.actor, e.session])).toEqual(texts.map((t, i) => ['added', ids[i], t, 'agent', 'ses_batch']));
    expect(new Set(batch.map((e) => e.at)).size).toBe(1);
    expect(all[0].text).toBe('Before the batch');
    expect(all[2501].text).toBe('After the batch');
    // The rows are in file order; each event is its entry's.
    const byId = new Map(entries(db).map((r) => [r.id, r.body]));
    for (const e of batch) expect(byId.get(e.entry_id)).toBe(e.text);
  });

  it('addMany with a secret: the redaction event follows its entry, and no event holds the secret', () => {
    const { db, engine } = memoryFixture();
    const texts = ['first plain entry', `uploads use ${awsKey} in CI`, 'last plain entry'];
    const { ids } = engine.addMany(texts.map((text) => ({ kind: 'knowledge', text })), { actor: 'cli' });
    expect(events(db).map((e) => [e.type, e.entry_id, e.text])).toEqual([
      ['added', ids[0], 'first plain entry'],
      ['added', ids[1], 'uploads use [redacted: AWS access key] in CI'],
      ['redacted', ids[1], 'redacted 1 secret (AWS access key)'],
      ['added', ids[2], 'last plain entry'],
    ]);
  });

  it('a streamed import: the same events, chunk after chunk, with redactions in place', () => {
    const { db, engine } = memoryFixture();
    const spool = new EntrySpool();
    const texts = Array.from({ length: 4500 }, (_, i) => (i === 2100 ? `deploy key ${awsKey} here` : `imported ${i} of many`));
    try {
      for (const text of texts) spool.add({ kind: 'context', text, at: '2025-03-04' });
      expect(engine.addSpooled(spool, { actor: 'cli' }).added).toBe(4500);
    } finally {
      spool.dispose();
    }
    const all = events(db);
    expect(all).toHaveLength(4501);
    const rows = entries(db);
    expect(rows).toHaveLength(4500);
    const expected = rows.flatMap((r) => [
      ['added', r.id, r.body],
      ...(r.body.includes('[redacted: AWS access key]') ? [['redacted', r.id, 'redacted 1 secret (AWS access key)']] : []),
    ]);
    expect(all.map((e) => [e.type, e.entry_id, e.text])).toEqual(expected);
    expect(rows.map((r) => r.body)).toEqual(texts.map((t) => t.replace(awsKey, '[redacted: AWS access key]')));
    expect(JSON.stringify(all)).not.toContain(awsKey);
  });

  it('leaves the text index agreeing with the rows through batches, edits, supersedes and a reindex', () => {
    const { db, engine } = memoryFixture();
    const integrity = () => db.prepare(`INSERT INTO memory_fts (memory_fts, rank) VALUES ('integrity-check', 1)`).run();
    const { ids } = engine.addMany(Array.from({ length: 1500 }, (_, i) => ({ kind: 'knowledge', text: `walrus fact ${i}` })));
    integrity();
    engine.edit(ids[7], 'narwhal fact seven', { actor: 'person' });
    engine.supersede(ids[8], { kind: 'decisions', text: 'beluga decision' }, { actor: 'agent' });
    const spool = new EntrySpool();
    try {
      for (let i = 0; i < 2500; i++) spool.add({ kind: 'patterns', text: `orca pattern ${i}`, at: '2025-01-02' });
      engine.addSpooled(spool, { actor: 'cli' });
    } finally {
      spool.dispose();
    }
    integrity();
    // What each word finds (neighbours of hits may follow them: only the hits are counted).
    const found = (word: string) => engine.search(word, { limit: 5000 }).filter((h) => h.text.includes(word));
    expect(found('narwhal').map((h) => h.id)).toEqual([ids[7]]);
    expect(found('walrus')).toHaveLength(1499);
    expect(found('orca')).toHaveLength(2500);
    expect(found('beluga')).toHaveLength(1);
    engine.reindex();
    integrity();
    expect(found('orca')).toHaveLength(2500);
  });
});
