import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { tempDir } from '../helpers/tempDir';
import { NOISE, release, seedSessions } from '../unit/distill/seedSessions';
import { workbenchFixture } from '../helpers/workbench';

describe('the Skills view', () => {
  const workbench = workbenchFixture();
  let page: Page;
  let project: string;

  beforeAll(async () => {
    project = path.join(tempDir(), 'skills-repo');
    fs.mkdirSync(path.join(project, '.claude/agents'), { recursive: true });
    fs.writeFileSync(path.join(project, '.claude/agents/reviewer.md'), '---\nname: reviewer\ndescription: Reviews a diff for bugs\ntools: read, grep\n---\nYou review diffs.\n');
    const dataDir = tempDir();
    seedSessions(dataDir, project, [release('1.2.0'), NOISE[0], release('1.3.0'), NOISE[1], release('1.3.1'), NOISE[2]]);
    ({ page } = await workbench.open({
      project,
      dataDir,
      env: { ENGRAM_PROVIDER: '', ENGRAM_MODEL: '', ENGRAM_BASE_URL: '' },
      viewport: { width: 1280, height: 900 },
      tab: 'Skills',
    }));
  });

  it('lists what the project has, from .claude/ too', async () => {
    const table = page.getByRole('table', { name: 'Skills, subagents and commands' });
    await table.getByRole('row', { name: /reviewer/ }).waitFor();
    expect(await table.getByRole('row', { name: /reviewer/ }).textContent()).toContain('.claude');
    await screenshot(page, 'skills-initial');
  });

  it('Distill proposes the repeated release with its evidence; Accept writes it and lists it', async () => {
    await page.getByRole('button', { name: 'Distill' }).click();
    const proposals = page.getByRole('list', { name: 'Proposed artifacts' }).getByRole('listitem').filter({ has: page.getByRole('heading') });
    await proposals.first().waitFor();
    expect(await proposals.count()).toBe(1);
    const card = proposals.first();
    await card.getByRole('heading', { name: /prepare-release/ }).waitFor();
    const evidence = card.getByRole('region', { name: 'Evidence' });
    expect(await evidence.textContent()).toContain('seen in 3 sessions');
    expect(await evidence.getByRole('list', { name: 'Repeated steps' }).textContent()).toContain('git tag <version>');
    expect(await card.getByLabel('Preview of prepare-release').textContent()).toContain('Prepare release $ARGUMENTS');
    await screenshot(page, 'skills-proposal');

    await card.getByRole('button', { name: 'Accept' }).click();
    const table = page.getByRole('table', { name: 'Skills, subagents and commands' });
    await table.getByRole('row', { name: /\/prepare-release/ }).waitFor();
    expect(await proposals.count()).toBe(0);
    const file = path.join(project, '.engram/commands/prepare-release.md');
    expect(fs.readFileSync(file, 'utf8')).toContain('Prepare release $ARGUMENTS');
    await screenshot(page, 'skills-accepted');
  });
});
