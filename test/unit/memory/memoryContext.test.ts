import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { editFile, memoryFixture } from './fixture';

function richProject() {
  const f = memoryFixture();
  const { engine, root } = f;
  engine.add({ kind: 'rules', text: 'Never import electron outside main/electron' });
  engine.add({ kind: 'knowledge', text: 'Pinned: the staging DSN is postgres://stage:5432/app', pinned: true });
  engine.add({ kind: 'decisions', text: 'Search uses SQLite FTS5 with bm25 weights 10 and 1', at: '2026-01-10' });
  engine.add({ kind: 'gotchas', text: 'The FTS5 rank column needs ORDER BY rank to be fast', at: '2026-02-01' });
  engine.add({ kind: 'knowledge', text: 'Huge entry about FTS5 internals: ' + 'FTS5 segment merge detail '.repeat(900) });
  for (let i = 0; i < 40; i++) engine.add({ kind: 'knowledge', text: `Unrelated fact ${i} about the colour of widget ${i}`, at: '2025-06-01' });
  editFile(path.join(root, '.engram', 'sessions', 'ses_7', 'checkpoint.md'), '## Active intent\nShip the search view\n## Exact values\nport 5173\n');
  editFile(path.join(root, '.engram', 'sessions', 'ses_7', 'notes.md'), '- first note\n- latest note: FTS5 tokenizer is unicode61\n');
  editFile(
    path.join(root, '.engram', 'tasks', 'search-view', 'progress.md'),
    '---\ntitle: Build the search view\nstatus: in_progress\nupdated: 2026-11-25T10:40:00Z\n---\n- 2026-11-25T10:40Z ses_7: results list done\n',
  );
  engine.sync();
  return f;
}

