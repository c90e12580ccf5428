import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';
import { parseMemoryDocument } from '../../../main/memory/markdown/memoryDocument';

/** Runs the driver as git would (`merge-driver %O %A %B %P`) on three files; returns OURS after. */
async function drive(base: string, ours: string, theirs: string, repoPath = '.engram/MEMORY.md') {
  const dir = tempDir('engram-driver-');
  const files = ['base', 'ours', 'theirs'].map((n) => path.join(dir, n));
  [base, ours, theirs].forEach((text, i) => fs.writeFileSync(files[i], text));
  const run = await runEngram(['merge-driver', ...files, repoPath]);
  return { ...run, result: fs.readFileSync(files[1], 'utf8') };
}

const doc = (...lines: string[]) => lines.join('\n') + '\n';

describe('engram merge-driver, rule by rule', () => {
  it('keeps additions from both sides, theirs after ours in each section, and a section only theirs has', async () => {
    const base = doc('# Project memory', '', '## Decisions', '- a <!-- id:m000001 at:2026-11-01 -->', '## Superseded');
    const ours = doc('# Project memory', '', '## Decisions', '- a <!-- id:m000001 at:2026-11-01 -->', '- ours 1 <!-- id:m0000a1 at:2026-11-02 -->', '## Superseded');
    const theirs = doc(
      '# Project memory', '', '## Decisions', '- a <!-- id:m000001 at:2026-11-01 -->', '- theirs 1 <!-- id:m0000b1 at:2026-11-02 -->',
      '## Team rituals', 'We write these by hand.', '- standup at ten', '## Superseded',
    );
    const { code, result } = await drive(base, ours, theirs);
    expect(code).toBe(0);
    expect(result).toBe(doc(
      '# Project memory', '', '## Decisions', '- a <!-- id:m000001 at:2026-11-01 -->', '- ours 1 <!-- id:m0000a1 at:2026-11-02 -->',
      '- theirs 1 <!-- id:m0000b1 at:2026-11-02 -->', '## Team rituals', 'We write these by hand.', '- standup at ten', '## Superseded',
    ));
  });

  it('takes a one-sided change; both changed: ours stays and theirs is kept as superseded by ours', async () => {
    const base = doc('## Knowledge', '- port 3000 <!-- id:m000001 -->', '- tabs <!-- id:m000002 -->', '## Superseded');
    const ours = doc('## Knowledge', '- port 3000 <!-- id:m000001 -->', '- spaces, two <!-- id:m000002 -->', '## Superseded');
    const theirs = doc('## Knowledge', '- port 8080 <!-- id:m000001 -->', '- spaces, four <!-- id:m000002 -->', '## Superseded');
    const { code, result } = await drive(base, ours, theirs);
    expect(code).toBe(0);
    const parsed = parseMemoryDocument(result);
    const live = parsed.entries.filter((e) => e.kind === 'knowledge').map((e) => `${e.id} ${e.text}`);
    expect(live).toEqual(['m000001 port 8080', 'm000002 spaces, two']);
    const kept = parsed.entries.filter((e) => e.kind === 'superseded');
    expect(kept.map((e) => [e.text, e.meta['superseded-by']])).toEqual([['spaces, four', 'm000002']]);
    expect(kept[0].id).toMatch(/^m[0-9a-f]{6}$/);
    // The same inputs give the same bytes: rebases run the driver again and again.
    expect((await drive(base, ours, theirs)).result).toBe(result);
  });

  it('removes what one side removed and the other left alone, and keeps what the other side changed', async () => {
    const base = doc('## Gotchas', '- x <!-- id:m000001 -->', '- y <!-- id:m000002 -->', '- z <!-- id:m000003 -->');
    const ours = doc('## Gotchas', '- y <!-- id:m000002 -->', '- z <!-- id:m000003 -->');
    const theirs = doc('## Gotchas', '- x <!-- id:m000001 -->', '- y, changed <!-- id:m000002 -->');
    const { result } = await drive(base, ours, theirs);
    // x: removed by ours, untouched by theirs → removed. z: removed by theirs, untouched by ours → removed.
    expect(result).toBe(doc('## Gotchas', '- y, changed <!-- id:m000002 -->'));
    const back = await drive(base, theirs.replace('- y, changed', '- y'), doc('## Gotchas', '- x, edited <!-- id:m000001 -->', '- y <!-- id:m000002 -->'));
    // x removed on one side but edited on the other: kept.
    expect(back.result).toContain('- x, edited <!-- id:m000001 -->');
  });

  it("does not undo a dream's merge with the other side's copy of the old duplicates", async () => {
    const base = doc('## Context', '- use pnpm <!-- id:m000001 at:2026-11-01 -->', '- use pnpm! <!-- id:m000002 at:2026-11-02 -->', '## Superseded');
    const dreamt = doc(
      '## Context', '- use pnpm <!-- id:m000001 at:2026-11-01 merged:m000002 -->', '## Superseded',
      '- use pnpm! <!-- id:m000002 at:2026-11-02 superseded-by:m000001 -->',
    );
    const theirs = doc(...base.trimEnd().split('\n').slice(0, 3), '- node 20 <!-- id:m0000b1 -->', '## Superseded');
    for (const [ours, other] of [[dreamt, theirs], [theirs, dreamt]]) {
      const { result } = await drive(base, ours, other);
      const parsed = parseMemoryDocument(result);
      expect(parsed.entries.find((e) => e.id === 'm000002')?.kind).toBe('superseded');
      expect(parsed.entries.filter((e) => e.id.startsWith('m00000')).map((e) => e.id).sort()).toEqual(['m000001', 'm000002']);
      expect(parsed.entries.some((e) => e.id === 'm0000b1')).toBe(true);
    }
  });

  it('matches entries without ids by their text and keeps a person\'s bytes (CRLF, spacing, prose)', async () => {
    const base = '# Memory\r\n\r\nIntro a person wrote.\r\n\r\n## Rules\r\n-   hand typed rule\r\n\r\n## Mine\r\n* not an entry\r\n';
    const ours = base.replace('-   hand typed rule\r\n', '-   hand typed rule\r\n- ours typed this\r\n');
    const theirs = base.replace('## Mine', '## Rules2\n- from theirs\n## Mine').replace('-   hand typed rule\r\n', '-   hand typed rule\r\n- theirs typed this\r\n');
    const { code, result } = await drive(base, ours, theirs);
    expect(code).toBe(0);
    expect(result).toBe(
      '# Memory\r\n\r\nIntro a person wrote.\r\n\r\n## Rules\r\n-   hand typed rule\r\n- ours typed this\r\n- theirs typed this\r\n\r\n## Rules2\r\n- from theirs\r\n## Mine\r\n* not an entry\r\n',
    );
  });

  it("takes theirs' title and intro when only theirs changed them, ours when ours did", async () => {
    const base = doc('# Project memory', '', '## Rules', '- r <!-- id:m000001 -->');
    const theirs = doc('# Payments service memory', '', 'Read before touching billing.', '', '## Rules', '- r <!-- id:m000001 -->');
    const ours = doc('# Project memory', '', '## Rules', '- r <!-- id:m000001 -->', '- s <!-- id:m000002 -->');
    expect((await drive(base, ours, theirs)).result).toBe(doc('# Payments service memory', '', 'Read before touching billing.', '', '## Rules', '- r <!-- id:m000001 -->', '- s <!-- id:m000002 -->'));
    const oursToo = ours.replace('# Project memory', '# Our title');
    expect((await drive(base, oursToo, theirs)).result.split('\n')[0]).toBe('# Our title');
  });

  it('merges a task progress.md: frontmatter from the newer `updated`, log lines unioned in time order', async () => {
    const head = (status: string, updated: string) => doc('---', 'title: Dark theme', `status: ${status}`, 'created: 2026-11-25T09:12:00Z', `updated: ${updated}`, '---');
    const base = head('todo', '2026-11-25T09:12:00Z') + doc('- 2026-11-25T09:12Z created');
    const ours = head('in_progress', '2026-11-25T10:40:00Z') + doc('- 2026-11-25T09:12Z created', '- 2026-11-25T10:40Z ses_a: tokens moved');
    const theirs = head('review', '2026-11-25T11:05:00Z') + doc('- 2026-11-25T09:12Z created', '- 2026-11-25T10:15Z ses_b: toggle added', '  with a second line', '- 2026-11-25T11:05Z ses_b: moved to review');
    const { code, result } = await drive(base, ours, theirs, '.engram/tasks/t1/progress.md');
    expect(code).toBe(0);
    expect(result).toBe(head('review', '2026-11-25T11:05:00Z') + doc(
      '- 2026-11-25T09:12Z created', '- 2026-11-25T10:15Z ses_b: toggle added', '  with a second line', '- 2026-11-25T10:40Z ses_a: tokens moved', '- 2026-11-25T11:05Z ses_b: moved to review',
    ));
  });

  it('writes ordinary conflict markers and exits 1 on a file it cannot read', async () => {
    const base = doc('## Rules', '- a <!-- id:m000001 -->');
    const ours = doc('## Rules', '<<<<<<< HEAD', '- a <!-- id:m000001 -->', '=======', '- b', '>>>>>>> other');
    const theirs = doc('## Rules', '- a <!-- id:m000001 -->', '- c <!-- id:m000003 -->');
    const run = await drive(base, ours, theirs);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^engram: cannot read .*conflict markers/m);
    expect(run.result).toMatch(/^<<<<<<< ours$/m);
    expect(run.result).toMatch(/^>>>>>>> theirs$/m);
    expect(run.result).toContain('- c <!-- id:m000003 -->');

    const task = await drive('---\ntitle: t\n', 'no frontmatter here\n', '---\ntitle: t\nstatus: [\n---\n', '.engram/tasks/t/progress.md');
    expect(task.code).toBe(1);
    expect(task.result).toMatch(/^<<<<<<< ours$/m);
  });
});
