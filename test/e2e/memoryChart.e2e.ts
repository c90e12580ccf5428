import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { runEngram } from '../helpers/cli';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';
import { git, GIT_ENV } from '../unit/dream/gitRepo';

const WAIT = { timeout: 20_000, interval: 100 };

const MEMORY = [
  '# Project memory',
  '',
  '## Rules',
  '- Run the tests before every commit. <!-- id:m400001 at:2026-11-02 -->',
  '- Never log a customer email address. <!-- id:m400002 at:2026-11-10 -->',
  '',
  '## Decisions',
  '- Invoices are rounded to cents, half up. <!-- id:m400003 at:2026-11-05 -->',
  '- Invoices are rounded to cents, half up. <!-- id:m400004 at:2026-11-12 -->',
  '- Payments retry three times. <!-- id:m400005 at:2026-11-20 -->',
  '',
  '## Knowledge',
  '- Webhooks are signed in src/webhooks/sign.ts. <!-- id:m400006 at:2026-11-15 -->',
  '- The ledger lives in src/ledger.ts. <!-- id:m400007 at:2026-11-18 -->',
  '',
  '## Superseded',
  '',
].join('\n');

describe('the memory picture at the top of the Memory view', () => {
  const workbench = workbenchFixture();
  let page: Page;
  let repo: string;
  let data: string;

  beforeAll(async () => {
    repo = path.join(tempDir(), 'payments');
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'src/ledger.ts'), 'export {};\n');
    git(path.dirname(repo), 'init', '-q', '-b', 'main', repo);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'start');
    void GIT_ENV;
    fs.mkdirSync(path.join(repo, '.engram'));
    fs.writeFileSync(path.join(repo, '.engram/MEMORY.md'), MEMORY);
    data = tempDir();
    const cli = (...args: string[]) => runEngram(['--project', repo, '--data-dir', data, ...args]);
    expect((await cli('memory', 'add', '--kind', 'gotchas', '--text', 'The sandbox API drops requests over 1 MB')).code).toBe(0);
    expect((await cli('memory', 'add', '--kind', 'knowledge', '--text', 'Refunds go through the ledger too')).code).toBe(0);
    // A dream merges the duplicate decision and flags the webhooks path, which does not exist.
    expect((await cli('dream', '--no-llm')).code).toBe(0);
    ({ page } = await workbench.open({ project: repo, dataDir: data, viewport: { width: 1280, height: 800 }, tab: 'Memory' }));
  });

  it('shows entries by kind over time with the superseded and stale-path counts and the dream', async () => {
    const chart = page.getByRole('figure', { name: 'Memory over time' });
    await chart.waitFor(WAIT);
    await chart.locator('canvas').waitFor(WAIT);
    const legend = await chart.locator('figcaption').innerText();
    expect(legend).toMatch(/rules 2/);
    expect(legend).toMatch(/decisions 2/);
    expect(legend).toMatch(/gotchas 1/);
    expect(legend).toMatch(/knowledge 3/);
    expect(legend).toContain('1 superseded');
    expect(legend).toContain('1 stale path');
    expect(legend).toContain('1 dream that merged or moved entries');
    // One point per day the host aggregated: the window never loads the events themselves.
    expect(Number(await chart.locator('.memory-chart-plot').getAttribute('data-days'))).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'memory-chart');
  });

  it('filters the timeline to the day clicked', async () => {
    const all = await page.locator('.memory-count').innerText();
    const plot = page.locator('.memory-chart .u-over');
    const box = (await plot.boundingBox())!;
    // The right edge is today: the CLI's adds and the dream's changes.
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
    const today = new Date().toISOString().slice(0, 10);
    const chip = page.getByRole('button', { name: `Show every day (now ${today})` });
    await chip.waitFor(WAIT);
    const r = await runEngram(['--project', repo, '--data-dir', data, '--json', 'memory', 'timeline', '--limit', '500']);
    const todays = (JSON.parse(r.stdout) as { at: string }[]).filter((e) => e.at.startsWith(today)).length;
    await expect.poll(() => page.locator('.memory-count').innerText(), WAIT).toBe(`${todays} change${todays === 1 ? '' : 's'}`);
    await chip.click();
    await expect.poll(() => page.locator('.memory-count').innerText(), WAIT).toBe(all);
  });
});

describe('the memory picture of a project with one day of memory', () => {
  const workbench = workbenchFixture();
  let page: Page;

  beforeAll(async () => {
    const repo = path.join(tempDir(), 'fresh');
    fs.mkdirSync(repo);
    const data = tempDir();
    const added = await runEngram(['--project', repo, '--data-dir', data, 'memory', 'add', '--kind', 'decisions', '--text', 'We use pnpm, not npm.']);
    expect(added.code).toBe(0);
    ({ page } = await workbench.open({ project: repo, dataDir: data, viewport: { width: 1280, height: 800 }, tab: 'Memory' }));
  });

  it('spans the days around that day and draws it', async () => {
    const chart = page.getByRole('figure', { name: 'Memory over time' });
    const plot = chart.locator('.memory-chart-plot');
    await chart.locator('canvas').waitFor(WAIT);
    expect(await plot.getAttribute('data-days')).toBe('1');
    // The axis covers the day before to the day after, not years of empty months.
    await expect.poll(() => plot.getAttribute('data-x-from'), WAIT).not.toBeNull();
    const from = Date.parse(`${await plot.getAttribute('data-x-from')}T00:00:00Z`);
    const to = Date.parse(`${await plot.getAttribute('data-x-to')}T00:00:00Z`);
    expect((to - from) / 86_400_000).toBeLessThanOrEqual(2);
    // The one day is drawn: the canvas holds pixels of the decisions colour (#1971c2).
    const drawn = await chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 0x19 && data[i + 1] === 0x71 && data[i + 2] === 0xc2) n++;
      return n;
    });
    expect(drawn).toBeGreaterThan(10);
    await screenshot(page, 'memory-chart-one-day');
  });
});
