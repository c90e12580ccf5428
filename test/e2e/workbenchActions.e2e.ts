import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { startServe, type Served } from '../helpers/serve';
import { tempDir } from '../helpers/tempDir';
import { processAlive } from '../helpers/processAlive';

const WAIT = { timeout: 30_000, interval: 100 };

/** Every action a new user looks for by name in the palette, and what confirms it ran. */
describe('actions by name, and questions before anything is ended or lost', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  let dataDir: string;
  let repo: string;

  const palette = () => page.getByRole('dialog', { name: 'Command palette' });
  const runFromPalette = async (query: string, expected: string) => {
    await page.keyboard.press('Control+k');
    await palette().getByRole('combobox', { name: 'Command' }).fill(query);
    await expect.poll(() => palette().getByRole('option').first().textContent()).toContain(expected);
    await page.keyboard.press('Enter');
    await expect.poll(() => palette().count()).toBe(0);
  };

  beforeAll(async () => {
    dataDir = tempDir();
    repo = path.join(tempDir(), 'shop');
    fs.mkdirSync(path.join(repo, '.engram'), { recursive: true });
    fs.writeFileSync(
      path.join(repo, '.engram/MEMORY.md'),
      '# Project memory\n\n## Rules\n- Run the tests before a commit. <!-- id:m300001 at:2026-11-01 -->\n- Run the tests before a commit. <!-- id:m300002 at:2026-11-02 -->\n\n## Superseded\n',
    );
    browser = await launchBrowser();
    served = await startServe(['--data-dir', dataDir, '--project', repo]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(served.url);
    await page.getByRole('tab', { name: 'Agent' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('offers every button of the workbench in the palette', async () => {
    await page.keyboard.press('Control+k');
    const titles = (await palette().getByRole('option').allTextContents()).join('\n');
    for (const name of ['Dream now', 'Distill', 'New terminal', 'New session', 'Add task', 'Reindex memory', 'Toggle light/dark theme', 'Agent mode: plan', 'Close project shop', 'Open project…', 'Show Memory', 'Search memory']) {
      expect(titles).toContain(name);
    }
    await screenshot(page, 'palette-all-actions');
    await page.keyboard.press('Escape');
  });

  it('runs view actions from the palette: New terminal, Add task, Toggle theme, Reindex memory, Dream now', async () => {
    await runFromPalette('new terminal', 'New terminal');
    await expect.poll(() => page.getByRole('tab', { name: 'Terminal' }).getAttribute('aria-selected'), WAIT).toBe('true');
    await page.locator('.terminal-pane .xterm').waitFor(WAIT);

    // A second terminal gets a name of its own, and renaming is a visible button.
    await runFromPalette('new terminal', 'New terminal');
    const tabs = page.getByRole('tablist', { name: 'Terminals' }).getByRole('tab');
    await expect.poll(() => tabs.count(), WAIT).toBe(2);
    await expect.poll(async () => (await tabs.allTextContents()).map((t) => t.trim()), WAIT).toEqual(['bash', 'bash 2']);
    await page.getByRole('button', { name: 'Rename terminal bash 2' }).click();
    await page.getByRole('textbox', { name: 'Terminal name' }).fill('server');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await tabs.allTextContents()).map((t) => t.trim()), WAIT).toEqual(['bash', 'server']);
    await page.getByRole('button', { name: 'Close terminal server' }).click();
    await expect.poll(() => tabs.count(), WAIT).toBe(1);

    // The sidebar's agent state and tasks stay on one line (the dream's age is the line under it), with a dot one can see.
    const status = page.locator('.project-status-line').first();
    const box = await status.boundingBox();
    const lineHeight = await status.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 17);
    expect(box!.height).toBeLessThan(lineHeight * 1.6);
    const dot = await page.locator('.agent-dot').first().evaluate((el) => {
      const cs = getComputedStyle(el);
      return { w: el.getBoundingClientRect().width, border: cs.borderTopColor, bg: cs.backgroundColor, sidebar: getComputedStyle(el.closest('.sidebar')!).backgroundColor };
    });
    expect(dot.w).toBeGreaterThanOrEqual(8);
    expect(dot.border).not.toBe(dot.sidebar);

    await runFromPalette('add task', 'Add task');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.placeholder), WAIT).toBe('Add a task…');

    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await runFromPalette('toggle theme', 'Toggle light/dark theme');
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(before);

    // Settings' sections by their own names: usage and cost, MCP servers.
    await runFromPalette('usage', 'Usage and cost');
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await expect.poll(() => settings.getByRole('tab', { name: 'Usage' }).getAttribute('aria-selected'), WAIT).toBe('true');
    await settings.getByRole('region', { name: 'Usage' }).waitFor(WAIT);
    await page.keyboard.press('Escape');
    await runFromPalette('mcp', 'MCP servers');
    await expect.poll(() => settings.getByRole('tab', { name: 'MCP servers' }).getAttribute('aria-selected'), WAIT).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => settings.count()).toBe(0);

    await runFromPalette('reindex', 'Reindex memory');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Reindexed 2 entries' }).count(), WAIT).toBe(1);

    await runFromPalette('dream now', 'Dream now');
    await expect.poll(() => page.getByRole('list', { name: 'Dream history' }).getByRole('listitem').count(), WAIT).toBe(1);
    await runFromPalette('toggle theme', 'Toggle light/dark theme');
  });

  it('asks before reverting a dream, and Cancel keeps it', async () => {
    const revert = page.getByRole('button', { name: 'Revert' });
    await revert.click();
    const ask = page.getByRole('alertdialog', { name: /^Revert the dream/ });
    await ask.waitFor();
    await screenshot(page, 'confirm-revert');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => ask.count()).toBe(0);
    expect(await page.locator('.dream-badge', { hasText: 'reverted' }).count()).toBe(0);
    await revert.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revert dream' }).click();
    await expect.poll(() => page.locator('.dream-badge', { hasText: 'reverted' }).count(), WAIT).toBe(1);
  });

  it('asks before closing a project whose shell runs something, naming what it runs', async () => {
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await page.locator('.terminal-pane .xterm').click();
    await page.keyboard.type('sleep 302 &');
    await page.keyboard.press('Enter');
    await page.keyboard.type('sleep 303');
    await page.keyboard.press('Enter');
    const nav = page.getByRole('navigation', { name: 'Projects' });
    const shellPid = await page.evaluate(() => {
      const host = document.querySelector('.terminal-pane .terminal-host');
      return window.engramTerminalDebug!.session(host!.getAttribute('data-terminal-id')!)!.info.pid!;
    });
    // Both jobs have started before the question is asked.
    await expect.poll(() => fs.readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8').trim().split(/\s+/).length, WAIT).toBe(2);

    await nav.getByRole('button', { name: 'Close shop' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Close shop?' });
    await ask.waitFor(WAIT);
    const text = await ask.textContent();
    expect(text).toContain('sleep 302');
    expect(text).toContain('sleep 303');
    await screenshot(page, 'confirm-close-project');
    await page.keyboard.press('Escape');
    await expect.poll(() => ask.count()).toBe(0);
    expect(await nav.getByRole('listitem').count()).toBe(1);
    expect(processAlive(shellPid)).toBe(true);

    await nav.getByRole('button', { name: 'Close shop' }).click();
    await ask.getByRole('button', { name: /^Close and end/ }).click();
    await expect.poll(() => nav.getByRole('listitem').count(), WAIT).toBe(0);
    await expect.poll(() => processAlive(shellPid), WAIT).toBe(false);
  });

  it('closes a project with nothing running at once, its shell idle at the prompt included', async () => {
    await page.getByRole('textbox', { name: 'Project path' }).fill(repo);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Projects' });
    await nav.getByRole('button', { name: 'Close shop' }).waitFor();
    // It opens on its last view, the Terminal, which starts its shell: at its prompt, it ends no work.
    await expect.poll(() => page.getByRole('tab', { name: 'Terminal' }).getAttribute('aria-selected'), WAIT).toBe('true');
    const pidShown = () => page.evaluate(() => window.engramTerminalDebug!.ids().map((id) => window.engramTerminalDebug!.session(id)!.info.pid)[0] ?? null);
    await expect.poll(pidShown, WAIT).not.toBeNull();
    const shellPid = (await pidShown())!;
    await nav.getByRole('button', { name: 'Close shop' }).click();
    await expect.poll(() => nav.getByRole('listitem').count(), WAIT).toBe(0);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await expect.poll(() => processAlive(shellPid), WAIT).toBe(false);
  });
});
