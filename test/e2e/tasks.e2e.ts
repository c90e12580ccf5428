import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { runEngram } from '../helpers/cli';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';

const COLUMNS = ['Todo', 'In progress', 'Review', 'Blocked', 'Done'];

async function addTask(project: string, title: string): Promise<{ id: string; path: string }> {
  const r = await runEngram(['--project', project, '--json', 'task', 'add', title]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('the task board', () => {
  const workbench = workbenchFixture();
  let page: Page;
  let project: string;
  let theme: { id: string; path: string };
  let login: { id: string; path: string };

  beforeAll(async () => {
    project = path.join(tempDir(), 'board-repo');
    fs.mkdirSync(project);
    theme = await addTask(project, 'Add dark theme');
    login = await addTask(project, 'Fix login redirect');
    ({ page } = await workbench.open({ project, tab: 'Tasks' }));
  });

  const column = (name: string) => page.getByRole('list', { name, exact: true });

  it('shows one list per status with the tasks from the files', async () => {
    await column('Todo').getByText('Add dark theme').waitFor();
    for (const name of COLUMNS) expect(await column(name).count()).toBe(1);
    expect(await column('Todo').getByRole('listitem').count()).toBe(2);
    const nav = page.getByRole('navigation', { name: 'Projects' });
    await expect.poll(() => nav.textContent()).toContain('2 open tasks');
    expect(await nav.textContent()).toContain('never dreamt');
    // At the sidebar's usual width each part of the glance is read in full, not cut by an ellipsis.
    const unclipped = (el: Element) => el.scrollWidth <= el.clientWidth;
    expect(await nav.getByText('idle · 2 open tasks', { exact: true }).evaluate(unclipped)).toBe(true);
    expect(await nav.getByText('never dreamt', { exact: true }).evaluate(unclipped)).toBe(true);
    await screenshot(page, 'tasks-board-light');
  });

  it('moves a card by dragging it, and the file follows', async () => {
    const card = column('Todo').getByRole('listitem').filter({ hasText: 'Add dark theme' });
    await card.dragTo(column('In progress'));
    await column('In progress').getByText('Add dark theme').waitFor();
    await expect.poll(() => fs.readFileSync(theme.path, 'utf8')).toMatch(/\nstatus: in_progress\n/);
    expect(fs.readFileSync(theme.path, 'utf8')).toContain(' moved to in progress\n');
  });

  it('moves a card from the keyboard with its status menu', async () => {
    await column('Todo').getByRole('combobox', { name: 'Move Fix login redirect' }).selectOption('blocked');
    await column('Blocked').getByText('Fix login redirect').waitFor();
    await expect.poll(() => fs.readFileSync(login.path, 'utf8')).toMatch(/\nstatus: blocked\n/);
  });

  it('follows a hand edit of progress.md', async () => {
    const text = fs.readFileSync(login.path, 'utf8').replace('status: blocked', 'status: done');
    fs.writeFileSync(login.path, text);
    await column('Done').getByText('Fix login redirect').waitFor({ timeout: 5000 });
    // The sidebar counts what is not done yet.
    await expect.poll(() => page.getByRole('navigation', { name: 'Projects' }).textContent()).toMatch(/1 open task(?!s)/);
  });

  it('adds a task from the board and logs progress on it', async () => {
    await page.getByRole('textbox', { name: 'New task' }).fill('Write the release notes');
    await page.getByRole('button', { name: 'Add task' }).click();
    await column('Todo').getByText('Write the release notes').click();
    const detail = page.getByRole('complementary', { name: 'Task Write the release notes' });
    await detail.waitFor();
    await detail.getByRole('textbox', { name: 'Progress note' }).fill('drafted the summary');
    await detail.getByRole('button', { name: 'Log' }).click();
    await detail.getByRole('list', { name: 'Progress log' }).getByText('drafted the summary').waitFor();
    const tasks = JSON.parse((await runEngram(['--project', project, '--json', 'task', 'list'])).stdout);
    const notes = tasks.find((t: { title: string }) => t.title === 'Write the release notes');
    expect(notes.log.map((l: { text: string }) => l.text)).toEqual(['created', 'drafted the summary']);
    await screenshot(page, 'tasks-detail');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'tasks-detail-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await detail.getByRole('button', { name: 'Close task' }).click();
  });

  it('shows a task file with broken frontmatter as such and never overwrites it', async () => {
    const broken = '---\ntitle: Broken\nstatus: [oops\n---\n- 2026-11-25T09:12Z created\n';
    fs.writeFileSync(theme.path, broken);
    const alert = page.getByRole('alert').filter({ hasText: theme.id });
    await alert.waitFor({ timeout: 5000 });
    expect(await alert.textContent()).toContain('cannot be read');
    expect(await column('In progress').getByRole('listitem').count()).toBe(0);
    await screenshot(page, 'tasks-broken-file');
    expect(fs.readFileSync(theme.path, 'utf8')).toBe(broken);
  });
});
