import type { Browser, Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { launchBrowser } from './browser';
import { startServe, type Served } from './serve';
import { tempDir } from './tempDir';

export interface WorkbenchOptions {
  /** The folder opened as a project (`--project`); none for the empty workbench. */
  project?: string;
  /** A fresh one when absent. */
  dataDir?: string;
  /** Extra environment for `engram serve` (a scripted model's, a shell). */
  env?: NodeJS.ProcessEnv;
  viewport?: { width: number; height: number };
  /** Load the workbench page (default true); false leaves the tab blank for the test to navigate. */
  load?: boolean;
  /** Then open this project tab by its accessible name, e.g. 'Memory'. */
  tab?: string;
}

export interface OpenWorkbench {
  browser: Browser;
  served: Served;
  page: Page;
  dataDir: string;
}

/**
 * The browser workbench as a per-file fixture: `engram serve` on a random port, Debian's
 * Chromium, one page at the served URL with a tab open. Call at the top of a describe; open in
 * `beforeAll` once the project folder is ready. Browser and server are stopped after the file.
 */
export function workbenchFixture(): { open(options?: WorkbenchOptions): Promise<OpenWorkbench> } {
  const opened: OpenWorkbench[] = [];
  afterAll(async () => {
    for (const wb of opened.splice(0)) {
      await wb.browser.close();
      await wb.served.stop();
    }
  });
  return {
    async open(options = {}) {
      const dataDir = options.dataDir ?? tempDir();
      const args = ['--data-dir', dataDir, ...(options.project ? ['--project', options.project] : [])];
      const browser = await launchBrowser();
      let served: Served;
      try {
        served = await startServe(args, options.env);
      } catch (err) {
        await browser.close();
        throw err;
      }
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 760 } });
      const wb = { browser, served, page, dataDir };
      opened.push(wb);
      if (options.load !== false) {
        await page.goto(served.url);
        if (options.tab) await page.getByRole('tab', { name: options.tab }).click();
      }
      return wb;
    },
  };
}
