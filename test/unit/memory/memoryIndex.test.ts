import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editFile, memoryFixture } from './fixture';
import { MemoryEngine } from '../../../main/memory/memoryEngine';
import { tempDir } from '../../helpers/tempDir';

const memoryOf = (entries: [string, string][]) => {
  const sections = new Map<string, string[]>();
  for (const [kind, text] of entries) sections.set(kind, [...(sections.get(kind) ?? []), `- ${text}`]);
  return '# Project memory\n\n' + [...sections].map(([k, lines]) => `## ${k}\n${lines.join('\n')}\n`).join('');
};

describe('memory search', () => {
  it('never raises on FTS5 syntax, quotes, punctuation or empty input', () => {
    const { engine } = memoryFixture(memoryOf([['Knowledge', 'The API listens on port 8080 (see config)']]));
    engine.sync();
    const odd = ['', '   ', '"', '""', "'", '*', '(', ')', 'AND', 'OR NOT', 'NEAR(a b, 3)', 'a:b', '^x', '-x', '+', '{}', '...', '" OR 1=1 --', 'port" OR "x', '\u0000', '🙂', 'port*'];
    for (const q of odd) expect(() => engine.search(q), q).not.toThrow();
    expect(engine.search('port:8080!!')[0]?.text).toContain('8080');
    expect(engine.search('(config)')[0]?.text).toContain('config');
  });

  it('ranks entries holding more of the words first, matches word forms, and falls back to prefixes', () => {
    const { engine } = memoryFixture(
      memoryOf([
        ['Knowledge', 'alpha beta one'],
        ['Knowledge', 'alpha gamma two'],
        ['Knowledge', 'delta three'],
        ['Knowledge', 'Melanie painted a sunrise over the lake'],
      ]),
    );
    engine.sync();
    // (Entries written beside a hit the same day may follow it: see the neighbour tests.)
    expect(engine.search('alpha beta').map((h) => h.text).slice(0, 2)).toEqual(['alpha beta one', 'alpha gamma two']);
    expect(engine.search('alpha zeta').map((h) => h.text).slice(0, 2).sort()).toEqual(['alpha beta one', 'alpha gamma two']);
    // Stemmed: "paintings" and "painted" are one word to the index.
    expect(engine.search('her paintings')[0].text).toBe('Melanie painted a sunrise over the lake');
    expect(engine.search('gam')[0].text).toBe('alpha gamma two');
    expect(engine.search('nothing matches this')).toEqual([]);
  });

  it('lifts the entry written right after a strong hit, the same day and kind, above weak matches', () => {
    const { engine } = memoryFixture();
    const day = (d: string, kind: string, text: string) => ({ kind, text, at: d });
    engine.addMany([
      ...Array.from({ length: 30 }, (_, i) => day('2026-01-01', 'knowledge', `Caroline mentioned detail ${i} in passing.`)),
      day('2026-02-01', 'knowledge', 'Caroline: which city did the wombat conference move to?'),
      day('2026-02-01', 'knowledge', 'Melanie: it moved to Lisbon this spring.'),
      day('2026-02-02', 'knowledge', 'Melanie: the lighthouse trip was cancelled.'),
    ]);
    const texts = engine.search('where did the wombat conference Caroline went to move', { limit: 3 }).map((h) => h.text);
    expect(texts[0]).toContain('wombat conference');
    // The answer shares no word with the question; it ranks second through its neighbour.
    expect(texts[1]).toContain('Lisbon');
    // Written the next day: not a neighbour, and shares no word either.
    expect(texts).not.toContain('Melanie: the lighthouse trip was cancelled.');
  });

  it('still lifts a neighbour in when the best matches of the shared index belong to another project', () => {
    // One database serves every project: the bm25 top list here is the other project's rows,
    // so the rows beside this project's hits must be read even though that list alone would
    // rule them out.
    const { engine, db, dataDir } = memoryFixture();
    const other = new MemoryEngine({ db, projectRoot: tempDir('engram-mem-other-'), dataDir });
    other.addMany(Array.from({ length: 5 }, (_, i) => ({ kind: 'knowledge', text: `wombat conference wombat conference notes ${i}`, at: '2026-01-01' })));
    engine.addMany([
      { kind: 'knowledge', text: 'Caroline: where did the wombat conference move?', at: '2026-02-01' },
      { kind: 'knowledge', text: 'Melanie: it moved to Lisbon this spring.', at: '2026-02-01' },
      { kind: 'knowledge', text: 'A wombat is a marsupial that digs long burrows under the dry hills of the south, we read.', at: '2026-03-01' },
      { kind: 'knowledge', text: 'The conference badge is blue, the lanyard is green and the hall was far too big for us.', at: '2026-04-01' },
    ]);
    const texts = engine.search('wombat conference', { limit: 3 }).map((h) => h.text);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain('where did the wombat conference move');
    expect(texts).toContain('Melanie: it moved to Lisbon this spring.');
    expect(texts.some((t) => t.includes('notes'))).toBe(false);
  });

  it('does not lift across kinds or days, and a run of weak matches does not lift itself', () => {
    const { engine } = memoryFixture();
    engine.addMany([
      { kind: 'knowledge', text: 'The quokka importer retries three times.', at: '2026-03-01' },
      { kind: 'gotchas', text: 'Never run two migrations at once.', at: '2026-03-01' },
      { kind: 'knowledge', text: 'Builds are cached for a day.', at: '2026-03-02' },
      ...Array.from({ length: 6 }, (_, i) => ({ kind: 'knowledge', text: `importer note ${i}`, at: '2026-04-01' })),
      { kind: 'knowledge', text: 'The importer keeps its state in a quokka table and logs every batch it reads', at: '2026-05-01' },
    ]);
    const hits = engine.search('quokka importer', { limit: 20 });
    const texts = hits.map((h) => h.text);
    expect(texts).not.toContain('Never run two migrations at once.');
    expect(texts).not.toContain('Builds are cached for a day.');
    // The six adjacent weak matches stay below the long entry holding both words.
    expect(texts.indexOf('The importer keeps its state in a quokka table and logs every batch it reads')).toBeLessThan(
      texts.indexOf('importer note 0'),
    );
  });

  it('gives an entry found in MEMORY.md and a topic file (a dream mid-move) once', () => {
    const line = '- The wombat queue drains nightly <!-- id:m0a1b2c at:2024-05-01 -->\n';
    const { engine, root } = memoryFixture(`# Project memory\n\n## Knowledge\n${line}`);
    editFile(path.join(root, '.engram', 'memory', 'knowledge.md'), `# Knowledge: entries moved out of MEMORY.md by dreams\n\n## Knowledge\n${line}`);
    engine.sync();
    expect(engine.search('wombat queue').map((h) => h.id)).toEqual(['m0a1b2c']);
    const block = engine.context({ query: 'wombat queue', budget: 500 });
    expect(block.text.split('wombat queue drains nightly')).toHaveLength(2);
  });

  it('returns hits best first, and a superseded entry never above its replacement', () => {
    const { engine } = memoryFixture();
    for (let i = 0; i < 25; i++) engine.add({ kind: 'knowledge', text: `banana ${i} ${'padding '.repeat(i * 20)}` });
    const bananas = engine.search('banana', { limit: 50 });
    expect(bananas).toHaveLength(25);
    for (let i = 1; i < bananas.length; i++) expect(bananas[i].score).toBeLessThanOrEqual(bananas[i - 1].score);
    // The old entry matches the query better (shorter, the words twice), yet ranks below.
    const old = engine.add({ kind: 'decisions', text: 'Deploy staging with rsync; rsync deploy staging' }).id;
    const id = engine.supersede(old, { kind: 'decisions', text: 'Deploy staging through the CI pipeline from now on, after review by the platform team' }, { actor: 'agent' }).id!;
    const hits = engine.search('deploy staging rsync', { limit: 10 }).map((h) => h.id);
    expect(hits).toContain(id);
    expect(hits).toContain(old);
    expect(hits.indexOf(id)).toBeLessThan(hits.indexOf(old));
    const block = engine.context({ query: 'deploy staging rsync', budget: 300 });
    expect(block.items.map((i) => i.id)).toContain(id);
    expect(block.items.map((i) => i.id)).not.toContain(old);
  });

  it('indexes checkpoints, notes and task progress, and follows deletions and renames', () => {
    const { engine, root } = memoryFixture(memoryOf([['Rules', 'Keep commits small']]));
    const session = (id: string) => path.join(root, '.engram', 'sessions', id);
    editFile(path.join(session('ses_1'), 'checkpoint.md'), '## Active intent\nMigrate the quokka service\n');
    editFile(path.join(session('ses_1'), 'notes.md'), '- tried the wombat flag, it failed\n');
    editFile(
      path.join(root, '.engram', 'tasks', 't1', 'progress.md'),
      '---\ntitle: Add platypus theme\nstatus: in_progress\nupdated: 2026-11-25T10:40:00Z\n---\n- 2026-11-25T09:12Z created\n',
    );
    engine.sync();
    expect(engine.search('quokka')[0]).toMatchObject({ id: 'checkpoint:ses_1', kind: 'checkpoint', path: '.engram/sessions/ses_1/checkpoint.md' });
    expect(engine.search('wombat')[0]).toMatchObject({ id: 'notes:ses_1', kind: 'notes' });
    expect(engine.search('platypus')[0]).toMatchObject({ id: 'task:t1', kind: 'in_progress', path: '.engram/tasks/t1/progress.md' });

    fs.rmSync(path.join(session('ses_1'), 'notes.md'));
    fs.renameSync(session('ses_1'), session('ses_2'));
    engine.sync();
    expect(engine.search('wombat')).toEqual([]);
    expect(engine.search('quokka').map((h) => h.id)).toEqual(['checkpoint:ses_2']);
  });

  it('re-reads a file only when mtime or size changed, and re-parses only when its hash did', () => {
    const { engine, memoryFile } = memoryFixture(memoryOf([['Knowledge', 'first fact']]));
    expect(engine.sync().filesIndexed).toBe(1);
    expect(engine.sync().filesIndexed).toBe(0);
    editFile(memoryFile, fs.readFileSync(memoryFile)); // touched, same bytes
    expect(engine.sync()).toMatchObject({ filesIndexed: 0, rowsChanged: 0 });
    editFile(memoryFile, memoryOf([['Knowledge', 'first fact'], ['Knowledge', 'second fact']]));
    expect(engine.sync()).toMatchObject({ filesIndexed: 1, rowsChanged: 1 });
    expect(engine.timeline()[0]).toMatchObject({ type: 'added', actor: 'person', text: 'second fact' });
  });

  it('shares one database between projects without mixing their memories', () => {
    const a = memoryFixture(memoryOf([['Knowledge', 'shared word in project A']]));
    fs.mkdirSync(path.join(a.dataDir, 'other', '.engram'), { recursive: true });
    fs.writeFileSync(path.join(a.dataDir, 'other', '.engram', 'MEMORY.md'), memoryOf([['Knowledge', 'shared word in project B']]));
    const b = new MemoryEngine({ db: a.db, projectRoot: path.join(a.dataDir, 'other'), dataDir: a.dataDir });
    a.engine.sync();
    b.sync();
    expect(a.engine.search('shared word').map((h) => h.text)).toEqual(['shared word in project A']);
    expect(b.search('shared word').map((h) => h.text)).toEqual(['shared word in project B']);
  });

  it("finds a project's own hits even when another project's rank above them", () => {
    // Project A: weak matches (long entries). Project B: many strong ones (short entries),
    // enough to fill the first short lists FTS5 returns before the scope check.
    const mine = Array.from({ length: 3 }, (_, i): [string, string] => ['Knowledge', `otter ${i} ${'words '.repeat(60)}`]);
    const a = memoryFixture(memoryOf(mine));
    for (const [name, count] of [['few', 6], ['many', 120]] as const) {
      const dir = path.join(a.dataDir, name);
      fs.mkdirSync(path.join(dir, '.engram'), { recursive: true });
      const theirs = Array.from({ length: count }, (_, i): [string, string] => ['Knowledge', `otter ${name} ${i}`]);
      fs.writeFileSync(path.join(dir, '.engram', 'MEMORY.md'), memoryOf(theirs));
      new MemoryEngine({ db: a.db, projectRoot: dir, dataDir: a.dataDir }).sync();
    }
    a.engine.sync();
    const hits = a.engine.search('otter', { limit: 5 });
    expect(hits.map((h) => h.text.split(' ').slice(0, 2).join(' ')).sort()).toEqual(['otter 0', 'otter 1', 'otter 2']);
    // And the same with a limit the other projects cannot fill the short list of.
    expect(a.engine.search('otter', { limit: 2 })).toHaveLength(2);
  });

  it('indexes session messages beside files; reindex rebuilds files and keeps messages', async () => {
    const { engine } = memoryFixture(memoryOf([['Knowledge', 'the ocelot lives in a file']]));
    engine.sync();
    engine.indexMessages([
      { id: 'msg_1', session: 'ses_1', role: 'user', text: 'please rename the ocelot module', at: '2026-11-25T10:00:00Z' },
      { id: 'msg_2', session: 'ses_2', role: 'assistant', text: 'ocelot renamed', at: '2026-11-25T10:01:00Z' },
    ]);
    expect(engine.search('ocelot').map((h) => h.id).sort()).toEqual([engine.document().entries[0].id, 'msg_1', 'msg_2'].sort());
    // Stemmed, "renamed" is "rename": both messages hold both words and outrank the entry.
    const renamed = engine.search('rename ocelot');
    expect(renamed.slice(0, 2).map((h) => h.id).sort()).toEqual(['msg_1', 'msg_2']);
    expect(renamed.find((h) => h.id === 'msg_1')).toMatchObject({ kind: 'user', source: 'ses_1', path: '' });
    expect(await engine.reindexAsync()).toMatchObject({ entries: 1, documents: 1 });
    expect(engine.search('ocelot')).toHaveLength(3);
    expect(engine.forgetSessionMessages('ses_1')).toBe(1);
    expect(engine.search('ocelot').map((h) => h.id)).not.toContain('msg_1');
  });

  it('handles a 10 MB MEMORY.md: indexes it, finds a needle, and appends without rewriting the rest', () => {
    const lines = ['# Project memory', '', '## Knowledge'];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const line = `- entry ${i} about module${i % 997} and the function handle${i % 113} <!-- id:m${(i + 0x100000).toString(16)} at:2026-01-01 -->`;
      lines.push(line);
      size += line.length + 1;
    }
    lines.splice(5000, 0, '- the needle is a flamingo config flag');
    const original = Buffer.from(lines.join('\n') + '\n');
    expect(original.length).toBeGreaterThan(10 * 1024 * 1024 - 200);
    const { engine, memoryFile } = memoryFixture(original);
    engine.sync();
    expect(engine.search('flamingo')[0].text).toBe('the needle is a flamingo config flag');
    engine.add({ kind: 'knowledge', text: 'one more' });
    const after = fs.readFileSync(memoryFile);
    expect(after.subarray(0, original.length).equals(original)).toBe(true);
    expect(after.subarray(original.length).toString()).toMatch(/^- one more <!-- id:m[0-9a-f]{6} /);
  }, 180_000);

  it('watch() picks up an edit made in an editor', async () => {
    const { engine, memoryFile } = memoryFixture(memoryOf([['Knowledge', 'before the edit']]));
    engine.sync();
    let changed!: Promise<void>;
    await new Promise<void>((ready) => {
      changed = new Promise<void>((resolve) => void engine.watch(() => resolve()).then(ready));
    });
    editFile(memoryFile, memoryOf([['Knowledge', 'before the edit'], ['Gotchas', 'capybara written in an editor']]));
    await changed;
    expect(engine.search('capybara')[0]?.kind).toBe('gotchas');
    await engine.close();
  }, 60_000);
});
