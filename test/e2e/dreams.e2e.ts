import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';
import { useScriptedModel } from '../helpers/scriptedModelFixture';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@test.invalid', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@test.invalid' };

const MEMORY = [
  '# Project memory',
  '',
  '## Rules',
  '- Run the unit tests before every commit. <!-- id:m200001 at:2026-11-01 -->',
  '- Run the unit tests before every commit. <!-- id:m200002 at:2026-11-08 -->',
  '- RUN the unit tests before every commit!! <!-- id:m200003 at:2026-11-09 -->',
  '',
  '## Knowledge',
  '- Styles live in web/old/theme.css since the redesign. <!-- id:m200004 at:2026-11-20 -->',
  '',
  '## Superseded',
  '',
].join('\n');

describe('the Dreams view', () => {
  const workbench = workbenchFixture();
  let page: Page;
  let project: string;
  let memoryFile: string;

  beforeAll(async () => {
    project = path.join(tempDir(), 'dream-repo');
    fs.mkdirSync(path.join(project, 'web/old'), { recursive: true });
    fs.writeFileSync(path.join(project, 'web/old/theme.css'), 'body{}\n');
    execFileSync('git', ['init', '-q', project], { env: GIT_ENV });
    execFileSync('git', ['add', '.'], { cwd: project, env: GIT_ENV });
    execFileSync('git', ['commit', '-q', '-m', 'start'], { cwd: project, env: GIT_ENV });
    fs.mkdirSync(path.join(project, 'web/theme'));
    execFileSync('git', ['mv', 'web/old/theme.css', 'web/theme/theme.css'], { cwd: project, env: GIT_ENV });
    execFileSync('git', ['commit', '-q', '-m', 'move'], { cwd: project, env: GIT_ENV });
    fs.mkdirSync(path.join(project, '.engram'));
    memoryFile = path.join(project, '.engram/MEMORY.md');
    fs.writeFileSync(memoryFile, MEMORY);
    ({ page } = await workbench.open({ project, viewport: { width: 1280, height: 800 }, tab: 'Dreams' }));
  });

  it('has no dream yet (the schedule starts when a project is first opened) and shows the next run', async () => {
    await page.getByText('No dreams yet').waitFor();
    await page.getByText('Next scheduled dream:').waitFor();
    expect(fs.readFileSync(memoryFile, 'utf8')).toBe(MEMORY);
    await screenshot(page, 'dreams-empty');
  });

  it('dreams now: the dream appears with its figures, and its changes can be shown', async () => {
    await page.getByRole('button', { name: 'Dream now' }).click();
    const item = page.getByRole('list', { name: 'Dream history' }).getByRole('listitem');
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    const figure = (label: string) => item.locator('dl > div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    expect(await figure('merged').textContent()).toBe('2');
    expect(await figure('paths fixed').textContent()).toBe('1');
    expect(await figure('paths flagged').textContent()).toBe('0');
    const after = fs.readFileSync(memoryFile, 'utf8');
    expect(after).toContain('web/theme/theme.css');
    expect(after).toContain('superseded-by:m200001');
    await item.getByRole('button', { name: 'Show changes' }).click();
    await item.getByText('+- Styles live in web/theme/theme.css since the redesign.', { exact: false }).waitFor();
    await screenshot(page, 'dreams-after-dream');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'dreams-after-dream-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('Revert restores MEMORY.md byte for byte', async () => {
    const item = page.getByRole('list', { name: 'Dream history' }).getByRole('listitem').first();
    await item.getByRole('button', { name: 'Revert' }).click();
    // Reverting asks first (issue 18): confirm it.
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revert dream' }).click();
    await item.getByText('reverted').waitFor();
    expect(fs.readFileSync(memoryFile, 'utf8')).toBe(MEMORY);
    expect(await item.getByRole('button', { name: 'Revert' }).isDisabled()).toBe(true);
    await screenshot(page, 'dreams-reverted');
  });
});

describe('the Dreams view of a project with no memory yet', () => {
  const workbench = workbenchFixture();
  it('answers Dream now with why nothing happened', async () => {
    const project = tempDir();
    const { page } = await workbench.open({ project, tab: 'Dreams' });
    await page.getByText('No dreams yet').waitFor();
    await page.getByRole('button', { name: 'Dream now' }).click();
    await page.getByRole('status').filter({ hasText: 'Nothing to dream yet: .engram/MEMORY.md does not exist.' }).waitFor();
    expect(await page.getByRole('list', { name: 'Dream history' }).getByRole('listitem').count()).toBe(0);
    expect(fs.existsSync(path.join(project, '.engram/MEMORY.md'))).toBe(false);
    await screenshot(page, 'dreams-nothing-to-dream');
  });
});

describe('the Dreams view when the model answers nonsense', () => {
  const workbench = workbenchFixture();
  const scripted = useScriptedModel({ per: 'file' });

  it('says so and leads to Settings, where the model is chosen', async () => {
    const project = path.join(tempDir(), 'dream-junk');
    fs.mkdirSync(path.join(project, '.engram'), { recursive: true });
    fs.writeFileSync(path.join(project, '.engram/MEMORY.md'), MEMORY);
    const model = await scripted.start(() => ({ text: 'Sure! Here is a poem about memory.' }));
    const { page } = await workbench.open({ project, env: model.env, tab: 'Dreams' });
    await page.getByRole('button', { name: 'Dream now' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'not the advice asked for' });
    await alert.waitFor({ timeout: 20_000 });
    // The provider and model are set in Settings: the Agent view has no such control.
    expect(await alert.innerText()).not.toContain('Agent view');
    await alert.getByRole('button', { name: 'Open Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).waitFor();
  });
});
