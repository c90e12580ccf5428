import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/browser';
import { filesContaining } from '../helpers/plainSecret';
import { HANGING_SERVER, writeToolServer } from '../helpers/mcpToolServer';
import type { ScriptedModel } from '../helpers/scriptedModel';
import { useScriptedModel } from '../helpers/scriptedModelFixture';
import type { Served } from '../helpers/serve';
import { tempDir } from '../helpers/tempDir';
import { runEngram } from '../helpers/cli';
import { workbenchFixture } from '../helpers/workbench';

const KEY = 'sk-e2e-41c7d09a8b2f6e35';

describe('connecting a model from the Settings dialog', () => {
  const scripted = useScriptedModel({ per: 'file' });
  const workbench = workbenchFixture();
  let served: Served;
  let page: Page;
  let model: ScriptedModel;
  let repo: string;
  let dataDir: string;

  beforeAll(async () => {
    repo = path.join(tempDir(), 'shop');
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(repo, 'README.md'), '# Shop\n');
    fs.writeFileSync(path.join(repo, '.mcp.json'), JSON.stringify({ mcpServers: { calc: writeToolServer(repo), stuck: HANGING_SERVER } }));
    dataDir = tempDir();
    model = await scripted.start([{ status: 401 }, { text: 'OK' }, { text: 'Hello from the model you just connected.', usage: { prompt_tokens: 1200, completion_tokens: 30 } }]);
    // No provider in the environment: the window alone must be enough.
    ({ served, page } = await workbench.open({
      project: repo,
      dataDir,
      load: false,
      viewport: { width: 1280, height: 860 },
      env: { ENGRAM_PROVIDER: '', ENGRAM_MODEL: '', ENGRAM_API_KEY: '', ENGRAM_BASE_URL: '', ENGRAM_MCP_START_TIMEOUT_MS: '1500' },
    }));
  });

  it('chooses a provider, pastes a key, picks a model, tests, saves; the next message goes there; the key is in no plain file', async () => {
    await page.goto(served.url);
    await page.getByRole('tab', { name: 'Agent' }).click();
    // The empty state says where the data lives and opens Settings.
    const setup = page.getByRole('region', { name: 'Configure a model provider' });
    await expect.poll(() => setup.textContent()).toContain(dataDir);
    await setup.getByRole('button', { name: 'Open Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await dialog.count()).toBe(0);

    // The sidebar button opens it too.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await dialog.waitFor();
    const provider = dialog.getByRole('combobox', { name: 'Provider' });
    // Anthropic's models come from the catalog, with their window and price.
    await provider.selectOption({ label: 'Anthropic' });
    await dialog.getByRole('combobox', { name: 'Model' }).fill('claude-sonnet-4-20250514');
    await expect.poll(() => dialog.textContent()).toContain('200,000 tokens of context');
    await screenshot(page, 'settings');
    // Xiaomi MiMo: its endpoint as the Base URL default, its models offered, their window known.
    await provider.selectOption({ label: 'Xiaomi MiMo' });
    expect(await dialog.getByRole('textbox', { name: 'Base URL' }).getAttribute('placeholder')).toBe('https://api.xiaomimimo.com/v1');
    await expect.poll(() => dialog.locator('#settings-models option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(
      expect.arrayContaining(['mimo-v2-flash', 'mimo-v2-pro', 'mimo-v2-omni']),
    );
    await dialog.getByRole('combobox', { name: 'Model' }).fill('mimo-v2-flash');
    await expect.poll(() => dialog.textContent()).toContain('MiMo-V2-Flash: 262,144 tokens of context');
    await screenshot(page, 'settings-mimo');

    await provider.selectOption({ label: 'Any OpenAI-compatible endpoint' });
    await dialog.getByRole('combobox', { name: 'Model' }).fill('scripted');
    await dialog.getByLabel('API key').fill(KEY);
    expect(await dialog.getByLabel('API key').getAttribute('type')).toBe('password');
    await dialog.getByRole('textbox', { name: 'Base URL' }).fill(model.baseURL);
    // A wrong key first: the provider's 401 is named for what it is, and the key is not repeated.
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 20_000 }).toContain('refused the API key');
    expect(await dialog.getByRole('status').textContent()).not.toContain(KEY);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 20_000 }).toContain('answered');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Saved');
    await dialog.getByRole('button', { name: 'Remove saved key' }).waitFor();
    expect(await dialog.getByLabel('API key').inputValue()).toBe('');
    expect(await dialog.getByLabel('API key').getAttribute('placeholder')).toContain('A key is saved');
    await screenshot(page, 'settings-saved');
    await page.keyboard.press('Escape');

    // The catalog does not know "scripted": the Agent pane asks for its window, once.
    const ask = page.getByRole('textbox', { name: 'Context window in tokens' });
    await ask.fill('65536');
    await page.getByRole('button', { name: 'Keep' }).click();
    await expect.poll(() => ask.count()).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')).models).toEqual({ scripted: { contextWindow: 65536 } });
    const message = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => message.isEnabled()).toBe(true);
    await message.fill('Say hello');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('log', { name: 'Conversation' }).textContent(), { timeout: 20_000 }).toContain('Hello from the model you just connected.');
    expect(model.requests).toHaveLength(3);
    expect(model.requests[2].headers.authorization).toBe(`Bearer ${KEY}`);
    // The window the person gave is what the meter measures against.
    await expect.poll(() => page.getByRole('meter', { name: 'Context' }).getAttribute('aria-valuemax')).toBe('65536');

    // The session's tokens, as the provider reported them, beside its title.
    await expect.poll(() => page.getByLabel('Session usage').textContent()).toContain('1,200 in · 30 out');

    // The usage panel: a chart per day and a row per project.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await dialog.getByRole('tab', { name: 'Usage' }).click();
    const usage = dialog.getByRole('region', { name: 'Usage' });
    await expect.poll(() => usage.getByRole('table').textContent()).toContain('shop');
    expect(await usage.getByRole('img', { name: /Cost per day/ }).locator('canvas').count()).toBe(1);
    expect(await usage.textContent()).toContain('not in the cost');
    // Every request went to a model without a price: its cost is unknown, not $0.
    expect(await usage.getByLabel('Total cost').textContent()).toBe('cost unknown');
    expect(await usage.getByRole('row', { name: /shop/ }).getByRole('cell').nth(1).textContent()).toBe('unknown');
    await screenshot(page, 'settings-usage');

    // The MCP servers of the project: one ready with its tools, one that hung on start, with why.
    await dialog.getByRole('tab', { name: 'MCP servers' }).click();
    const calc = dialog.getByRole('listitem', { name: 'MCP server calc' });
    // The repository's servers waited for a yes: nothing of theirs ran with the message above.
    await expect.poll(() => calc.textContent()).toContain('needs your approval');
    await calc.getByRole('button', { name: 'Allow calc' }).click();
    await dialog.getByRole('listitem', { name: 'MCP server stuck' }).getByRole('button', { name: 'Allow stuck' }).click();
    await expect.poll(() => calc.textContent(), { timeout: 15_000 }).toContain('ready');
    expect(await calc.textContent()).toContain('mcp__calc__add');
    // Its start timeout is 1.5 s: wait past it.
    await expect.poll(() => dialog.getByRole('listitem', { name: 'MCP server stuck' }).textContent(), { timeout: 15_000 }).toContain('did not start within 1.5 s');
    await screenshot(page, 'settings-mcp');
    await page.keyboard.press('Escape');

    expect(filesContaining(KEY, dataDir, repo)).toEqual([]);
    expect(served.stderr()).toMatch(/Keys are kept in (the system keyring|.*secrets\.json \(mode 0600)/);
  });

  it('is in the command palette', async () => {
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Command' }).fill('settings');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Settings' }).waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'settings-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog', { name: 'Settings' }).count()).toBe(0);
  });
});

