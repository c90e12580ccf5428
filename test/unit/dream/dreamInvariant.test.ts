import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/database';
import { runDream } from '../../../main/dream/dreamRunner';
import { revertDream } from '../../../main/dream/dreamRevert';
import { findableIds } from '../../../main/dream/dreamInvariant';
import { parseMemoryDocument } from '../../../main/memory/markdown/memoryDocument';
import { tempDir } from '../../helpers/tempDir';
import { seededRandom } from '../../helpers/seededRandom';


const WORDS = 'parser cache token budget session dream memory index writer lock retry build test file path renderer host window'.split(' ');
const PHRASES = ['yesterday', 'last week', '3 days ago', 'today', 'src/lib/gone.ts', 'README.md', '`package.json`', 'docs/old/place.md'];
const KINDS = ['Context', 'Rules', 'Decisions', 'Knowledge', 'Patterns', 'Gotchas', 'My own notes'];

function randomMemory(seed: number): string {
  const r = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const eol = r() < 0.2 ? '\r\n' : '\n';
  const texts: string[] = [];
  const sections = new Map<string, string[]>();
  const count = 5 + Math.floor(r() * (r() < 0.3 ? 160 : 40));
  for (let i = 0; i < count; i++) {
    let text: string;
    const roll = r();
    if (texts.length && roll < 0.15) text = pick(texts); // exact duplicate
    else if (texts.length && roll < 0.25) text = pick(texts).replace(/\.$/, '') + (r() < 0.5 ? '!' : ' ok'); // near duplicate
    else {
      const n = 4 + Math.floor(r() * 25);
      text = Array.from({ length: n }, () => (r() < 0.1 ? pick(PHRASES) : pick(WORDS))).join(' ') + '.';
      if (r() < 0.1) text += `${eol}  continued on a second line with ${pick(WORDS)}`;
    }
    texts.push(text);
    const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
    const meta = r() < 0.25 ? '' : ` <!-- id:m${(seed * 1000 + i).toString(16).padStart(6, '0').slice(-6)} at:2026-10-${day}${r() < 0.05 ? ' pin' : ''} -->`;
    const kind = pick(KINDS);
    (sections.get(kind) ?? sections.set(kind, []).get(kind)!).push(`- ${text}${meta}`);
  }
  const out = ['# Project memory', ''];
  for (const [kind, lines] of sections) out.push(`## ${kind}`, ...lines, '');
  out.push('## Superseded', `- an old fact <!-- id:mold${seed % 10}00 at:2026-01-01 superseded-by:m000000 -->`, '');
  return out.join(eol);
}

const dataDir = tempDir('engram-dream-prop-data-');
const db = openDatabase(dataDir);
afterAll(() => db.close());

describe('the no-loss invariant', () => {
  it('holds on 50 randomized memories: every entry id is still findable, and revert restores the bytes', async () => {
    let merged = 0;
    let moved = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const root = tempDir(`engram-dream-prop-${seed}-`);
      fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
      fs.writeFileSync(path.join(root, 'README.md'), '# x\n');
      fs.mkdirSync(path.join(root, '.engram'));
      const memory = randomMemory(seed);
      const file = path.join(root, '.engram/MEMORY.md');
      fs.writeFileSync(file, memory);
      const before = parseMemoryDocument(Buffer.from(memory).toString('latin1')).entries.map((e) => e.id);

      const outcome = await runDream({ db, dataDir, projectRoot: root, budget: { maxLines: 60, maxBytes: 4096 } });
      const after = fs.readFileSync(file).toString('latin1');
      const findable = findableIds(root, after);
      const missing = before.filter((id) => !findable.has(id));
      expect(missing, `seed ${seed}`).toEqual([]);
      // Merged entries name a survivor that is itself findable.
      for (const m of outcome.plan.log.merges) {
        expect(findable.has(m.survivor), `seed ${seed}`).toBe(true);
        merged += m.merged.length;
      }
      moved += outcome.plan.log.moved.length;
      // The size budget holds unless only pinned entries are left to move.
      const lines = after.split('\n').length;
      const pinnedLeft = parseMemoryDocument(after).entries.some((e) => e.meta.pin !== undefined);
      if (!pinnedLeft) expect(lines <= 61 && after.length <= 4096, `seed ${seed}: ${lines} lines, ${after.length} bytes`).toBe(true);
      // Moved entries are linked from MEMORY.md.
      for (const f of new Set(outcome.plan.log.moved.map((m) => m.file))) {
        expect(after).toContain(`](${f.replace('.engram/', '')})`);
      }

      if (outcome.record) {
        revertDream(db, root, outcome.record.id, 'cli');
        expect(fs.readFileSync(file).equals(Buffer.from(memory)), `seed ${seed}`).toBe(true);
        expect(fs.existsSync(path.join(root, '.engram/memory')) ? fs.readdirSync(path.join(root, '.engram/memory')) : []).toEqual([]);
      }
    }
    // The generator really exercised the passes that could lose something.
    expect(merged).toBeGreaterThan(20);
    expect(moved).toBeGreaterThan(20);
  });
});
