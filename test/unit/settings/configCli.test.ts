import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import { filesContaining } from '../../helpers/plainSecret';
import { tempDir } from '../../helpers/tempDir';

const KEY = 'sk-ant-cli-5d2e8f1a9c3b7e40';
const scripted = useScriptedModel();

describe('engram config', () => {
  it('sets, gets and lists values; keeps a key from stdin in the key storage; refuses keys and bad values in config.json', async () => {
    const dataDir = tempDir();
    const project = tempDir();
    const engram = (args: string[], input?: string) => runEngram(['--data-dir', dataDir, ...args], { cwd: project, input });

    expect(await engram(['config', 'set', 'provider', 'anthropic'])).toMatchObject({ code: 0 });
    expect(await engram(['config', 'set', 'model', 'claude-sonnet-4-20250514'])).toMatchObject({ code: 0 });
    expect((await engram(['config', 'get', 'model'])).stdout.trim()).toBe('claude-sonnet-4-20250514');

    const bad = await engram(['config', 'set', 'provider', 'bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'engram: provider must be one of openai-compatible, anthropic, openai, openrouter, google, deepseek, mimo, ollama, lmstudio, not "bogus" (nothing saved)\n',
    );
    const key = await engram(['config', 'set', 'apiKey', KEY]);
    expect(key.code).toBe(1);
    expect(key.stderr).toContain('config set-key PROVIDER');

    const before = await engram(['--json', 'config', 'list']);
    expect(JSON.parse(before.stdout)).toMatchObject({ provider: 'anthropic', keysSaved: [], problem: expect.stringContaining('needs an API key') });

    const saved = await engram(['config', 'set-key', 'anthropic'], `${KEY}\n`);
    expect(saved).toMatchObject({ code: 0 });
    expect(saved.stdout).toMatch(/Saved the anthropic key\. Keys are kept in (the system keyring|.*secrets\.json)/);
    expect(saved.stdout + saved.stderr).not.toContain(KEY);
    expect((await engram(['config', 'set-key', 'anthropic'], '')).stderr).toContain('no key on standard input');

    const after = JSON.parse((await engram(['--json', 'config', 'list'])).stdout);
    expect(after).toMatchObject({ keysSaved: ['anthropic'], problem: null, contextWindow: 200000, contextWindowSource: 'catalog' });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8'))).toEqual({ provider: 'anthropic', model: 'claude-sonnet-4-20250514' });
    expect(filesContaining(KEY, dataDir, project)).toEqual([]);

    // A project override of the model, in the project's config.
    fs.mkdirSync(path.join(project, '.engram'));
    expect(await engram(['config', 'set', '--project-config', 'model', 'claude-opus-4-20250514'])).toMatchObject({ code: 0 });
    const overridden = JSON.parse((await engram(['--json', 'config', 'list'])).stdout);
    expect(overridden).toMatchObject({ model: 'claude-opus-4-20250514', projectModel: 'claude-opus-4-20250514' });
  });

  it('tells a person running the agent without a model how to choose one from the terminal too', async () => {
    const run = await runEngram(['--data-dir', tempDir(), 'run', 'hello'], { cwd: tempDir(), env: { ENGRAM_PROVIDER: '', ENGRAM_MODEL: '', ENGRAM_API_KEY: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No model provider is configured.');
    expect(run.stderr).toContain('`engram config set provider PROVIDER`, `engram config set model MODEL` and `engram config set-key PROVIDER`');
  });

  it('answers every bad value with the key, what was given and what is allowed; exit 2; config.json untouched', async () => {
    const dataDir = tempDir();
    const project = tempDir();
    const engram = (args: string[]) => runEngram(['--data-dir', dataDir, ...args], { cwd: project });
    const file = path.join(dataDir, 'config.json');
    expect(await engram(['config', 'set', 'provider', 'ollama'])).toMatchObject({ code: 0 });
    fs.appendFileSync(file, '\n'); // the bytes a person's editor left: a refused value must not rewrite them
    const before = fs.readFileSync(file, 'utf8');

    const refused: Array<[string[], string]> = [
      [['maxSteps', '9999'], 'maxSteps must be a whole number from 1 to 500, not 9999'],
      [['maxSteps', '-3'], 'maxSteps must be a whole number from 1 to 500, not -3'],
      [['contextWindow', 'lots'], 'contextWindow must be a whole number of at least 1, not "lots"'],
      [['outputReserve', '2.5'], 'outputReserve must be a whole number of at least 0, not 2.5'],
      [['permissions', 'allow'], 'permissions must be a JSON list, each item a JSON object with tool, pattern, action, not "allow"'],
      [['permissions', '[{"tool":"bash"}]'], 'permissions[0].action is missing: it must be one of allow, ask, deny'],
      [['permissions', '[{"tool":"bash","action":"allow","when":1}]'], 'permissions[0] has no field "when": its fields are tool, pattern, action'],
      [['checkpoints.thresholds', '["soon"]'], 'checkpoints.thresholds[0] must be a token count above 0 or a share of the usable window such as "60%", not "soon"'],
      [['pricing', '{"input":3}'], 'pricing.output is missing: it must be a number of at least 0'],
      [['embeddings', '{"provider":"cohere","model":"x"}'], 'embeddings.provider must be one of openai, ollama, lmstudio, openai-compatible, not "cohere"'],
      [['provdier', 'anthropic'], 'provdier is not a setting: use one of provider, baseUrl, model, contextWindow, outputReserve, models, checkpoints, maxSteps, pricing, permissions, mcpServers, embeddings'],
    ];
    for (const [args, message] of refused) {
      const answer = await engram(['config', 'set', ...args]);
      expect(answer.stderr.split('\n')[0], args.join(' ')).toBe(`engram: ${message} (nothing saved)`);
      expect(answer.stderr).toContain('Usage: engram');
      expect(answer.code, args.join(' ')).toBe(2);
      expect(answer.stdout).toBe('');
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(before);

    // A value that is text to the setting stays text; null removes a setting.
    expect((await engram(['config', 'set', 'model', '4'])).stdout.trim()).toBe('model = "4"');
    expect(await engram(['config', 'set', 'baseUrl', 'http://127.0.0.1:11434/v1'])).toMatchObject({ code: 0 });
    expect((await engram(['config', 'set', 'baseUrl', 'null'])).stdout.trim()).toBe('baseUrl removed');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ provider: 'ollama', model: '4' });

    // A config.json edited by hand into a bad value: `config list` names it the same way.
    fs.writeFileSync(file, JSON.stringify({ provider: 'bogus', model: 'x' }));
    const listed = await engram(['config', 'list']);
    expect(listed.stdout).toContain(`warning: ${file}: provider must be one of openai-compatible, anthropic, openai, openrouter, google, deepseek, mimo, ollama, lmstudio, not "bogus"; file ignored.`);
  });

  it('connects Xiaomi MiMo: preset endpoint, catalog window, its own key; `engram run` prints the answer, not the thinking, and sends the thinking back', async () => {
    const dataDir = tempDir();
    const project = tempDir();
    const MIMO_KEY = 'sk-mimo-cli-0c4e7a2b9d18f356';
    const engram = (args: string[], input?: string) => runEngram(['--data-dir', dataDir, ...args], { cwd: project, input, env: { ENGRAM_KEY_STORAGE: 'file' } });

    expect(await engram(['config', 'set', 'provider', 'mimo'])).toMatchObject({ code: 0 });
    expect(await engram(['config', 'set', 'model', 'mimo-v2-flash'])).toMatchObject({ code: 0 });
    expect(await engram(['config', 'set-key', 'mimo'], `${MIMO_KEY}\n`)).toMatchObject({ code: 0 });
    // Cache hits have their own price (MiMo's are a fraction of a miss): kept, not dropped.
    expect(await engram(['config', 'set', 'pricing', '{"input":1,"output":3,"cacheRead":0.02}'])).toMatchObject({ code: 0 });
    const listed = await engram(['config', 'list']);
    expect(listed.stdout).toMatch(/provider\s+mimo/);
    expect(listed.stdout).toMatch(/baseUrl\s+https:\/\/api\.xiaomimimo\.com\/v1/);
    expect(listed.stdout).toMatch(/contextWindow\s+262144 \(catalog\)/);
    expect(JSON.parse((await engram(['--json', 'config', 'list'])).stdout)).toMatchObject({ keysSaved: ['mimo'], problem: null });
    expect(filesContaining(MIMO_KEY, dataDir, project)).toEqual([]);

    // The same settings against a scripted MiMo on 127.0.0.1 (the base URL is all that differs).
    const model = await scripted.start([
      { reasoning: 'Check the file first.', text: 'Looking.', toolCalls: [{ name: 'glob', arguments: { pattern: '*.md' } }] },
      { reasoning: 'Nothing else is needed.', text: 'There is one markdown file.' },
    ]);
    fs.writeFileSync(path.join(project, 'README.md'), '# hi\n');
    expect(await engram(['config', 'set', 'baseUrl', model.baseURL])).toMatchObject({ code: 0 });
    const run = await engram(['run', 'which markdown files are there?']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Looking.\nThere is one markdown file.\n');
    expect(run.stderr).toContain('thinking…');
    expect(run.stdout + run.stderr).not.toContain('Check the file first');
    expect(model.requests[0].headers.authorization).toBe(`Bearer ${MIMO_KEY}`);
    expect(model.requests[1].body.messages.find((m) => m.role === 'assistant')).toMatchObject({ reasoning_content: 'Check the file first.' });
  });
});
