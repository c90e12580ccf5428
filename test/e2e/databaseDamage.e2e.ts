import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { runEngram } from '../helpers/cli';
import { damageOpenDatabase } from '../helpers/corruptDatabase';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';

describe('engram.db damaged while the workbench is open', () => {
  const workbench = workbenchFixture();
  let page: Page;
  let project: string;
  let dataDir: string;

  beforeAll(async () => {
    project = path.join(tempDir(), 'damage-repo');
    fs.mkdirSync(project);
    dataDir = tempDir();
    for (const text of ['The okapi cache expires hourly.', 'Deploys go through CI only.']) {
      const r = await runEngram(['--project', project, '--data-dir', dataDir, 'memory', 'add', '--kind', 'knowledge', '--text', text]);
      expect(r.code, r.stderr).toBe(0);
    }
    ({ page } = await workbench.open({ project, dataDir, tab: 'Memory' }));
  });

  it('says the database was rebuilt, answers the search from the rebuilt index, and the notice can be dismissed', async () => {
    await page.getByRole('list', { name: 'Memory timeline' }).getByText('okapi cache').waitFor();
    damageOpenDatabase(dataDir);
    await page.getByRole('searchbox', { name: 'Search memory' }).fill('okapi');
    const notice = page.getByRole('status').filter({ hasText: 'database was damaged' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/moved to .*engram\.db\.corrupt-.* and rebuilt from your projects' files/);
    await page.getByRole('list', { name: 'Search results' }).getByText('expires hourly', { exact: false }).waitFor();
    await screenshot(page, 'database-rebuilt-notice');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    // The project is still open under the same tab, and its memory file is untouched.
    expect(await page.getByRole('tab', { name: 'Memory' }).getAttribute('aria-selected')).toBe('true');
    expect(fs.readFileSync(path.join(project, '.engram', 'MEMORY.md'), 'utf8')).toContain('The okapi cache expires hourly.');
  });
});
