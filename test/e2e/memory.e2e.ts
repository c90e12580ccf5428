import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { runEngram } from '../helpers/cli';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';

async function addEntry(project: string, dataDir: string, kind: string, text: string, source?: string): Promise<string> {
  const r = await runEngram(['--project', project, '--data-dir', dataDir, '--json', 'memory', 'add', '--kind', kind, '--text', text, ...(source ? ['--source', source] : [])]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).id;
}

describe('the memory view', () => {
  const workbench = workbenchFixture();
  let page: Page;
  let project: string;
  let dataDir: string;
  let ids: string[];

  beforeAll(async () => {
    project = path.join(tempDir(), 'memory-repo');
    fs.mkdirSync(project);
    dataDir = tempDir();
    ids = [];
    ids.push(await addEntry(project, dataDir, 'decisions', 'Use better-sqlite3 with WAL for the app database.'));
    // Written in a session: its id (26 characters) stands beside the change in the entry's history.
    ids.push(await addEntry(project, dataDir, 'gotchas', 'The pty host must be restarted after a crash.', 'ses_01M8TBB530EYZZ229VRED6RAM2'));
    ids.push(await addEntry(project, dataDir, 'rules', 'Never import electron outside main/electron.'));
    ({ page } = await workbench.open({ project, dataDir, tab: 'Memory' }));
  });

  const timeline = () => page.getByRole('list', { name: 'Memory timeline' });

  it('shows the seeded changes newest first', async () => {
    await timeline().getByText('Never import electron').waitFor();
    const rows = await timeline().getByRole('listitem').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Never import electron');
    expect(rows[2]).toContain('better-sqlite3');
    expect(rows.every((r) => r.startsWith('added'))).toBe(true);
    await screenshot(page, 'memory-timeline-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'memory-timeline-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('searches the index and highlights what matched', async () => {
    await page.getByRole('searchbox', { name: 'Search memory' }).fill('pty host');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByText('restarted after a crash', { exact: false }).waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    expect(await results.locator('mark').allTextContents()).toEqual(['pty', 'host']);
    await screenshot(page, 'memory-search');
    await page.getByRole('searchbox', { name: 'Search memory' }).fill('');
    await timeline().waitFor();
  });

  it('edits an entry in place: MEMORY.md changes exactly there', async () => {
    const file = path.join(project, '.engram', 'MEMORY.md');
    const before = fs.readFileSync(file, 'utf8');
    await timeline().getByText('The pty host must be restarted').click();
    const detail = page.getByRole('complementary', { name: 'Memory entry' });
    await detail.getByRole('button', { name: 'Edit' }).click();
    await detail.getByRole('textbox', { name: 'Entry text' }).fill('The pty host restarts itself after a crash; terminals reattach.');
    await detail.getByRole('button', { name: 'Save' }).click();
    // The Edit button comes back once the save has answered (the textarea also holds the text).
    await detail.getByRole('button', { name: 'Edit' }).waitFor();
    await detail.getByText('restarts itself after a crash').waitFor();
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toBe(before.replace('The pty host must be restarted after a crash.', 'The pty host restarts itself after a crash; terminals reattach.'));
    await timeline().getByRole('listitem').filter({ hasText: 'restarts itself' }).first().waitFor();
    expect((await timeline().getByRole('listitem').first().textContent())?.startsWith('edited')).toBe(true);
    // The entry's history names each change in full, however long the session id beside it.
    const history = detail.getByRole('list', { name: 'Entry history' });
    await history.getByText('edited', { exact: true }).waitFor();
    const clipped = await history.locator('.event-type').evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent));
    expect(clipped).toEqual([]);
    await screenshot(page, 'memory-entry-edited');
    await detail.getByRole('button', { name: 'Close entry' }).click();
  });

  it("shows a person's edit in an editor within two seconds", async () => {
    const file = path.join(project, '.engram', 'MEMORY.md');
    const text = fs.readFileSync(file, 'utf8').replace('## Knowledge\n', '## Knowledge\n- Releases are cut from main every Friday.\n');
    fs.writeFileSync(file, text);
    await timeline().getByText('Releases are cut from main every Friday.').waitFor({ timeout: 2000 });
    const first = await timeline().getByRole('listitem').first().textContent();
    expect(first).toContain('person');
  });

  it('filters the timeline by change type', async () => {
    await page.getByRole('combobox', { name: 'Change type' }).selectOption('edited');
    await expect.poll(() => timeline().getByRole('listitem').count()).toBe(1);
    expect(await timeline().getByRole('listitem').first().textContent()).toContain('restarts itself');
    await page.getByRole('combobox', { name: 'Change type' }).selectOption('');
    await expect.poll(() => timeline().getByRole('listitem').count()).toBeGreaterThanOrEqual(5);
  });

  it('shows task progress and checkpoints as file changes on the timeline', async () => {
    const add = await runEngram(['--project', project, '--data-dir', dataDir, '--json', 'task', 'add', 'Ship the timeline']);
    const task = JSON.parse(add.stdout);
    fs.mkdirSync(path.join(project, '.engram', 'sessions', 'ses_demo1'), { recursive: true });
    fs.writeFileSync(
      path.join(project, '.engram', 'sessions', 'ses_demo1', 'checkpoint.md'),
      '# Checkpoint\n\n## Active intent\nShip the memory timeline.\n\n## Done\n- paged list\n',
    );
    await runEngram(['--project', project, '--data-dir', dataDir, 'task', 'log', task.id, 'virtualized', 'list', 'done']);
    await page.getByRole('combobox', { name: 'Change type' }).selectOption('task');
    await timeline().getByText('virtualized list done').waitFor({ timeout: 5000 });
    await timeline().getByText('virtualized list done').click();
    const panel = page.getByRole('complementary', { name: 'File change' });
    expect(await panel.textContent()).toContain(`.engram/tasks/${task.id}/progress.md`);
    await page.getByRole('combobox', { name: 'Change type' }).selectOption('checkpoint');
    await timeline().getByText('Ship the memory timeline.', { exact: false }).waitFor({ timeout: 5000 });
    expect(await timeline().getByRole('listitem').first().textContent()).toContain('ses_demo1');
    await screenshot(page, 'memory-timeline-files');
    await page.getByRole('combobox', { name: 'Change type' }).selectOption('');
  });
});
