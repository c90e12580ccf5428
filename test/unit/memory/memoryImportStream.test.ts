import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { ENGRAM_BIN, runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

const KINDS = ['knowledge', 'rules', 'decisions', 'gotchas', 'patterns', 'context'];
const HAND_WRITTEN = [
  '# Project memory',
  '',
  'Some words a person wrote before any section.',
  '',
  '## Rules',
  '- Keep the tests fast. <!-- id:m0000a1 at:2026-01-02 -->',
  '- A line typed by hand, no metadata',
  '',
  '## Our own notes',
  'Free text that is not an entry list.',
  '',
  '## Superseded',
  '',
].join('\n');

/** JSON lines of `n` entries (with accents, CJK and emoji), plus the broken lines a real export has. */
function importFile(dir: string, n: number, tag: string): { file: string; texts: string[] } {
  const texts: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const text = `${tag}${i} Größe der Warteschlange 東京 ${i % 97} 😀 ${'x'.repeat(i % 50)}`;
    texts.push(text);
    lines.push(JSON.stringify({ text, kind: KINDS[i % KINDS.length], source: i % 3 ? 'export' : undefined, at: '2025-05-06T07:08:09Z' }) + (i % 5 === 0 ? '\r' : ''));
    if (i === 10) lines.push('this line is not json');
    if (i === 20) lines.push('');
    if (i === 30) lines.push(JSON.stringify({ text: 'y'.repeat(9 * 1024 * 1024) })); // over the line limit
  }
  const file = path.join(dir, `${tag}.jsonl`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, texts };
}

function setup() {
  const project = tempDir('engram-import-project-');
  const data = tempDir('engram-import-data-');
  fs.mkdirSync(path.join(project, '.engram'));
  fs.writeFileSync(path.join(project, '.engram', 'MEMORY.md'), HAND_WRITTEN);
  const run = (...args: string[]) => runEngram(['--project', project, '--data-dir', data, '--json', ...args], { timeoutMs: 120_000 });
  return { project, data, run, memoryFile: path.join(project, '.engram', 'MEMORY.md') };
}

const ENTRY_LINE = /^- (imp|kil)\d+ /;

/** Each indexed entry's stored token count beside its o200k count, read from engram.db. */
function storedTokenCounts(data: string, like: string): { stored: number; counted: number }[] {
  const db = new Database(path.join(data, 'engram.db'), { readonly: true });
  try {
    const rows = db.prepare(`SELECT body, tokens FROM memory_docs WHERE source_type = 'memory' AND body LIKE ?`).all(like) as { body: string; tokens: number }[];
    return rows.map((r) => ({ stored: r.tokens, counted: countTokens(r.body) }));
  } finally {
    db.close();
  }
}

