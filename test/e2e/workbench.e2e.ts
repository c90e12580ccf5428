import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { startServe, type Served } from '../helpers/serve';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';

const VIEW_TABS = ['Agent', 'Terminal', 'Tasks', 'Memory', 'Dreams', 'Skills'];

describe('the workbench in a browser', () => {
  const workbench = workbenchFixture();
  let served: Served;
  let page: Page;
  let dataDir: string;
  let repo: string;

  beforeAll(async () => {
    dataDir = tempDir();
    repo = path.join(tempDir(), 'my-service');
    fs.mkdirSync(repo);
    ({ served, page } = await workbench.open({ dataDir, viewport: { width: 1200, height: 760 }, load: false }));
  });
  // The tests restart the server: the fixture stops the first one, this the one running last.
  afterAll(async () => {
    await served?.stop();
  });

  it('refuses the page without the token', async () => {
    const res = await page.goto(served.origin + '/');
    expect(res?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('Unauthorized');
  });

  it('loads with the token and shows the Projects sidebar and a welcome', async () => {
    await page.goto(served.url);
    const nav = page.getByRole('navigation', { name: 'Projects' });
    await nav.waitFor();
    await expect.poll(() => page.getByRole('heading', { name: 'Open a repository to begin' }).isVisible()).toBe(true);
    expect(await nav.getByRole('textbox', { name: 'Project path' }).isVisible()).toBe(true);
    expect(await nav.getByRole('button', { name: 'Open', exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'workbench-welcome-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'workbench-welcome-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('explains a path that cannot be opened and changes nothing', async () => {
    const field = page.getByRole('textbox', { name: 'Project path' });
    const missing = path.join(repo, 'does-not-exist');
    await field.fill(missing);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`There is no folder at ${missing}.`);
    expect(await page.getByRole('navigation', { name: 'Projects' }).getByRole('listitem').count()).toBe(0);

    const file = path.join(repo, 'README.md');
    fs.writeFileSync(file, '# hi\n');
    await field.fill(file);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => alert.textContent()).toContain('is a file, not a folder');
    await screenshot(page, 'workbench-open-error');
  });

  it('opens a project through the UI and shows its view tabs with empty states', async () => {
    await page.getByRole('textbox', { name: 'Project path' }).fill(repo);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Projects' });
    await nav.getByRole('button', { name: /^my-service/ }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Project path' }).inputValue()).toBe('');

    const tabs = page.getByRole('tab');
    expect(await tabs.allTextContents()).toEqual(VIEW_TABS);
    for (const name of VIEW_TABS) {
      await page.getByRole('tab', { name }).click();
      await expect.poll(() => page.getByRole('tab', { name }).getAttribute('aria-selected')).toBe('true');
      expect(await page.getByRole('tabpanel').textContent()).not.toBe('');
    }
    await page.getByRole('tab', { name: 'Memory' }).click();
    await expect.poll(() => page.getByRole('tabpanel').textContent()).toContain('MEMORY.md');
    await screenshot(page, 'workbench-project-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'workbench-project-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('moves between tabs with the arrow keys', async () => {
    await page.getByRole('tab', { name: 'Memory' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('tab', { name: 'Dreams' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByRole('tab', { name: 'Memory' }).getAttribute('aria-selected')).toBe('true');
  });

  it('keeps the project, its view and the sidebar width after a reload and a server restart', async () => {
    const handle = page.getByRole('separator', { name: 'Resize sidebar' });
    await handle.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => handle.getAttribute('aria-valuenow')).toBe('296');

    await page.reload();
    await page.getByRole('navigation', { name: 'Projects' }).getByRole('button', { name: /^my-service/ }).waitFor();
    await expect.poll(() => page.getByRole('tab', { name: 'Memory' }).getAttribute('aria-selected')).toBe('true');

    await served.stop();
    served = await startServe(['--data-dir', dataDir]);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Projects' }).getByRole('button', { name: /^my-service/ }).waitFor();
    await expect.poll(() => page.getByRole('tab', { name: 'Memory' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('separator', { name: 'Resize sidebar' }).getAttribute('aria-valuenow')).toBe('296');
    await screenshot(page, 'workbench-after-restart');
  });

  it('switches between two projects and closes one', async () => {
    const second = path.join(tempDir(), 'web-client');
    fs.mkdirSync(second);
    await page.getByRole('textbox', { name: 'Project path' }).fill(second);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Projects' });
    await nav.getByRole('button', { name: /^web-client/ }).waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('web-client');

    await nav.getByRole('button', { name: /^my-service/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('my-service');
    await screenshot(page, 'workbench-two-projects');

    // Keyboard: Ctrl+2 and Ctrl+1 switch projects; each keeps its own view.
    await page.keyboard.press('Control+2');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('web-client');
    expect(await page.getByRole('tab', { name: 'Agent' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Control+1');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('my-service');
    expect(await page.getByRole('tab', { name: 'Memory' }).getAttribute('aria-selected')).toBe('true');

    // Ctrl+K: the command palette runs any action by name.
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox', { name: 'Command' }).fill('show tasks');
    expect(await palette.getByRole('option').allTextContents()).toEqual(['Show Tasksmy-service']);
    await screenshot(page, 'workbench-command-palette');
    await page.keyboard.press('Enter');
    await expect.poll(() => palette.count()).toBe(0);
    await expect.poll(() => page.getByRole('tab', { name: 'Tasks' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Control+k');
    await palette.getByRole('combobox', { name: 'Command' }).fill('switch web');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('web-client');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Escape');
    await expect.poll(() => palette.count()).toBe(0);
    await nav.getByRole('button', { name: /^my-service/ }).click();

    await nav.getByRole('button', { name: 'Close my-service' }).click();
    await expect.poll(() => nav.getByRole('listitem').count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('web-client');
    await nav.getByRole('button', { name: 'Close web-client' }).click();
    await page.getByRole('heading', { name: 'Open a repository to begin' }).waitFor();
  });

  it('says so when the server goes away, and recovers when it is back', async () => {
    await served.stop();
    await page.getByRole('status').filter({ hasText: 'Lost the connection' }).waitFor();
    await screenshot(page, 'workbench-disconnected');
    served = await startServe(['--data-dir', dataDir]);
    // A new server has a new token, so the old page cannot reconnect: loading the new URL works.
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Projects' }).waitFor();
    expect(await page.getByRole('status').count()).toBe(0);
  });
});
