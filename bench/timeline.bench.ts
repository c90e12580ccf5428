import { describe, it } from 'vitest';
import { ms, recordSection, table } from './harness';
import { openDatabase } from '../main/db/database';
import { EventLog } from '../main/memory/events/eventLog';
import { Host } from '../main/core/host';
import { launchBrowser } from '../test/helpers/browser';
import { startServe } from '../test/helpers/serve';
import { benchTempDirs } from './benchTemp';

const temp = benchTempDirs();

/** A data dir whose one open project has `n` memory events, shown in its Memory view. */
async function seeded(n: number): Promise<string> {
  const dataDir = temp();
  const project = temp();
  const host = new Host({ dataDir, shell: 'browser' });
  const opened = (await host.handle('projects.open', { path: project })) as { result: { id: string } };
  await host.handle('projects.setView', { id: opened.result.id, view: 'memory' });
  host.close();
  const db = openDatabase(dataDir);
  const log = new EventLog(db);
  const types = ['added', 'edited', 'merged', 'superseded'] as const;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      // Spread over a year, so the memory picture above the timeline has a point per day.
      const spacing = (365 * 86_400_000) / Math.max(n, 1);
      log.record(project, { type: types[i % 4], id: `m${(i % 50000).toString(16).padStart(6, '0')}`, text: `Event ${i}: a decision about module ${i % 997} and its tests`, actor: i % 3 ? 'agent' : 'person', session: `ses_${i % 40}` }, new Date(Date.UTC(2025, 11, 1) + i * spacing).toISOString());
    }
  })();
  db.close();
  return dataDir;
}

interface Measure {
  firstPaintMs: number;
  /** Page load to the memory picture drawn (its canvas), with the timeline's first row. */
  chartMs: number;
  chartDays: number;
  heapAfterPaintMb: number;
  heapAfterScrollMb: number;
  domRows: number;
  rowsLoaded: number;
}

async function measure(dataDir: string, scrollPages: number): Promise<Measure> {
  const served = await startServe(['--data-dir', dataDir]);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
    };
    const start = performance.now();
    await page.goto(served.url);
    await page.locator('ol[aria-label="Memory timeline"] li').first().waitFor();
    const firstPaintMs = performance.now() - start;
    await page.locator('figure[aria-label="Memory over time"] canvas').waitFor();
    const chartMs = performance.now() - start;
    const chartDays = Number(await page.locator('.memory-chart-plot').getAttribute('data-days'));
    const heapAfterPaintMb = await heapMb();
    const scroller = page.locator('.timeline-scroll');
    for (let i = 0; i < scrollPages; i++) {
      await scroller.evaluate((el) => el.scrollBy(0, el.clientHeight * 4));
      await page.waitForTimeout(15);
    }
    await page.waitForTimeout(300);
    const rowsLoaded = await page.evaluate(() => {
      const li = document.querySelectorAll('ol[aria-label="Memory timeline"] li');
      return Number(li[li.length - 1]?.getAttribute('aria-posinset') ?? 0);
    });
    return {
      firstPaintMs,
      chartMs,
      chartDays,
      heapAfterPaintMb,
      heapAfterScrollMb: await heapMb(),
      domRows: await page.locator('ol[aria-label="Memory timeline"] li').count(),
      rowsLoaded,
    };
  } finally {
    await browser.close();
    await served.stop();
  }
}

describe('memory timeline in the browser', () => {
  it('first paint and heap: 100k events against 100 events', async () => {
    const small = await measure(await seeded(100), 0);
    const big = await measure(await seeded(100_000), 400);
    const mb = (v: number) => `${v.toFixed(1)} MB`;
    recordSection(
      'timeline',
      'Memory timeline (browser, engram serve)',
      [
        'Time from loading the page to the first timeline row painted, and the page\'s JS heap after a',
        'garbage collection, for a project with 100,000 memory events against one with 100 (same run).',
        'The big timeline is then scrolled 400 viewports: pages of 200 are fetched from SQLite as the',
        'list nears its end, and only the rows in view exist in the DOM. Events are spread over a year;',
        'the memory picture above the timeline (uPlot, from one aggregate query, `memory.overview`) is',
        'drawn from one point per day, and its time is from page load to its canvas.',
        '',
        table(
          ['events', 'first paint', 'picture drawn', 'days in picture', 'heap after paint', 'heap after scrolling', 'rows fetched', 'rows in DOM'],
          [
            [100, ms(small.firstPaintMs), ms(small.chartMs), small.chartDays, mb(small.heapAfterPaintMb), '—', small.rowsLoaded, small.domRows],
            ['100,000', ms(big.firstPaintMs), ms(big.chartMs), big.chartDays, mb(big.heapAfterPaintMb), mb(big.heapAfterScrollMb), big.rowsLoaded, big.domRows],
          ],
        ),
        '',
        `First paint ratio (100k / 100): **${(big.firstPaintMs / small.firstPaintMs).toFixed(2)}×**; picture drawn ratio: **${(big.chartMs / small.chartMs).toFixed(2)}×**.`,
      ].join('\n'),
    );
  });
});
