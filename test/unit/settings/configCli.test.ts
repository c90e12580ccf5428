import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { filesContaining } from '../../helpers/plainSecret';
import { tempDir } from '../../helpers/tempDir';

const KEY = 'sk-ant-cli-5d2e8f1a9c3b7e40';

describe('engram config', () => {
  it('sets, gets and lists values; keeps a key from stdin in the key storage; refuses keys and bad values in config.json', async () => {
    const dataDir = tempDir();
    const project = tempDir();
    const engram = (args: string[], input?: string) => runEngram(['--data-dir', dataDir, ...args], { cwd: project, input });

    expect(await engram(['config', 'set', 'provider', 'anthropic'])).toMatchObject({ code: 0 });
    expect(await engram(['config', 'set', 'model', 'claude-sonnet-4-20250514'])).toMatchObject({ code: 0 });
    expect((await engram(['config', 'get', 'model'])).stdout.trim()).toBe('claude-sonnet-4-20250514');

    const bad = await engram(['config', 'set', 'provider', 'bogus']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not saved: provider');
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
});