describe('engram memory import, streamed', () => {
  it('imports 30,000 lines into the right sections, keeps every hand-written byte, and indexes each entry once', async () => {
    const { project, data, run, memoryFile } = setup();
    const { file, texts } = importFile(project, 30_000, 'imp');
    const before = JSON.parse((await run('memory', 'reindex')).stdout).entries as number;
    const r = await run('memory', 'import', file);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ added: 30_000 });
    expect(r.stderr).toMatch(/imp\.jsonl:12: not JSON; line skipped/);
    expect(r.stderr).toMatch(/imp\.jsonl:34: longer than \d+ bytes; line skipped/);

    const memory = fs.readFileSync(memoryFile, 'utf8');
    const lines = memory.split('\n');
    // Take the imported entries (and the headings of the sections they opened) out again:
    // what is left is the file as the person wrote it.
    const opened = new Set(['## Knowledge', '## Decisions', '## Gotchas', '## Patterns', '## Context']);
    expect(lines.filter((l) => !ENTRY_LINE.test(l) && !opened.has(l)).join('\n')).toBe(HAND_WRITTEN);
    for (const heading of opened) expect(lines.filter((l) => l === heading)).toHaveLength(1);
    const imported = lines.filter((l) => ENTRY_LINE.test(l));
    expect(imported).toHaveLength(30_000);
    const ids = imported.map((l) => /<!-- id:(m[0-9a-f]{6}) /.exec(l)![1]);
    expect(new Set([...ids, 'm0000a1']).size).toBe(30_001);
    // Each entry under its kind's heading, with its date and source.
    let section = '';
    const sectionOf = new Map<string, string>();
    for (const l of lines) {
      if (l.startsWith('## ')) section = l.slice(3).toLowerCase();
      else if (ENTRY_LINE.test(l)) sectionOf.set(/^- (imp\d+) /.exec(l)![1], section);
    }
    for (const i of [0, 1, 2, 3, 4, 5, 29_999]) expect(sectionOf.get(`imp${i}`)).toBe(KINDS[i % KINDS.length]);
    expect(imported.find((l) => l.startsWith('- imp1 '))).toBe(`- ${texts[1]} <!-- id:${ids.find((_, k) => imported[k].startsWith('- imp1 '))} at:2025-05-06 src:export -->`);

    // Counted once, when imported (in a worker, chunk by chunk, the last chunk a partial one).
    const counts = storedTokenCounts(data, 'imp%');
    expect(counts).toHaveLength(30_000);
    expect(counts.filter((c) => c.stored !== c.counted)).toEqual([]);

    const hit = await run('memory', 'search', 'imp12345');
    // First; entries imported beside it the same day may follow (dialog neighbours).
    const found = JSON.parse(hit.stdout).map((h: { text: string }) => h.text);
    expect(found[0]).toBe(texts[12345]);
    expect(found.filter((t: string) => t === texts[12345])).toHaveLength(1);
    const reindexed = await run('memory', 'reindex');
    expect(JSON.parse(reindexed.stdout).entries).toBe(before + 30_000);
  }, 180_000);

  it('is all or nothing when killed (kill -9) at any point, and a later import completes', async () => {
    const { project, data, run, memoryFile } = setup();
    const { file } = importFile(project, 60_000, 'kil');
    const count = () => fs.readFileSync(memoryFile, 'utf8').split('\n').filter((l) => ENTRY_LINE.test(l)).length;
    const seen = new Set<number>();
    for (const delay of [200, 600, 1200, 2000, 3000]) {
      if (count() > 0) break;
      const child = spawn(process.execPath, [ENGRAM_BIN, '--project', project, '--data-dir', data, 'memory', 'import', file], { stdio: 'ignore' });
      // Listened for from the start: an import that ends before the kill (a quick machine, or a
      // late timer on a loaded one) has emitted 'exit' already, and waiting for it then hung.
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      const n = count();
      seen.add(n);
      expect([0, 60_000]).toContain(n);
      // The index agrees with the file, whatever point the kill hit.
      const hit = await run('memory', 'search', 'kil4242');
      expect(hit.code, hit.stderr).toBe(0);
      expect(JSON.parse(hit.stdout).filter((h: { text: string }) => h.text.includes('kil4242'))).toHaveLength(n ? 1 : 0);
    }
    expect(seen.has(0)).toBe(true); // at least one kill landed before the end
    if (count() === 0) {
      const r = await run('memory', 'import', file);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(count()).toBe(60_000);
    expect(fs.readdirSync(path.dirname(memoryFile)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 240_000);

  it('imports a 24 MB file in a JavaScript heap of 32 MB: memory does not grow with the file', async () => {
    const { project, data, memoryFile } = setup();
    const lines = Array.from({ length: 80_000 }, (_, i) => JSON.stringify({ text: `heap${i} ${'lorem ipsum dolor sit amet '.repeat(10)}`, kind: i % 2 ? 'rules' : 'knowledge' }));
    const file = path.join(project, 'big.jsonl');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    expect(fs.statSync(file).size).toBeGreaterThan(24_000_000);
    // Reading the file whole (as import did) needs more heap than this and dies of it.
    const r = await runEngram(['--project', project, '--data-dir', data, '--json', 'memory', 'import', file], {
      env: { NODE_OPTIONS: '--max-old-space-size=32' },
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr.slice(0, 500)).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ added: 80_000 });
    expect(fs.readFileSync(memoryFile, 'utf8').split('\n').filter((l) => /^- heap\d+ /.test(l))).toHaveLength(80_000);
    // The tokenizer's tables do not fit beside the import in this heap: still, every entry's
    // token count is stored (counted in a worker with a heap of its own), none left for later.
    const counts = storedTokenCounts(data, 'heap%');
    expect(counts).toHaveLength(80_000);
    expect(counts.filter((c) => c.stored !== c.counted)).toEqual([]);
  }, 180_000);

  it('redacts secrets in imported entries, like every other memory write, and says so once', async () => {
    const { project, run, memoryFile } = setup();
    const awsKey = ['AKIA', 'QX7RZ3', 'WPLM2N', 'B8VC'].join(''); // assembled: this file is no leak
    const file = path.join(project, 'secrets.jsonl');
    fs.writeFileSync(file, [JSON.stringify({ text: `S3 uploads use ${awsKey} in CI` }), JSON.stringify({ text: 'Nothing secret here', kind: 'rules' })].join('\n'));
    const r = await run('memory', 'import', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^engram: redacted 1 secret \(AWS access key\) before writing$/m);
    const memory = fs.readFileSync(memoryFile, 'utf8');
    expect(memory).toContain('- S3 uploads use [redacted: AWS access key] in CI');
    expect(memory).not.toContain(awsKey);
    const events = JSON.parse((await run('memory', 'timeline')).stdout) as { type: string; text: string }[];
    expect(events.filter((e) => e.type === 'redacted').map((e) => e.text)).toEqual(['redacted 1 secret (AWS access key)']);
    expect(JSON.stringify(events)).not.toContain(awsKey);
  });
});
