import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { scribbleOverPages } from '../../helpers/corruptDatabase';
import { plantedRepo } from './gitRepo';

const ID = /<!-- id:(m[0-9a-f]+)/g;
const idsIn = (text: string) => [...text.matchAll(ID)].map((m) => m[1]);

/** The planted repository, with MEMORY.md over its size budget so the dream moves entries to topic files. */
function bigRepo() {
  const repo = plantedRepo();
  const file = path.join(repo.root, '.engram/MEMORY.md');
  const filler = Array.from(
    { length: 160 },
    (_, i) => `- ${['Parser', 'Cache', 'Router', 'Store', 'Queue'][i % 5]} ${i}: ${(i * 7919).toString(36)} ${(i * 104729).toString(16)} owns ${(i * 31).toString(36)}-${i % 13} beside ${(i * 613).toString(36)}. <!-- id:m2${String(i).padStart(5, '0')} at:2026-10-${String((i % 28) + 1).padStart(2, '0')} -->`,
  );
  const memory = repo.memory.replace('## Superseded', `## Patterns\n${filler.join('\n')}\n\n## Superseded`);
  fs.writeFileSync(file, memory);
  return { ...repo, memory, file };
}

describe('dream history survives a rebuilt engram.db', () => {
  it('lists the dreams from .engram/dreams/ and reverts one byte for byte, topic files included, keeping later edits aside', async () => {
    const { root, dataDir, memory, file } = bigRepo();
    const cli = (...args: string[]) => runEngram(['--project', root, '--data-dir', dataDir, '--json', ...args]);

    const dreamed = await cli('dream', '--no-llm');
    expect(dreamed.code, dreamed.stderr).toBe(0);
    const id = JSON.parse(dreamed.stdout).id as string;
    const history = JSON.parse((await cli('dream', 'history')).stdout);
    expect(history).toHaveLength(1);
    const topics = fs.readdirSync(path.join(root, '.engram/memory'));
    expect(topics.length).toBeGreaterThan(0); // the dream moved entries out of MEMORY.md

    // A person adds a line after the dream; then the database is damaged.
    fs.appendFileSync(file, '- Typed by hand after the dream.\n');
    scribbleOverPages(path.join(dataDir, 'engram.db'), { from: 0.05, to: 1, seed: 3 });

    const listed = await cli('dream', 'history');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toMatch(/engram\.db was not a readable database .* moved it to .*engram\.db\.corrupt-/);
    const rebuilt = JSON.parse(listed.stdout);
    const pick = (d: Record<string, unknown>) => ({ id: d.id, status: d.status, merged: d.merged, pathsFixed: d.pathsFixed, pathsFlagged: d.pathsFlagged, promoted: d.promoted, superseded: d.superseded, bytesBefore: d.bytesBefore, bytesAfter: d.bytesAfter, finishedAt: d.finishedAt, llm: d.llm });
    expect(rebuilt.map(pick)).toEqual(history.map(pick));

    const reverted = await cli('dream', 'revert', id);
    expect(reverted.code, reverted.stderr).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(memory);
    // The entries the dream moved are back in MEMORY.md only: no id twice across the files.
    const everywhere = [fs.readFileSync(file, 'utf8'), ...topics.map((t) => fs.readFileSync(path.join(root, '.engram/memory', t), 'utf8'))].flatMap(idsIn);
    expect(everywhere.length).toBe(new Set(everywhere).size);
    expect(new Set(everywhere)).toEqual(new Set(idsIn(memory)));
    // What was there since the dream (the hand-typed line) is kept beside the report.
    const aside = path.join(root, '.engram/dreams', `${id}.replaced`, 'MEMORY.md');
    expect(fs.readFileSync(aside, 'utf8')).toContain('- Typed by hand after the dream.');

    // Its status survives yet another fresh database: the report says it was reverted.
    for (const name of fs.readdirSync(dataDir)) if (name.startsWith('engram.db')) fs.rmSync(path.join(dataDir, name));
    const again = JSON.parse((await cli('dream', 'history')).stdout);
    expect(again).toEqual([expect.objectContaining({ id, status: 'reverted' })]);
    const twice = await cli('dream', 'revert', id);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain('already reverted');
  });
});
