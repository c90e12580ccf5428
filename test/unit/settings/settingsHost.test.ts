import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentStatus, Project, ProviderModels, SettingsState } from '../../../contract';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import { filesContaining } from '../../helpers/plainSecret';
import { ok, useHost } from '../../helpers/hostFixture';
import { tempDir } from '../../helpers/tempDir';

const scripted = useScriptedModel();
const hosts = useHost();

const KEY = 'sk-test-7f3a9c2e5b1d4e8f';

describe('settings through the Host API', () => {
  it('saves provider, model and endpoint to config.json and the key to the key storage, never in plain text', async () => {
    const model = await scripted.start([{ text: 'OK' }, { text: 'Hello from the saved provider.' }]);
    const dataDir = tempDir();
    const root = tempDir();
    let host = hosts.start({ dataDir, env: { ENGRAM_KEY_STORAGE: 'file' } });
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const before = await ok<SettingsState>(host, 'settings.get', { projectId: project.id });
    expect(before).toMatchObject({ provider: null, keysSaved: [], keyStorage: { kind: 'file' }, dataDir });
    expect(before.presets.map((p) => p.label)).toEqual(expect.arrayContaining(['Anthropic', 'OpenAI', 'OpenRouter', 'Google Gemini', 'DeepSeek', 'Xiaomi MiMo', 'Ollama', 'LM Studio']));

    const tested = await ok<{ ok: boolean; message: string }>(host, 'settings.test', { projectId: project.id, provider: 'openai-compatible', model: 'scripted', baseUrl: model.baseURL, apiKey: KEY });
    expect(tested).toMatchObject({ ok: true, message: expect.stringContaining('"OK"') });
    expect(model.requests[0].body.model).toBe('scripted');

    const saved = await ok<SettingsState>(host, 'settings.save', { projectId: project.id, provider: 'openai-compatible', model: 'scripted', baseUrl: model.baseURL, apiKey: KEY });
    expect(saved).toMatchObject({ provider: 'openai-compatible', model: 'scripted', keysSaved: ['openai-compatible'], problem: null });
    const config = JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8'));
    expect(config).toEqual({ provider: 'openai-compatible', model: 'scripted', baseUrl: model.baseURL });
    expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);

    // The next run sends the kept key to the provider.
    const done = new Promise<void>((resolve) => host.events.on('agent.event', ({ event }) => event.type === 'done' && resolve()));
    await ok(host, 'agent.send', { projectId: project.id, text: 'hello' });
    await done;
    expect(model.requests).toHaveLength(2);
    host.close();
    expect(filesContaining(KEY, dataDir, root)).toEqual([]);

    // A new host (a restart) reads the key back from the storage.
    host = hosts.start({ dataDir, env: { ENGRAM_KEY_STORAGE: 'file' } });
    const again = await ok<Project>(host, 'projects.open', { path: root });
    expect(await ok<AgentStatus>(host, 'agent.status', { projectId: again.id })).toMatchObject({ configured: true, model: 'scripted' });
    expect(await ok<SettingsState>(host, 'settings.forgetKey', { provider: 'openai-compatible' })).toMatchObject({ keysSaved: [] });
  });

  it('moves a key an older version left in config.json to the key storage on the next save', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ provider: 'openai', model: 'gpt-4.1', apiKey: KEY }));
    const host = hosts.start({ dataDir, env: { ENGRAM_KEY_STORAGE: 'file' } });
    const before = await ok<SettingsState>(host, 'settings.get', {});
    expect(before.problem).toBeNull();
    expect(before.warnings.join(' ')).toContain('holds an API key in plain text');
    expect(JSON.stringify(before)).not.toContain(KEY);
    const after = await ok<SettingsState>(host, 'settings.save', { provider: 'openai', model: 'gpt-4.1' });
    expect(after).toMatchObject({ problem: null, keysSaved: ['openai'], warnings: [] });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8'))).toEqual({ provider: 'openai', model: 'gpt-4.1' });
    expect(filesContaining(KEY, dataDir)).toEqual([]);
  });

  it('says a wrong key was refused, without the key in the message', async () => {
    const model = await scripted.start([{ status: 401 }]);
    const host = hosts.start({ env: { ENGRAM_KEY_STORAGE: 'file' } });
    const result = await ok<{ ok: boolean; message: string }>(host, 'settings.test', { provider: 'openai-compatible', model: 'm', baseUrl: model.baseURL, apiKey: KEY });
    expect(result.ok).toBe(false);
    expect(result.message).toContain('refused the API key');
    expect(result.message).not.toContain(KEY);
  });

  it('needs a key for a hosted provider and names where to put it; refuses a key in a repository config', async () => {
    const dataDir = tempDir();
    const root = tempDir();
    const host = hosts.start({ dataDir, env: { ENGRAM_KEY_STORAGE: 'file' } });
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const noKey = await ok<SettingsState>(host, 'settings.save', { projectId: project.id, provider: 'anthropic', model: 'claude-sonnet-4-20250514' });
    expect(noKey.problem).toMatch(/Anthropic needs an API key: paste one in Settings, or run `engram config set-key anthropic`/);
    fs.mkdirSync(path.join(root, '.engram'), { recursive: true });
    fs.writeFileSync(path.join(root, '.engram', 'config.json'), JSON.stringify({ model: 'claude-opus-4-20250514', apiKey: KEY }));
    const status = await ok<AgentStatus>(host, 'agent.status', { projectId: project.id });
    expect(status.configured).toBe(false);
    expect(status.problem).toContain('holds "apiKey"');
    expect(JSON.stringify(status)).not.toContain(KEY);
  });

  it('knows catalog models, asks once for an unknown one, and lists a local server\'s models', async () => {
    const dataDir = tempDir();
    const host = hosts.start({ dataDir, env: { ENGRAM_KEY_STORAGE: 'file' } });
    const anthropic = await ok<ProviderModels>(host, 'settings.models', { provider: 'anthropic' });
    expect(anthropic.models.find((m) => m.id === 'claude-sonnet-4-20250514')).toMatchObject({ contextWindow: 200000, price: { input: 3, output: 15 } });
    await ok(host, 'settings.save', { provider: 'anthropic', model: 'claude-sonnet-4-20250514', apiKey: KEY });
    expect(await ok<SettingsState>(host, 'settings.get', {})).toMatchObject({ contextWindow: 200000, contextWindowSource: 'catalog' });

    await ok(host, 'settings.save', { provider: 'lmstudio', model: 'my-finetune-q4' });
    expect(await ok<SettingsState>(host, 'settings.get', {})).toMatchObject({ contextWindowSource: 'default' });
    const told = await ok<SettingsState>(host, 'settings.setContextWindow', { model: 'my-finetune-q4', contextWindow: 32768 });
    expect(told).toMatchObject({ contextWindow: 32768, contextWindowSource: 'settings' });

    // An Ollama-like server on a port of the test's choosing: /api/tags lists its models.
    const ollama = http.createServer((req, res) => {
      if (req.url === '/api/tags') res.end(JSON.stringify({ models: [{ name: 'qwen3-coder:30b' }, { name: 'llama3.2:3b' }] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => ollama.listen(0, '127.0.0.1', r));
    try {
      const port = (ollama.address() as AddressInfo).port;
      const local = await ok<ProviderModels>(host, 'settings.models', { provider: 'ollama', baseUrl: `http://127.0.0.1:${port}/v1` });
      expect(local.local).toMatchObject({ reachable: true });
      expect(local.models.map((m) => m.id)).toEqual(['qwen3-coder:30b', 'llama3.2:3b']);
    } finally {
      ollama.close();
    }
    const none = await ok<ProviderModels>(host, 'settings.models', { provider: 'lmstudio', baseUrl: 'http://127.0.0.1:9/v1' });
    expect(none.local).toMatchObject({ reachable: false, error: expect.stringContaining('Nothing answered at http://127.0.0.1:9/v1') });
  });

  it('offers a new person a current model per provider: one the catalog knows, first in its list, not the first by name', async () => {
    const host = hosts.start({ dataDir: tempDir(), env: { ENGRAM_KEY_STORAGE: 'file', ENGRAM_PROVIDER: '', ENGRAM_MODEL: '' } });
    const { presets } = await ok<SettingsState>(host, 'settings.get', {});
    for (const preset of presets) {
      const { models } = await ok<ProviderModels>(host, 'settings.models', { provider: preset.id, ...(preset.local ? { baseUrl: 'http://127.0.0.1:9/v1' } : {}) });
      if (preset.local || preset.id === 'openai-compatible') {
        // Their models are the person's own: nothing to recommend.
        expect(preset.recommendedModel, preset.id).toBeNull();
        continue;
      }
      const recommended = models.find((m) => m.id === preset.recommendedModel);
      expect(recommended, `${preset.id}: ${preset.recommendedModel}`).toBeDefined();
      expect(recommended!.contextWindow).toBeGreaterThan(0);
      expect(models[0].id, preset.id).toBe(preset.recommendedModel);
    }
    // The list used to lead with the first name, Claude Haiku 3 (2024); a new person gets the current Sonnet.
    expect(presets.find((p) => p.id === 'anthropic')!.recommendedModel).toBe('claude-sonnet-4-20250514');
  });
});
