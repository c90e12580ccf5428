import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { scribbleOverPages } from '../../helpers/corruptDatabase';
import { seededRandom, pick } from '../../helpers/seededRandom';
import { tempDir } from '../../helpers/tempDir';

const ENTRIES = 20_000;
const WORDS = 'alpha beta gamma delta epsilon zeta theta iota kappa lambda sigma omega build deploy cache index query token'.split(' ');

/** A project with 20,000 imported entries and its engram.db, copied fresh for every case. */
let seeded: { project: string; data: string };
beforeAll(async () => {
  const project = tempDir('engram-corrupt-project-');
  const data = tempDir('engram-corrupt-data-');
  const rand = seededRandom(7);
  const lines: string[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const words = Array.from({ length: 12 + Math.floor(rand() * 12) }, () => pick(rand, WORDS)).join(' ');
    lines.push(JSON.stringify({ text: `entry ${i} ${words}`, kind: ['knowledge', 'rules', 'decisions', 'gotchas'][i % 4] }));
  }
  fs.writeFileSync(path.join(project, 'import.jsonl'), lines.join('\n') + '\n');
  const r = await runEngram(['--project', project, '--data-dir', data, 'memory', 'import', path.join(project, 'import.jsonl')]);
  expect(r.code, r.stderr).toBe(0);
  seeded = { project, data };
}, 120_000);

function damagedCopy(seed: number): string {
  const data = tempDir('engram-corrupt-copy-');
  for (const name of fs.readdirSync(seeded.data)) fs.copyFileSync(path.join(seeded.data, name), path.join(data, name));
  expect(fs.existsSync(path.join(data, 'engram.db-wal'))).toBe(false); // all in the main file
  scribbleOverPages(path.join(data, 'engram.db'), { from: 0.3, to: 0.7, seed });
  return data;
}

const run = (data: string, ...args: string[]) => runEngram(['--project', seeded.project, '--data-dir', data, '--json', ...args], { timeoutMs: 120_000 });
const ONE_LINE = /^engram: .*engram\.db was not a readable database \((database disk image is malformed|quick_check found damage.*)\); moved it to .*engram\.db\.corrupt-\S+ and started a fresh one, rebuilt from the \.engram\/ files/m;

describe('damage inside engram.db (random bytes over pages in the middle of 20,000 entries)', () => {
  it('memory reindex finds it at open, moves the database aside, rebuilds every entry from the files and says so in one line', async () => {
    const data = damagedCopy(1);
    const r = await run(data, 'memory', 'reindex');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(ONE_LINE);
    expect(r.stderr.split('\n').filter((l) => l.includes('engram.db')).length).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ entries: ENTRIES });
    expect(fs.readdirSync(data).filter((n) => n.startsWith('engram.db.corrupt-'))).toHaveLength(1);
    const after = await run(data, 'memory', 'search', 'entry 12345');
    expect(after.code).toBe(0);
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout)[0].text).toMatch(/^entry 12345 /);
  });

  it('a search that meets the damage rebuilds and answers, instead of failing with "malformed"', async () => {
    const data = damagedCopy(2);
    const r = await run(data, 'memory', 'search', 'gamma delta kappa');
    expect(r.stderr).not.toContain('Error');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(ONE_LINE);
    const hits = JSON.parse(r.stdout);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0].text).toMatch(/gamma|delta|kappa/);
    const again = await run(data, 'memory', 'search', 'gamma delta kappa');
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toEqual(hits);
  });

  it('a write that meets the damage is not run twice: the person is told to check and run it again', async () => {
    const data = damagedCopy(3);
    const r = await run(data, 'memory', 'add', '--kind', 'rules', '--text', 'after the damage');
    // Either the add never touched a damaged page (and succeeded), or it stopped and said why.
    if (r.code === 0) {
      expect(r.stderr).toBe('');
    } else {
      expect(r.stderr).toMatch(ONE_LINE);
      expect(r.stderr).toContain('check (engram memory search) before you run the command again');
    }
    const memory = fs.readFileSync(path.join(seeded.project, '.engram', 'MEMORY.md'), 'utf8');
    expect(memory.split('after the damage').length - 1).toBeLessThanOrEqual(1);
    // What the files hold is what the rebuilt index finds.
    const found = await run(data, 'memory', 'search', 'after the damage');
    expect(JSON.parse(found.stdout).filter((h: { text: string }) => h.text === 'after the damage')).toHaveLength(memory.includes('after the damage') ? 1 : 0);
  });
});
