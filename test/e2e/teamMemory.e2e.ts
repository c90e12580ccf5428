import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { runEngram } from '../helpers/cli';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';

const GIT_ENV = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@test.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@test.invalid', GIT_CONFIG_NOSYSTEM: '1' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });

describe("a teammate's clone in the workbench", () => {
  const workbench = workbenchFixture();
  let page: Page;
  let clone: string;

  beforeAll(async () => {
    const base = tempDir('engram-team-e2e-');
    const origin = path.join(base, 'origin');
    git(base, 'init', '-q', '-b', 'main', origin);
    fs.writeFileSync(path.join(origin, 'README.md'), '# app\n');
    const init = await runEngram(['--project', origin, 'init', '--team']);
    expect(init.code, init.stderr).toBe(0);
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '-m', 'team memory');
    clone = path.join(base, 'clone');
    git(base, 'clone', '-q', origin, clone);
    ({ page } = await workbench.open({ project: clone, tab: 'Memory' }));
  });

  it('says the merge driver is not registered and registers it on request', async () => {
    const notice = page.getByRole('status').filter({ hasText: 'merge driver is not registered' });
    await notice.waitFor();
    expect(() => git(clone, 'config', '--get', 'merge.engram.driver')).toThrow();
    await screenshot(page, 'memory-merge-driver-notice');
    await notice.getByRole('button', { name: 'Register merge driver' }).click();
    await page.getByRole('status').filter({ hasText: 'git now merges this project' }).waitFor();
    expect(git(clone, 'config', '--get', 'merge.engram.driver')).toMatch(/bin\/engram\.js merge-driver %O %A %B %P\n$/);
    expect(git(clone, 'check-attr', 'merge', '--', '.engram/MEMORY.md')).toBe('.engram/MEMORY.md: merge: engram\n');
    // .gitattributes is the team's file: registering changes only this clone's config.
    expect(git(clone, 'status', '--porcelain')).toBe('');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByRole('status').filter({ hasText: 'merge' }).count()).toBe(0);
    // Opened again, nothing to say.
    await page.reload();
    await page.getByRole('tab', { name: 'Memory' }).click();
    await page.getByRole('list', { name: 'Memory timeline' }).or(page.getByText('No memory yet')).first().waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'merge driver' }).count()).toBe(0);
  });
});
