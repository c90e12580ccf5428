import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { runAgentCli, type Project } from '../helpers/agentCli';
import { runEngram } from '../helpers/cli';
import type { ScriptedModel } from '../helpers/scriptedModel';
import { useScriptedModel } from '../helpers/scriptedModelFixture';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';

const MEMORY = [
  '# Project memory',
  '',
  '## Rules',
  '- Reconcile the ledger before closing the month. <!-- id:m300001 at:2026-11-01 -->',
  '- Reconcile the ledger before closing the month. <!-- id:m300002 at:2026-11-08 -->',
  '',
  '## Superseded',
  '',
].join('\n');

// Generous: these tests prove a change arrives with no click at all, not how fast (that is
// OUTSIDE_WRITE_POLL_MS, a quarter of a second); a loaded machine must not make them flaky.
const ARRIVES = { timeout: 15_000 };

/**
 * Issue #18: every change reaches an open view, including those another process writes only to
 * engram.db (an `engram run` or `engram dream` in a terminal beside the window).
 */
describe('open views follow what other processes write to the database', () => {
  const workbench = workbenchFixture();
  const scripted = useScriptedModel({ per: 'file' });
  let page: Page;
  let model: ScriptedModel;
  let project: Project;

  beforeAll(async () => {
    const root = path.join(tempDir(), 'ledger');
    fs.mkdirSync(path.join(root, '.engram'), { recursive: true });
    fs.writeFileSync(path.join(root, 'README.md'), '# Ledger\n\nBooks the month.\n');
    fs.writeFileSync(path.join(root, '.engram', 'MEMORY.md'), MEMORY);
    project = { root, dataDir: tempDir() };
    model = await scripted.start(() => ({ text: 'The ledger books the month.', usage: { prompt_tokens: 900, completion_tokens: 12 } }));
    ({ page } = await workbench.open({ project: root, dataDir: project.dataDir, env: model.env, tab: 'Agent' }));
  });

  it('a session `engram run` writes in another process appears in the open Agent view without a click', async () => {
    const sessions = page.getByRole('navigation', { name: 'Sessions' });
    await sessions.getByText('No sessions yet.').waitFor();
    const run = await runAgentCli(project, model, ['Summarise the ledger README']);
    expect(run.code, run.stderr).toBe(0);
    await expect.poll(() => sessions.textContent(), ARRIVES).toContain('Summarise the ledger README');
    expect(await sessions.getByText('No sessions yet.').count()).toBe(0);
    await screenshot(page, 'live-views-cli-session');
  });

  it("the open usage panel counts another process's model requests", async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Usage' }).click();
    const usage = dialog.getByRole('region', { name: 'Usage' });
    try {
      await expect.poll(() => usage.textContent()).toContain('1 request ·');
      const run = await runAgentCli(project, model, ['--continue', 'And the year?']);
      expect(run.code, run.stderr).toBe(0);
      await expect.poll(() => usage.textContent(), ARRIVES).toContain('2 requests ·');
      expect(await usage.getByRole('table').textContent()).toContain('1,800');
      await screenshot(page, 'live-views-cli-usage');
    } finally {
      await dialog.getByRole('button', { name: 'Close' }).click();
    }
  });

  it('the open session shows a turn another process added to it', async () => {
    await page.getByRole('tab', { name: 'Agent' }).click();
    const sessions = page.getByRole('navigation', { name: 'Sessions' });
    await sessions.getByRole('button', { name: /^Summarise the ledger README/ }).click();
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect.poll(() => log.textContent()).toContain('And the year?');
    const run = await runAgentCli(project, model, ['--continue', 'What about refunds?']);
    expect(run.code, run.stderr).toBe(0);
    await expect.poll(() => log.textContent(), ARRIVES).toContain('What about refunds?');
    // The question and its answer are committed one after the other: the answer follows.
    await expect.poll(() => log.getByText('The ledger books the month.').count(), ARRIVES).toBe(3);
    await screenshot(page, 'live-views-cli-turn');
  });

  it('a dream `engram dream` runs in another process appears in the open Dreams view', async () => {
    await page.getByRole('tab', { name: 'Dreams' }).click();
    await page.getByText('No dreams yet').waitFor();
    const dream = await runEngram(['--project', project.root, '--data-dir', project.dataDir, 'dream', '--no-llm']);
    expect(dream.code, dream.stderr).toBe(0);
    const item = page.getByRole('list', { name: 'Dream history' }).getByRole('listitem');
    await expect.poll(() => item.count(), ARRIVES).toBe(1);
    expect(await item.first().textContent()).toContain('merged');
    expect(await page.getByText('No dreams yet').count()).toBe(0);
    await screenshot(page, 'live-views-cli-dream');
  });
});

describe('open views follow settings another process writes', () => {
  const workbench = workbenchFixture();
  let page: Page;
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    root = path.join(tempDir(), 'notes');
    fs.mkdirSync(root);
    dataDir = tempDir();
    // No provider from the environment: config.json alone decides.
    ({ page } = await workbench.open({
      project: root,
      dataDir,
      env: { ENGRAM_PROVIDER: '', ENGRAM_MODEL: '', ENGRAM_API_KEY: '', ENGRAM_BASE_URL: '' },
      tab: 'Agent',
    }));
  });

  it('`engram config set` in a terminal changes the model the open Agent view shows', async () => {
    const model = page.locator('.agent-model');
    await expect.poll(() => model.textContent()).toBe('no model');
    for (const [key, value] of [
      ['provider', 'ollama'],
      ['model', 'llama3.2'],
    ]) {
      const r = await runEngram(['--project', root, '--data-dir', dataDir, 'config', 'set', key, value]);
      expect(r.code, r.stderr).toBe(0);
    }
    await expect.poll(() => model.textContent(), ARRIVES).toBe('ollama · llama3.2');
    await screenshot(page, 'live-views-cli-config');
  });
});