describe('context(query, budget)', () => {
  it('never exceeds the budget, counted with o200k_base over the exact text', () => {
    const { engine } = richProject();
    for (const budget of [0, 1, 7, 20, 33, 64, 100, 257, 500, 1000, 2000, 4000, 16000]) {
      for (const query of [undefined, 'FTS5 search', 'widget colour']) {
        const block = engine.context({ query, budget });
        expect(block.budget).toBe(budget);
        expect(block.tokens).toBe(countTokens(block.text));
        expect(block.tokens, `${budget} ${query}`).toBeLessThanOrEqual(budget);
      }
    }
  });

  it('puts rules and pinned entries first, then the checkpoint, relevant entries, notes and tasks', () => {
    const { engine } = richProject();
    const block = engine.context({ query: 'FTS5 search', budget: 4000 });
    const order = ['## Rules and pinned', 'Never import electron', 'staging DSN', '## Checkpoint (ses_7)', 'Ship the search view', '## Relevant memory', 'bm25 weights', '## Notes (ses_7)', 'latest note', '## Open tasks', 'Build the search view'];
    const positions = order.map((s) => block.text.indexOf(s));
    expect(positions.every((p) => p >= 0), JSON.stringify(positions)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(block.items.slice(0, 2).map((i) => i.kind)).toEqual(['rules', 'knowledge']);
  });

  it('cuts one oversized entry to its share instead of letting it push the others out', () => {
    const { engine } = richProject();
    const block = engine.context({ query: 'FTS5', budget: 1000 });
    const huge = block.items.find((i) => i.form === 'truncated' && i.kind === 'knowledge');
    expect(huge, block.text).toBeDefined();
    expect(huge!.tokens).toBeLessThanOrEqual(250);
    expect(block.text).toContain('Search uses SQLite FTS5');
    expect(block.text).toContain('ORDER BY rank');
  });

  it('gives a text that memory holds several times once, and fills the room with other entries', () => {
    const { engine } = memoryFixture();
    const copy = 'The billing export runs nightly at 02:00 UTC from the reports worker';
    engine.addMany(Array.from({ length: 12 }, () => ({ kind: 'knowledge', text: copy })));
    engine.add({ kind: 'decisions', text: copy });
    engine.add({ kind: 'knowledge', text: 'The billing export writes CSV files to the reports bucket' });
    engine.add({ kind: 'gotchas', text: 'The nightly billing export fails when the reports worker restarts' });
    const block = engine.context({ query: 'billing export nightly reports', budget: 400 });
    expect(block.text.split(copy).length - 1).toBe(1);
    expect(block.text).toContain('writes CSV files');
    expect(block.text).toContain('fails when the reports worker restarts');
    expect(block.tokens).toBeLessThanOrEqual(400);
  });

  it('lists entries that did not fit as one-line index items while budget remains', () => {
    const { engine } = richProject();
    const block = engine.context({ query: 'widget colour', budget: 400 });
    const index = block.items.filter((i) => i.form === 'index');
    expect(index.length).toBeGreaterThan(0);
    for (const i of index) expect(block.text).toMatch(new RegExp(`^- ${i.id}: Unrelated fact`, 'm'));
    expect(new Set(block.items.map((i) => i.id)).size).toBe(block.items.length);
  });

  it('without a query, prefers the newest entries', () => {
    const { engine } = memoryFixture();
    engine.add({ kind: 'knowledge', text: 'old news', at: '2020-01-01' });
    engine.add({ kind: 'knowledge', text: 'fresh news', at: new Date().toISOString() });
    const block = engine.context({ budget: 200 });
    expect(block.text.indexOf('fresh news')).toBeLessThan(block.text.indexOf('old news'));
  });

  it('uses the given session\'s checkpoint and leaves superseded entries out', () => {
    const { engine, root } = memoryFixture();
    const old = engine.add({ kind: 'decisions', text: 'Deploy with rsync' }).id;
    engine.supersede(old, { kind: 'decisions', text: 'Deploy with the CI pipeline' }, { actor: 'agent' });
    editFile(path.join(root, '.engram', 'sessions', 'ses_a', 'checkpoint.md'), 'intent A');
    editFile(path.join(root, '.engram', 'sessions', 'ses_b', 'checkpoint.md'), 'intent B');
    engine.sync();
    const block = engine.context({ query: 'deploy', budget: 500, session: 'ses_a' });
    expect(block.text).toContain('intent A');
    expect(block.text).not.toContain('intent B');
    expect(block.text).toContain('CI pipeline');
    expect(block.text).not.toContain('rsync');
  });

  it('finds the relevant memory entry when many session messages outrank it', () => {
    const { engine } = memoryFixture();
    const { id } = engine.add({ kind: 'gotchas', text: `The otter importer drops rows with a BOM; ${'strip it before parsing. '.repeat(20)}` });
    // More messages than context() asks FTS5 for at first, each a stronger match than the entry.
    engine.indexMessages(
      Array.from({ length: 450 }, (_, i) => ({ id: `msg${i}`, session: 'ses_1', role: 'user', text: `otter ${i}`, at: '2026-11-01T10:00:00Z' })),
    );
    const block = engine.context({ query: 'otter', budget: 1000 });
    expect(block.items.map((item) => item.id)).toContain(id);
    expect(block.text).toContain('otter importer drops rows');
  });

  it('lets recency lift a recent entry that shares one word with the query over hundreds of older, shorter ones', () => {
    const { engine } = memoryFixture();
    const old = Array.from({ length: 300 }, (_, i) => ({
      kind: 'knowledge',
      text: `Auth note ${i}: the module was reviewed and nothing changed.`,
      at: '2025-01-01',
    }));
    engine.addMany(old);
    const today = new Date().toISOString().slice(0, 10);
    const { id } = engine.add({ kind: 'decisions', text: 'Auth now signs tokens with the new key service, agreed with the platform team.', at: today });
    const block = engine.context({ query: 'which signer does auth rely on', budget: 1000 });
    expect(block.items.find((item) => item.id === id)?.form).toBe('full');
  });

  it('ranks as memory_search does, and ends with one line on how to fetch more', () => {
    const { engine } = memoryFixture();
    engine.addMany(
      Array.from({ length: 60 }, (_, i) => ({
        kind: i % 3 ? 'knowledge' : 'decisions',
        text: `Entry ${i}: the ${['otter', 'heron', 'otter heron'][i % 3]} service ${'handles requests '.repeat(i % 5)}on port ${8000 + i}.`,
        at: `2026-0${1 + (i % 9)}-1${i % 10}`,
      })),
    );
    const block = engine.context({ query: 'otter heron port', budget: 600 });
    const given = block.items.filter((i) => i.form === 'full').map((i) => i.id);
    expect(given.length).toBeGreaterThan(3);
    const order = engine.search('otter heron port', { limit: 100 }).map((h) => h.id);
    // Same order; the block skips an entry only when it no longer fits (then a shorter may).
    expect(order.filter((id) => given.includes(id))).toEqual(given);
    expect(order.slice(0, 3)).toEqual(given.slice(0, 3));
    expect(block.text.trimEnd().split('\n').pop()).toMatch(/memory_search/);
  });
});
