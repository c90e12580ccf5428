import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { runEngram } from '../helpers/cli';
import { seededRandom } from '../helpers/seededRandom';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';
import { git } from '../unit/dream/gitRepo';

const WAIT = { timeout: 30_000, interval: 100 };
const ENTRIES = 12_000;
/** Changes moved back to an earlier day, as if that part of the knowledge base came first. */
const EARLIER = 4_000;
const EARLIER_DAY = '2025-06-01';

/** JSON lines of an existing knowledge base: several kinds, dates over two years, some sources. */
function knowledgeBase(n: number): string {
  const rand = seededRandom(7);
  const pick = <T,>(a: T[]) => a[Math.floor(rand() * a.length)];
  const subjects = ['The billing service', 'The auth middleware', 'PostgreSQL migrations', 'The CI pipeline', 'Redis cache keys', 'The payment webhook'];
  const rules = ['must validate the tenant id before any query', 'stores money as integer cents', 'reads secrets from the vault at startup', 'logs the correlation id'];
  const kinds = ['rules', 'decisions', 'knowledge', 'gotchas', 'patterns', 'context'];
  const start = Date.parse('2024-12-01T00:00:00Z');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const entry: Record<string, string> = { text: `${pick(subjects)} ${pick(rules)} (note ${i}).`, kind: pick(kinds) };
    if (rand() < 0.3) entry.source = pick(['confluence/eng-handbook', 'jira/ENG', 'slack/#backend']);
    entry.at = new Date(start + Math.floor(rand() * 730) * 86_400_000).toISOString().slice(0, 10);
    lines.push(JSON.stringify(entry));
  }
  return lines.join('\n') + '\n';
}

describe('the Memory view of a large imported knowledge base', () => {
  const workbench = workbenchFixture();
  let page: Page;
  const frames: { method: string; bytes: number }[] = [];

  beforeAll(async () => {
    const repo = path.join(tempDir(), 'kb');
    fs.mkdirSync(repo);
    git(path.dirname(repo), 'init', '-q', '-b', 'main', repo);
    const data = tempDir();
    const file = path.join(tempDir(), 'kb.jsonl');
    fs.writeFileSync(file, knowledgeBase(ENTRIES));
    const r = await runEngram(['--project', repo, '--data-dir', data, '--json', 'memory', 'import', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ added: ENTRIES });
    const db = new Database(path.join(data, 'engram.db'));
    try {
      db.prepare(`UPDATE memory_events SET at = ? WHERE id IN (SELECT id FROM memory_events ORDER BY id LIMIT ?)`).run(`${EARLIER_DAY}T10:00:00.000Z`, EARLIER);
    } finally {
      db.close();
    }
    const wb = await workbench.open({ project: repo, dataDir: data, viewport: { width: 1280, height: 800 }, load: false });
    page = wb.page;
    // What the server answers each request, by method: no answer may carry the whole memory.
    const methods = new Map<number, string>();
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => {
        const m = JSON.parse(String(f.payload)) as { id?: number; method?: string };
        if (m.id !== undefined && m.method) methods.set(m.id, m.method);
      });
      ws.on('framereceived', (f) => {
        const m = JSON.parse(String(f.payload)) as { id?: number };
        if (m.id !== undefined) frames.push({ method: methods.get(m.id) ?? '?', bytes: String(f.payload).length });
      });
    });
    await page.goto(wb.served.url);
    await page.getByRole('tab', { name: 'Memory' }).click();
  });

  const timeline = () => page.getByRole('list', { name: 'Memory timeline' });
  const count = () => page.locator('.memory-count').innerText();

  it('leaves the chart room for its widest count', async () => {
    const chart = page.getByRole('figure', { name: 'Memory over time' });
    await chart.locator('canvas').waitFor(WAIT);
    await expect.poll(() => chart.locator('figcaption').innerText(), WAIT).toContain('superseded');
    // The y axis's labels are drawn right-aligned against the plot: the plot must start past
    // the widest ("10,000" here), or its first digits fall off the left edge.
    const room = await chart.locator('.u-over').evaluate((el) => (el as HTMLElement).offsetLeft);
    const widest = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = '11px system-ui';
      return ctx.measureText((10_000).toLocaleString()).width;
    });
    expect(room).toBeGreaterThanOrEqual(Math.ceil(widest));
    await screenshot(page, 'memory-big-chart');
  });

  it('filters the timeline to the day clicked on the chart', async () => {
    await expect.poll(count, WAIT).toBe(`${ENTRIES} changes`);
    const plot = page.locator('.memory-chart .u-over');
    const box = (await plot.boundingBox())!;
    // The right edge is today (the import's changes that were not moved back), or a day next to it.
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
    const chip = page.getByRole('button', { name: /^Show every day \(now \d{4}-\d{2}-\d{2}\)$/ });
    await chip.waitFor(WAIT);
    const day = /\d{4}-\d{2}-\d{2}/.exec((await chip.getAttribute('aria-label'))!)![0];
    const expected = day === new Date().toISOString().slice(0, 10) ? ENTRIES - EARLIER : day === EARLIER_DAY ? EARLIER : 0;
    await expect.poll(count, WAIT).toBe(`${expected} change${expected === 1 ? '' : 's'}`);
    await chip.click();
    await expect.poll(count, WAIT).toBe(`${ENTRIES} changes`);
  });

  it('scrolls to the oldest change with a bounded number of rows, each answer a page', async () => {
    await timeline().locator('button.timeline-item').first().waitFor(WAIT);
    const scroller = page.locator('.timeline-scroll');
    const rows: number[] = [];
    for (const share of [0.25, 0.5, 0.75, 1]) {
      await scroller.evaluate((el, s) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * s), share);
      rows.push(await timeline().getByRole('listitem').count());
    }
    const last = timeline().locator(`li[aria-posinset="${ENTRIES}"]`);
    await last.locator('button.timeline-item').waitFor(WAIT);
    // The first entry imported is the oldest change.
    expect(await last.innerText()).toContain('(note 0).');
    expect(Math.max(...rows)).toBeLessThan(100);
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(2000);
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await timeline().locator('li[aria-posinset="1"] button.timeline-item').waitFor(WAIT);
    const largest = Math.max(...frames.map((f) => f.bytes));
    expect(largest, JSON.stringify(frames.find((f) => f.bytes === largest))).toBeLessThan(200_000);
    await screenshot(page, 'memory-big-top');
  });
});
