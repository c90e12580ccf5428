import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser';
import { runEngram } from '../helpers/cli';
import { startServe, type Served } from '../helpers/serve';
import { tempDir } from '../helpers/tempDir';

const WAIT = { timeout: 20_000, interval: 100 };

describe('tasks: rename, archive (never delete), and how they read in search', () => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  let repo: string;
  let taskId: string;

  beforeAll(async () => {
    repo = path.join(tempDir(), 'billing');
    fs.mkdirSync(repo);
    const data = tempDir();
    const cli = (...args: string[]) => runEngram(['--project', repo, '--data-dir', data, '--json', ...args]);
    const added = await cli('task', 'add', 'Fix the invoice rounding');
    taskId = JSON.parse(added.stdout).id;
    await cli('task', 'move', taskId, 'in_progress');
    await cli('task', 'log', taskId, 'found the rounding in cents');
    await cli('task', 'log', taskId, 'wrote a failing test for invoices');
    browser = await launchBrowser();
    served = await startServe(['--data-dir', data, '--project', repo]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('shows a task hit with its log on separate lines and a status pill that fits', async () => {
    await page.getByRole('tab', { name: 'Memory' }).click();
    await page.getByRole('searchbox', { name: 'Search memory' }).fill('invoice');
    const hit = page.getByRole('list', { name: 'Search results' }).getByRole('button').first();
    await hit.waitFor(WAIT);
    const text = await hit.locator('.hit-text').innerText();
    expect(text).toContain('found the rounding in cents\n');
    const pill = hit.locator('.event-type');
    expect(await pill.innerText()).toMatch(/^in progress$/i);
    const fits = await pill.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= el.parentElement!.getBoundingClientRect().right);
    expect(fits).toBe(true);
    await screenshot(page, 'memory-search-task-hit');
  });

  it('renames a task from its panel', async () => {
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await page.getByRole('list', { name: 'In progress' }).getByText('Fix the invoice rounding').click();
    const panel = page.getByRole('complementary', { name: 'Task Fix the invoice rounding' });
    await panel.getByRole('button', { name: 'Rename' }).click();
    const field = panel.getByRole('textbox', { name: 'Task title' });
    await field.fill('Fix invoice rounding to cents');
    await field.press('Enter');
    await page.getByRole('list', { name: 'In progress' }).getByText('Fix invoice rounding to cents').waitFor(WAIT);
    expect(fs.readFileSync(path.join(repo, '.engram/tasks', taskId, 'progress.md'), 'utf8')).toContain('title: Fix invoice rounding to cents');
  });

  it('archives a task after asking, keeping its file', async () => {
    const panel = page.getByRole('complementary', { name: 'Task Fix invoice rounding to cents' });
    await panel.getByRole('button', { name: 'Archive' }).click();
    const ask = page.getByRole('alertdialog', { name: /^Archive/ });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Archive task' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'In progress' }).getByRole('listitem').count(), WAIT).toBe(0);
    const archived = path.join(repo, '.engram/tasks/.archived', taskId, 'progress.md');
    expect(fs.readFileSync(archived, 'utf8')).toContain('wrote a failing test for invoices');
    expect(fs.existsSync(path.join(repo, '.engram/tasks', taskId))).toBe(false);
  });
});
