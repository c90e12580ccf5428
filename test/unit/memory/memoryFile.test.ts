import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changedRange, memoryFixture } from './fixture';
import { parseMemoryDocument } from '../../../main/memory/markdown/memoryDocument';
import { bytesToByteString } from '../../../main/memory/markdown/byteString';

const HAND_WRITTEN = [
  '# Projektgedächtnis',
  '',
  'Free text a person wrote before any section.',
  '',
  '##   Rules   ',
  '-  Always run `npm test` before pushing.',
  '- Second rule, with a comment that is not metadata <!-- todo -->',
  '',
  '',
  '## Entscheidungen',
  '- Wir nutzen SQLite. <!-- id:m111111 at:2026-01-02 src:ses_A -->',
  '    indented continuation kept as is',
  '',
  '## Decisions',
  '- Use WAL mode. <!-- id:m222222 at:2026-01-03 -->',
  '',
  '```',
  '## not a section inside a fence',
  '- not an entry',
  '```',
  '',
  '## Odd section nobody knows',
  'Some paragraph.',
  '- an entry in an unknown section',
  '',
].join('\r\n');

describe('MEMORY.md as written by people', () => {
  it('reads hand-typed entries, unknown and foreign sections, and leaves fenced code alone', () => {
    const { engine } = memoryFixture(HAND_WRITTEN);
    const entries = engine.document().entries;
    expect(entries.map((e) => [e.kind, e.text])).toEqual([
      ['rules', 'Always run `npm test` before pushing.'],
      ['rules', 'Second rule, with a comment that is not metadata <!-- todo -->'],
      ['entscheidungen', 'Wir nutzen SQLite.\n  indented continuation kept as is'],
      ['decisions', 'Use WAL mode.'],
      ['odd section nobody knows', 'an entry in an unknown section'],
    ]);
    expect(entries[2].id).toBe('m111111');
    expect(entries[0].id).toMatch(/^h[0-9a-f]{6}$/);
    // Hand ids are stable: the same text gives the same id on every read.
    expect(parseMemoryDocument(bytesToByteString(fs.readFileSync(memoryFixture(HAND_WRITTEN).memoryFile))).entries[0].id).toBe(entries[0].id);
  });

  it('adding an entry inserts bytes in one place and keeps every other byte, CRLF included', () => {
    const { engine, memoryFile } = memoryFixture(HAND_WRITTEN);
    const before = fs.readFileSync(memoryFile);
    const { id } = engine.add({ kind: 'decisions', text: 'Index with FTS5.', source: 'ses_B' });
    const after = fs.readFileSync(memoryFile);
    const r = changedRange(before, after);
    expect(r.endA).toBe(r.start); // nothing removed
    const inserted = after.subarray(r.start, r.endB).toString('utf8');
    expect(inserted).toMatch(new RegExp(`^- Index with FTS5\\. <!-- id:${id} at:\\d{4}-\\d{2}-\\d{2} src:ses_B -->\\r\\n$`));
    // It went under ## Decisions, right after the last entry there.
    expect(after.toString('utf8')).toContain('- Use WAL mode. <!-- id:m222222 at:2026-01-03 -->\r\n- Index with FTS5.');
  });

  it('editing one entry changes only that entry\'s bytes', () => {
    const { engine, memoryFile } = memoryFixture(HAND_WRITTEN);
    const before = fs.readFileSync(memoryFile);
    engine.edit('m111111', 'Wir nutzen SQLite mit WAL.', { actor: 'agent', session: 'ses_C' });
    const after = fs.readFileSync(memoryFile);
    const r = changedRange(before, after);
    const oldEntry = '- Wir nutzen SQLite. <!-- id:m111111 at:2026-01-02 src:ses_A -->\r\n    indented continuation kept as is';
    const start = before.indexOf(oldEntry);
    expect(r.start).toBeGreaterThanOrEqual(start);
    expect(r.endA).toBeLessThanOrEqual(start + Buffer.byteLength(oldEntry));
    expect(after.toString('utf8')).toContain('- Wir nutzen SQLite mit WAL. <!-- id:m111111 at:2026-01-02 src:ses_A -->\r\n\r\n## Decisions');
  });

  it('keeps bytes that are not UTF-8 exactly, even when writing next to them', () => {
    const binary = Buffer.concat([
      Buffer.from('# Project memory\n\n## Knowledge\n- caf'),
      Buffer.from([0xe9, 0x00, 0xff, 0xfe]),
      Buffer.from(' latin1 and junk bytes\n## Gotchas\n'),
    ]);
    const { engine, memoryFile } = memoryFixture(binary);
    expect(engine.document().entries).toHaveLength(1);
    engine.add({ kind: 'knowledge', text: 'Ünïcode stays UTF-8 ✓' });
    const after = fs.readFileSync(memoryFile);
    const r = changedRange(binary, after);
    expect(r.endA).toBe(r.start);
    expect(Buffer.concat([after.subarray(0, r.start), after.subarray(r.endB)]).equals(binary)).toBe(true);
    expect(engine.document().entries.map((e) => e.text)).toContain('Ünïcode stays UTF-8 ✓');
  });

  it('text with comment markers, newlines, headings and bullets cannot break the structure and reads back the same', () => {
    const { engine, memoryFile } = memoryFixture();
    const nasty = [
      'Start <!-- id:evil at:x --> middle --> end <\\!-- already escaped',
      '## Not a heading',
      '- not a bullet',
      '',
      '```',
      '# code',
    ].join('\n');
    const { id } = engine.add({ kind: 'gotchas', text: nasty });
    engine.add({ kind: 'gotchas', text: 'a second entry after it' });
    const doc = engine.document();
    expect(doc.sections.map((s) => s.kind)).toEqual(['context', 'rules', 'decisions', 'knowledge', 'patterns', 'gotchas', 'superseded']);
    expect(doc.entries.find((e) => e.id === id)?.text).toBe(nasty);
    expect(doc.entries.map((e) => e.text)).toContain('a second entry after it');
    expect(fs.readFileSync(memoryFile, 'utf8')).not.toContain('<!-- id:evil');
    expect(engine.search('bullet heading')[0]?.text).toBe(nasty);
  });

  it('refuses an unknown kind and an empty text, leaving the file untouched', () => {
    const { engine, memoryFile } = memoryFixture(HAND_WRITTEN);
    const before = fs.readFileSync(memoryFile);
    expect(() => engine.add({ kind: 'secrets', text: 'x' })).toThrow(/unknown memory kind "secrets"/);
    expect(() => engine.add({ kind: 'rules', text: '  \n ' })).toThrow(/empty/);
    expect(fs.readFileSync(memoryFile).equals(before)).toBe(true);
  });

  it('supersedes and merges by moving entries to Superseded, never deleting them', () => {
    const { engine } = memoryFixture();
    const a = engine.add({ kind: 'decisions', text: 'Port 3000 for the dev server' }).id;
    const b = engine.add({ kind: 'decisions', text: 'Dev server binds localhost' }).id;
    const c = engine.add({ kind: 'knowledge', text: 'Old fact' }).id;
    const { id: merged } = engine.merge([a, b], { kind: 'decisions', text: 'Dev server: localhost:3000' }, { actor: 'dream' });
    const { id: replaced } = engine.supersede(c, { kind: 'knowledge', text: 'New fact' }, { actor: 'agent', session: 'ses_9' });
    const entries = engine.document().entries;
    const superseded = entries.filter((e) => e.kind === 'superseded');
    expect(superseded.map((e) => [e.id, e.meta['superseded-by']])).toEqual([
      [a, merged],
      [b, merged],
      [c, replaced],
    ]);
    expect(entries.filter((e) => e.kind !== 'superseded').map((e) => e.text)).toEqual(['Dev server: localhost:3000', 'New fact']);
    const types = engine.timeline({ limit: 20 }).map((e) => `${e.type}:${e.id}:${e.actor}`);
    expect(types.slice(0, 5)).toEqual([`added:${replaced}:agent`, `superseded:${c}:agent`, `added:${merged}:dream`, `merged:${b}:dream`, `merged:${a}:dream`]);
  });

  it('a replacement keeps the date it was given, like an added entry; without one it is dated today', () => {
    const { engine } = memoryFixture();
    const old = engine.add({ kind: 'decisions', text: 'Billing uses knex', at: '2026-01-03T10:00:00Z' }).id;
    const { id: dated } = engine.supersede(old, { kind: 'decisions', text: 'Billing uses drizzle', at: '2026-02-07T09:00:00Z' }, { actor: 'cli' });
    const { id: undated } = engine.supersede(dated!, { kind: 'decisions', text: 'Billing uses prisma' }, { actor: 'cli' });
    const at = (id: string | null) => engine.document().entries.find((e) => e.id === id)?.meta.at;
    expect(at(dated)).toBe('2026-02-07');
    expect(at(undated)).toBe(new Date().toISOString().slice(0, 10));
  });

  it('an edit based on text a person has since changed is refused; edits elsewhere keep the person\'s change', () => {
    const { engine, memoryFile } = memoryFixture();
    const a = engine.add({ kind: 'rules', text: 'Tabs, not spaces' }).id;
    const b = engine.add({ kind: 'rules', text: 'Lint before commit' }).id;
    // A person changes entry a in an editor; the engine has not synced since.
    fs.writeFileSync(memoryFile, fs.readFileSync(memoryFile, 'utf8').replace('Tabs, not spaces', 'Spaces, not tabs'));
    expect(() => engine.edit(a, 'Tabs everywhere', { actor: 'agent' }, { expectedText: 'Tabs, not spaces' })).toThrow(/changed by someone else/);
    engine.edit(b, 'Lint and test before commit', { actor: 'agent' });
    const text = fs.readFileSync(memoryFile, 'utf8');
    expect(text).toContain('Spaces, not tabs');
    expect(text).toContain('Lint and test before commit');
    const events = engine.timeline({ limit: 10 }).map((e) => `${e.type}:${e.id}:${e.actor}`);
    expect(events[0]).toBe(`edited:${b}:agent`);
    expect(events).toContain(`edited:${a}:person`);
  });

  it('writes user-wide memory to the data folder, separate from the project', () => {
    const { engine, dataDir, root } = memoryFixture();
    const { id } = engine.add({ kind: 'patterns', text: 'I prefer big commits' }, { actor: 'person' }, 'user');
    engine.edit(id, 'I prefer small commits', { actor: 'person' });
    expect(fs.readFileSync(`${dataDir}/MEMORY.md`, 'utf8')).toContain(`- I prefer small commits <!-- id:${id} `);
    expect(fs.existsSync(`${root}/.engram/MEMORY.md`)).toBe(false);
    const hit = engine.search('small commits')[0];
    expect(hit.path).toBe(`${dataDir}/MEMORY.md`);
  });
});
