import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { runEngram } from '../helpers/cli';
import { useScriptedEmbeddings, type ScriptedEmbeddings } from '../helpers/scriptedEmbeddings';
import { tempDir } from '../helpers/tempDir';
import { workbenchFixture } from '../helpers/workbench';

async function addEntry(project: string, dataDir: string, kind: string, text: string): Promise<string> {
  const r = await runEngram(['--project', project, '--data-dir', dataDir, '--json', 'memory', 'add', '--kind', kind, '--text', text]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).id;
}

describe('semantic search from the Settings dialog', () => {
  const workbench = workbenchFixture();
  const embeddings = useScriptedEmbeddings({ per: 'file' });
  let page: Page;
  let server: ScriptedEmbeddings;

  beforeAll(async () => {
    const project = path.join(tempDir(), 'shop');
    fs.mkdirSync(project);
    const dataDir = tempDir();
    await addEntry(project, dataDir, 'gotchas', 'The Postgres datastore gets sluggish when the vacuum job falls behind.');
    await addEntry(project, dataDir, 'decisions', 'Ship every rollout behind a feature flag.');
    await addEntry(project, dataDir, 'knowledge', 'The dev server listens on port 5173.');
    server = await embeddings.start();
    ({ page } = await workbench.open({ project, dataDir, tab: 'Memory', viewport: { width: 1280, height: 860 } }));
  });

  it('is off by default; choosing Ollama nomic-embed-text embeds the entries and the Memory search finds a paraphrase', async () => {
    const search = page.getByRole('searchbox', { name: 'Search memory' });
    await search.fill('why is our database slow');
    await page.getByRole('list', { name: 'Search results' }).getByText('Nothing in memory matches', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Semantic search' }).click();
    const status = dialog.getByLabel('Embedding status');
    await expect.poll(() => status.textContent()).toContain('Off: memory search is lexical (3 entries)');
    await dialog.getByRole('combobox', { name: 'Embeddings provider' }).selectOption({ label: 'Ollama' });
    await dialog.getByRole('button', { name: 'nomic-embed-text' }).click();
    expect(await dialog.getByRole('combobox', { name: 'Embedding model' }).inputValue()).toBe('nomic-embed-text');
    await dialog.getByRole('textbox', { name: 'Embeddings base URL' }).fill(server.baseURL);
    await dialog.getByRole('button', { name: 'Save semantic search' }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('Ready: embedded 3 of 3 entries (nomic-embed-text, 64 dimensions · sqlite-vec)');
    expect(server.requests.every((r) => r.path === '/api/embed')).toBe(true);
    await screenshot(page, 'settings-semantic-search');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await search.fill('');
    await search.fill('why is our database slow');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByText('Postgres datastore gets sluggish', { exact: false }).waitFor();
    await screenshot(page, 'memory-search-semantic');
  });

  it('with the server gone, search answers lexically and the status names the cause', async () => {
    await server.close();
    const search = page.getByRole('searchbox', { name: 'Search memory' });
    await search.fill('rollout flag deploy');
    await page.getByRole('list', { name: 'Search results' }).getByText('feature flag', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Semantic search' }).click();
    const status = dialog.getByLabel('Embedding status');
    // What happened and when first, that search goes on without it, then the raw reason.
    await expect.poll(() => status.locator('.embedding-lead').textContent(), { timeout: 20_000 }).toMatch(
      /^The embedding model could not be reached at .+: Nothing answered at http:\/\/127\.0\.0\.1:\d+\/v1\. Is Ollama running\?/,
    );
    expect(await status.textContent()).toContain('Memory search keeps working meanwhile, lexical only');
    expect(await status.textContent()).toMatch(/Unreachable: embedded 3 of 3 entries/);
    expect(await status.locator('.settings-detail').textContent()).toMatch(/^Details: .*ECONNREFUSED 127\.0\.0\.1:\d+/);
    await dialog.getByRole('button', { name: 'Retry now' }).waitFor();
    await screenshot(page, 'settings-semantic-unreachable');
  });
});
