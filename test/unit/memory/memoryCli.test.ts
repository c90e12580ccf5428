import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

// These run the built CLI (`npx electron-vite build` first), as scripts and other agents do.
function setup() {
  const project = tempDir('engram-cli-project-');
  const data = tempDir('engram-cli-data-');
  const run = (args: string[], input?: string) =>
    runEngram(['--project', project, '--data-dir', data, '--json', ...args], { cwd: project, input });
  return { project, data, run };
}

const json = (s: string) => JSON.parse(s);

describe('engram memory (CLI)', () => {
  let env: ReturnType<typeof setup>;
  beforeAll(async () => {
    env = setup();
    for (const [kind, text] of [
      ['rules', 'Never import electron outside main/electron'],
      ['decisions', 'The search index uses SQLite FTS5 with bm25 ranking'],
      ['gotchas', 'node-pty prints bracketed paste codes before the first output'],
      ['knowledge', 'The dev server listens on port 5173'],
    ]) {
      const r = await env.run(['memory', 'add', '--kind', kind, '--text', text, '--source', 'ses_test']);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('add creates .engram/ and answers {"id"}', async () => {
    const { project, run } = setup();
    const r = await run(['memory', 'add', '--kind', 'decisions', '--text', 'Use pnpm? No: npm']);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r.stdout);
    expect(Object.keys(out)).toEqual(['id']);
    expect(out.id).toMatch(/^m[0-9a-f]{6}$/);
    const file = fs.readFileSync(path.join(project, '.engram', 'MEMORY.md'), 'utf8');
    expect(file).toContain(`- Use pnpm? No: npm <!-- id:${out.id} `);
    expect(fs.existsSync(path.join(project, '.engram', 'sessions'))).toBe(true);
  });

  it('an unknown kind is a clear error and bad usage (exit 2), like a missing --text', async () => {
    const bad = await env.run(['memory', 'add', '--kind', 'wishes', '--text', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/unknown memory kind "wishes".*decisions/);
    const usage = await env.run(['memory', 'add', '--kind', 'rules']);
    expect(usage.code).toBe(2);
  });

  it('search answers [{"id","kind","text","source","score","path"}] best first', async () => {
    const r = await env.run(['memory', 'search', 'sqlite ranking']);
    expect(r.code, r.stderr).toBe(0);
    const hits = json(r.stdout);
    expect(hits).toHaveLength(1);
    expect(Object.keys(hits[0])).toEqual(['id', 'kind', 'text', 'source', 'score', 'path']);
    expect(hits[0]).toMatchObject({ kind: 'decisions', source: 'ses_test', path: '.engram/MEMORY.md' });
    expect(hits[0].score).toBeGreaterThan(0);
  });

  it('search finds an entry by its id, first, alone or among words', async () => {
    const { run } = setup();
    const ids: string[] = [];
    for (const text of ['Deploys go through the staging host first', 'Staging deploys need the VPN', 'The VPN config lives in ops/vpn']) {
      const r = await run(['memory', 'add', '--kind', 'knowledge', '--text', text]);
      expect(r.code, r.stderr).toBe(0);
      ids.push(json(r.stdout).id);
    }
    const alone = await run(['memory', 'search', ids[2]]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(json(alone.stdout).map((h: { id: string }) => h.id)).toEqual([ids[2]]);
    // Named and matched by words: the named entry leads, the word matches follow.
    const mixed = json((await run(['memory', 'search', `staging deploys ${ids[2]}`])).stdout).map((h: { id: string }) => h.id);
    expect(mixed[0]).toBe(ids[2]);
    expect(mixed.slice(1).sort()).toEqual([ids[0], ids[1]].sort());
    // An id that is not there finds nothing, and is no error.
    const none = await run(['memory', 'search', 'm000000']);
    expect(none.code, none.stderr).toBe(0);
    expect(json(none.stdout)).toEqual([]);
  });

  it('search never fails on FTS5 syntax, quotes or punctuation', async () => {
    for (const q of ['" OR 1=1 --', 'NEAR(a b) ***']) {
      const r = await env.run(['memory', 'search', q]);
      expect(r.code, `${q}: ${r.stderr}`).toBe(0);
      expect(Array.isArray(json(r.stdout))).toBe(true);
    }
    const r = await env.run(['memory', 'search', 'port:5173!!']);
    expect(json(r.stdout)[0].text).toContain('5173');
  });

  it('context answers {"tokens","budget","items","text"} with tokens within the budget', async () => {
    for (const budget of [5, 60, 4000]) {
      const r = await env.run(['memory', 'context', '--query', 'search index', '--budget', String(budget)]);
      expect(r.code, r.stderr).toBe(0);
      const block = json(r.stdout);
      expect(Object.keys(block)).toEqual(['tokens', 'budget', 'items', 'text']);
      expect(block.budget).toBe(budget);
      expect(block.tokens).toBe(countTokens(block.text));
      expect(block.tokens).toBeLessThanOrEqual(budget);
      for (const item of block.items) expect(Object.keys(item).slice(0, 4)).toEqual(['id', 'kind', 'source', 'tokens']);
    }
    const full = json((await env.run(['memory', 'context', '--query', 'search index'])).stdout);
    expect(full.items[0].kind).toBe('rules');
    expect(full.text).toContain('FTS5');
  });

  it('an entry that mentions a tokenizer\'s special tokens is added, indexed from a hand edit and given in context', async () => {
    // The tokenizer refused such a text: every memory command then failed with
    // "Disallowed special token found".
    const { project, run } = setup();
    const added = await run(['memory', 'add', '--kind', 'gotchas', '--text', 'The fine-tune data must end each sample with <|endoftext|>']);
    expect(added.code, added.stderr).toBe(0);
    const file = path.join(project, '.engram', 'MEMORY.md');
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, before.replace('## Superseded', '- Chat samples open with <|im_start|>user and close with <|im_end|>\n## Superseded'));
    const block = json((await run(['memory', 'context', '--query', 'samples endoftext im_start', '--budget', '200'])).stdout);
    expect(block.text).toContain('<|endoftext|>');
    expect(block.text).toContain('<|im_start|>user');
    expect(block.tokens).toBe(countTokens(block.text, { disallowedSpecial: new Set() }));
    expect(block.tokens).toBeLessThanOrEqual(200);
    const hits = json((await run(['memory', 'search', 'im_end'])).stdout);
    expect(hits[0].text).toContain('<|im_end|>');
  });

  it('context --queries answers one JSON line per query', async () => {
    const file = path.join(env.project, 'queries.jsonl');
    fs.writeFileSync(file, '{"id":"q1","query":"port"}\n{"id":"q2","query":"bracketed paste"}\n');
    const r = await env.run(['memory', 'context', '--queries', file, '--budget', '300']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map(json);
    expect(lines.map((l) => l.id)).toEqual(['q1', 'q2']);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['id', 'tokens', 'items']);
      expect(l.tokens).toBeLessThanOrEqual(300);
    }
    expect(lines[1].items.some((i: { kind: string }) => i.kind === 'gotchas')).toBe(true);
  });

  it('import adds JSON lines, reports a bad line with its number and still imports the rest', async () => {
    const { project, run } = setup();
    const file = path.join(project, 'facts.jsonl');
    fs.writeFileSync(
      file,
      [
        '{"text":"Deploys go through CI only"}',
        'this is not json',
        '{"text":"Prefer composition","kind":"patterns","source":"wiki","at":"2025-03-04T10:00:00Z"}',
        '{"text":"x","kind":"nonsense"}',
        '',
      ].join('\n'),
    );
    const r = await run(['memory', 'import', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout)).toEqual({ added: 2 });
    expect(r.stderr).toMatch(/facts\.jsonl:2: not JSON/);
    expect(r.stderr).toMatch(/facts\.jsonl:4: unknown kind/);
    const memory = fs.readFileSync(path.join(project, '.engram', 'MEMORY.md'), 'utf8');
    expect(memory).toMatch(/## Knowledge\n- Deploys go through CI only <!-- id:m[0-9a-f]{6} at:\d{4}/);
    expect(memory).toMatch(/## Patterns\n- Prefer composition <!-- id:m[0-9a-f]{6} at:2025-03-04 src:wiki -->/);
  });

  it('reindex rebuilds from the files: {"entries","ms"}', async () => {
    const r = await env.run(['memory', 'reindex']);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r.stdout);
    expect(out.entries).toBe(4);
    expect(typeof out.ms).toBe('number');
  });

  it('timeline answers [{"at","type","id","text","actor","session"}] newest first', async () => {
    const r = await env.run(['memory', 'timeline', '--limit', '2']);
    const events = json(r.stdout);
    expect(events).toHaveLength(2);
    expect(Object.keys(events[0])).toEqual(['at', 'type', 'id', 'text', 'actor', 'session']);
    expect(events[0]).toMatchObject({ type: 'added', text: 'The dev server listens on port 5173', session: 'ses_test' });
    expect(events[1].text).toContain('bracketed paste');
  });

  it('finds entries a dream moved into topic files, in search and in context', async () => {
    const { project, run } = setup();
    // Enough old entries that the dream's size budget (200 lines / 10 KB) moves most of them out.
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ kind: 'knowledge', text: `Subsystem ${i} keeps its state in module number ${i}${i === 7 ? ' and the okapi cache expires hourly' : ''}`, at: '2024-01-02' }),
    );
    const file = path.join(project, 'import.jsonl');
    fs.writeFileSync(file, lines.join('\n'));
    expect((await run(['memory', 'import', file])).code).toBe(0);
    const okapiId = json((await run(['memory', 'search', 'okapi'])).stdout)[0].id;
    const dream = await run(['dream', '--no-llm']);
    expect(dream.code, dream.stderr).toBe(0);
    // Moved: no longer in MEMORY.md, but in a topic file.
    expect(fs.readFileSync(path.join(project, '.engram', 'MEMORY.md'), 'utf8')).not.toContain(`id:${okapiId}`);
    const topics = fs.readdirSync(path.join(project, '.engram', 'memory'));
    expect(topics.some((t) => fs.readFileSync(path.join(project, '.engram', 'memory', t), 'utf8').includes(`id:${okapiId}`))).toBe(true);

    const hits = json((await run(['memory', 'search', 'okapi cache'])).stdout) as { id: string; path: string }[];
    // Found once, first; entries written beside it the same day may follow (dialog neighbours).
    expect(hits.filter((h) => h.id === okapiId)).toHaveLength(1);
    expect(hits[0]).toMatchObject({ id: okapiId, kind: 'knowledge' });
    expect(hits[0].path).toMatch(/^\.engram\/memory\/.+\.md$/);
    const context = json((await run(['memory', 'context', '--query', 'when does the okapi cache expire', '--budget', '500'])).stdout);
    expect(context.text).toContain('okapi cache expires hourly');
  }, 120_000);

  it('two processes adding at once lose nothing', async () => {
    const { project, run } = setup();
    const perProcess = 6;
    const worker = async (name: string) => {
      const ids: string[] = [];
      for (let i = 0; i < perProcess; i++) {
        const r = await run(['memory', 'add', '--kind', 'knowledge', '--text', `fact ${name}${i} from ${name}`]);
        expect(r.code, r.stderr).toBe(0);
        ids.push(json(r.stdout).id);
      }
      return ids;
    };
    const [a, b] = await Promise.all([worker('alpha'), worker('beta')]);
    const memory = fs.readFileSync(path.join(project, '.engram', 'MEMORY.md'), 'utf8');
    for (const id of [...a, ...b]) expect(memory).toContain(`id:${id}`);
    const search = json((await run(['memory', 'search', 'fact', '--limit', '100'])).stdout);
    expect(search).toHaveLength(perProcess * 2);
  }, 180_000);

  it('a corrupt database is moved aside and the index rebuilt from the files', async () => {
    const { data, run } = setup();
    await run(['memory', 'add', '--kind', 'rules', '--text', 'Survives a broken database']);
    for (const f of fs.readdirSync(data)) if (f.startsWith('engram.db')) fs.rmSync(path.join(data, f));
    fs.writeFileSync(path.join(data, 'engram.db'), 'this is not a database'.repeat(100));
    const r = await run(['memory', 'search', 'broken database']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/moved it to/);
    expect(json(r.stdout)[0].text).toBe('Survives a broken database');
  });
});