describe('a config.json with a bad value', () => {
  const workbench = workbenchFixture();
  it('is named in Settings in the same words as `engram config list`, and saving from Settings fixes it', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ provider: 'bogus', model: 'x' }, null, 2));
    const words = `${file}: provider must be one of openai-compatible, anthropic, openai, openrouter, google, deepseek, mimo, ollama, lmstudio, not "bogus"; file ignored.`;
    const cli = await runEngram(['--data-dir', dataDir, 'config', 'list'], { env: { ENGRAM_PROVIDER: '', ENGRAM_MODEL: '' } });
    expect(cli.stdout).toContain(`warning: ${words}`);

    const { page } = await workbench.open({ project: tempDir(), dataDir, env: { ENGRAM_PROVIDER: '', ENGRAM_MODEL: '', ENGRAM_API_KEY: '', ENGRAM_BASE_URL: '' } });
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect.poll(() => dialog.locator('.settings-warning').allTextContents()).toContain(words);
    await screenshot(page, 'settings-bad-config');

    await dialog.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'Ollama' });
    await dialog.getByRole('combobox', { name: 'Model' }).fill('llama3.2');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByText('Saved: Ollama · llama3.2.').waitFor();
    await expect.poll(() => dialog.getByText(words).count()).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ provider: 'ollama', model: 'llama3.2' });
  });
});


