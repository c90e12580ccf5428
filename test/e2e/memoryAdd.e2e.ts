import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';

/** The section of MEMORY.md under `## <Title>`, up to the next heading. */
function section(file: string, title: string): string {
  const start = file.indexOf(`## ${title}\n`);
  if (start < 0) return '';
  const next = file.indexOf('\n## ', start + 3);
  return file.slice(start, next < 0 ? undefined : next);
}

describe('adding a memory entry from the Memory view', () => {
  const workbench = workbenchFixture();
  let page: Page;
  let project: string;
  let memoryFile: string;

  beforeAll(async () => {
    project = path.join(tempDir(), 'memory-add-repo');
    fs.mkdirSync(project);
    memoryFile = path.join(project, '.engram', 'MEMORY.md');
    ({ page } = await workbench.open({ project, tab: 'Memory' }));
  });

  const form = () => page.getByRole('form', { name: 'Add memory entry' });
  const text = () => form().getByRole('textbox', { name: 'New entry text' });
  const timeline = () => page.getByRole('list', { name: 'Memory timeline' });
  const read = () => (fs.existsSync(memoryFile) ? fs.readFileSync(memoryFile, 'utf8') : '');

  it('adds an entry under its kind: listed at once, written to MEMORY.md', async () => {
    await page.getByText('No memory yet').waitFor();
    await page.getByRole('button', { name: 'Add entry' }).click();
    await form().waitFor();
    // The text is focused, the kind starts at knowledge.
    expect(await text().evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await form().getByRole('combobox', { name: 'Kind' }).inputValue()).toBe('knowledge');
    await form().getByRole('combobox', { name: 'Kind' }).selectOption('decisions');
    await text().fill('Release builds are signed on the CI runner, never on a laptop.');
    await screenshot(page, 'memory-add-form');
    await form().getByRole('button', { name: 'Save' }).click();
    await form().waitFor({ state: 'detached' });
    await timeline().getByText('Release builds are signed on the CI runner').waitFor();
    const rows = await timeline().getByRole('listitem').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0].startsWith('added')).toBe(true);
    const status = await page.getByRole('status').filter({ hasText: 'Added' }).textContent();
    expect(status).toMatch(/^Added decisions entry \S+ to \.engram\/MEMORY\.md\.$/);
    expect(status).not.toContain('redacted');
    expect(section(read(), 'Decisions')).toContain('Release builds are signed on the CI runner, never on a laptop.');
    // The new entry is open beside the list, credited to a person.
    const detail = page.getByRole('complementary', { name: 'Memory entry' });
    await detail.getByText('added by you (in Engram)', { exact: false }).waitFor();
    await screenshot(page, 'memory-add-saved');
  });

  it('redacts a secret before writing and says so (Ctrl+Enter saves)', async () => {
    // Assembled from parts: this file holds no credential.
    const key = ['AKIA', 'QX7RZ3', 'WPLM2N', 'B8VC'].join('');
    await page.getByRole('button', { name: 'Add entry' }).click();
    await form().getByRole('combobox', { name: 'Kind' }).selectOption('gotchas');
    await text().fill(`The staging uploader still uses ${key}; rotate it after the move.`);
    await text().press('Control+Enter');
    await form().waitFor({ state: 'detached' });
    const status = page.getByRole('status').filter({ hasText: 'redacted 1 secret (AWS access key)' });
    await status.waitFor();
    await timeline().getByText('The staging uploader still uses').first().waitFor();
    await screenshot(page, 'memory-add-redacted');
    const file = read();
    expect(file).not.toContain(key);
    expect(section(file, 'Gotchas')).toContain('The staging uploader still uses [redacted: AWS access key]; rotate it after the move.');
  });

  it('shows errors in the form and keeps the draft', async () => {
    const before = read();
    await page.getByRole('button', { name: 'Add entry' }).click();
    await text().fill('   ');
    await form().getByRole('button', { name: 'Save' }).click();
    await form().getByRole('alert').getByText('its text is empty').waitFor();
    // Longer than an entry may be: the host refuses it, the text stays for the person to trim.
    const long = 'x'.repeat(20001);
    await text().fill(long);
    await form().getByRole('button', { name: 'Save' }).click();
    await form().getByRole('alert').getByText('An entry holds at most 20,000 characters.', { exact: true }).waitFor();
    expect(await text().inputValue()).toBe(long);
    await screenshot(page, 'memory-add-error');
    expect(read()).toBe(before);
  });

  it('Escape cancels without writing', async () => {
    const before = read();
    const rows = await timeline().getByRole('listitem').count();
    await text().fill('This draft is dropped.');
    await text().press('Escape');
    await form().waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Add entry' }).getAttribute('aria-expanded')).toBe('false');
    // Nothing was sent: the file and the timeline are as they were.
    await new Promise((r) => setTimeout(r, 300));
    expect(read()).toBe(before);
    expect(await timeline().getByRole('listitem').count()).toBe(rows);
    expect(await page.getByText('This draft is dropped.').count()).toBe(0);
  });

  it('opens from the command palette with the text focused', async () => {
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox', { name: 'Command' }).fill('add memory');
    await expect.poll(() => palette.getByRole('option').first().textContent()).toContain('Add memory entry');
    await page.keyboard.press('Enter');
    await form().waitFor();
    await expect.poll(() => text().evaluate((el) => el === document.activeElement)).toBe(true);
    await text().press('Escape');
    await form().waitFor({ state: 'detached' });
  });
});
