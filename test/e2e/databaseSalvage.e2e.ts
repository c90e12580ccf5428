import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { runAgentCli, type Project } from '../helpers/agentCli';
import { runEngram } from '../helpers/cli';
import { damageMemoryIndex } from '../helpers/corruptDatabase';
import { useScriptedModel } from '../helpers/scriptedModelFixture';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';

describe('engram.db found damaged when the workbench starts', () => {
  const workbench = workbenchFixture();
  const scripted = useScriptedModel({ per: 'file' });
  let page: Page;

  beforeAll(async () => {
    const root = path.join(tempDir(), 'ledger');
    fs.mkdirSync(root);
    const project: Project = { root, dataDir: tempDir() };
    for (const text of ['The ledger closes on the last working day.', 'Refunds go through the payments queue.']) {
      const r = await runEngram(['--project', root, '--data-dir', project.dataDir, 'memory', 'add', '--kind', 'knowledge', '--text', text]);
      expect(r.code, r.stderr).toBe(0);
    }
    const model = await scripted.start(() => ({ text: 'The ledger closes on the last working day.', usage: { prompt_tokens: 900, completion_tokens: 12 } }));
    const run = await runAgentCli(project, model, ['When does the ledger close?']);
    expect(run.code, run.stderr).toBe(0);
    // Only the memory index is damaged: what the database alone holds is still readable.
    damageMemoryIndex(project.dataDir);
    ({ page } = await workbench.open({ project: root, dataDir: project.dataDir, env: model.env, tab: 'Agent' }));
  });

  it('says what was kept from the moved file, and the agent session from before is listed', async () => {
    const notice = page.getByRole('status').filter({ hasText: 'database was damaged' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/moved to .*engram\.db\.corrupt-.* Kept from it: 1 agent session \(2 messages\), 2 timeline events, 1 usage record/);
    const sessions = page.getByRole('navigation', { name: 'Sessions' });
    await expect.poll(() => sessions.textContent()).toContain('When does the ledger close?');
    await screenshot(page, 'database-salvaged-notice');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
  });
});