/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server.address() as AddressInfo);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('connecting a model for the first time', () => {
  const workbench = workbenchFixture();
  it('starts from a current model, and a Test connection that reaches nothing says so in a sentence, the raw reason below it', async () => {
    const { page } = await workbench.open({
      project: tempDir(),
      viewport: { width: 1280, height: 860 },
      env: { ENGRAM_PROVIDER: '', ENGRAM_MODEL: '', ENGRAM_API_KEY: '', ENGRAM_BASE_URL: '' },
    });
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const model = dialog.getByRole('combobox', { name: 'Model' });
    // Nothing typed yet: Anthropic's current Sonnet (not Claude Haiku 3, the first by name), which the catalog knows.
    await expect.poll(() => model.inputValue()).toBe('claude-sonnet-4-20250514');
    await expect.poll(() => dialog.textContent()).toContain('Claude Sonnet 4: 200,000 tokens of context');
    await dialog.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'OpenAI' });
    expect(await model.inputValue()).toBe('gpt-5');

    const port = await closedPort();
    await dialog.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'Ollama' });
    await model.fill('llama3.2');
    await dialog.getByRole('textbox', { name: 'Base URL' }).fill(`http://127.0.0.1:${port}/v1`);
    // Before any test, the form says the local server does not answer.
    const sentence = `Nothing answered at http://127.0.0.1:${port}/v1. Is Ollama running? Start it with ollama serve.`;
    await expect.poll(() => dialog.locator('.settings-warning').allTextContents(), { timeout: 20_000 }).toContain(sentence);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const status = dialog.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain(sentence);
    // Said once, by the test with its details, not also by the form above it.
    expect((await dialog.textContent())!.split('Nothing answered at').length - 1).toBe(1);
    expect(await status.locator('code').textContent()).toBe('ollama serve');
    expect(await status.locator('.settings-detail').textContent()).toBe(`Details: http://127.0.0.1:${port}/v1/chat/completions: connect ECONNREFUSED 127.0.0.1:${port}`);
    await screenshot(page, 'settings-test-refused');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'settings-test-refused-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // A look at another tab keeps what was typed and not saved yet (it used to fall back to the saved settings).
    await dialog.getByLabel('API key').fill('sk-typed-not-saved');
    await dialog.getByRole('tab', { name: 'Usage' }).click();
    await dialog.getByRole('tab', { name: 'Model' }).click();
    expect(await dialog.getByRole('combobox', { name: 'Provider' }).inputValue()).toBe('ollama');
    expect(await model.inputValue()).toBe('llama3.2');
    expect(await dialog.getByRole('textbox', { name: 'Base URL' }).inputValue()).toBe(`http://127.0.0.1:${port}/v1`);
    expect(await dialog.getByLabel('API key').inputValue()).toBe('sk-typed-not-saved');
  });
});
