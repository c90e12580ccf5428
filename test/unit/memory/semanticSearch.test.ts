import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';
import { useScriptedEmbeddings, type ScriptedEmbeddings } from '../../helpers/scriptedEmbeddings';

// The built CLI against a scripted embeddings server over real HTTP (real AI SDK clients):
// semantic search is optional, lexical search stands alone.

const embeddings = useScriptedEmbeddings();
const json = (s: string) => JSON.parse(s);

function setup() {
  const project = tempDir('engram-sem-project-');
  const data = tempDir('engram-sem-data-');
  const run = (args: string[], env: Record<string, string> = {}) =>
    runEngram(['--project', project, '--data-dir', data, '--json', ...args], { cwd: project, env: { ENGRAM_KEY_STORAGE: 'file', ...env } });
  return { project, data, run };
}

async function addEntries(run: ReturnType<typeof setup>['run']): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, kind, text] of [
    ['db', 'gotchas', 'The Postgres datastore gets sluggish when the vacuum job falls behind'],
    ['deploy', 'decisions', 'Ship every rollout behind a feature flag'],
    ['port', 'knowledge', 'The dev server listens on port 5173'],
  ]) {
    const r = await run(['memory', 'add', '--kind', kind, '--text', text]);
    expect(r.code, r.stderr).toBe(0);
    ids[name] = json(r.stdout).id;
  }
  return ids;
}

function turnOn(data: string, server: ScriptedEmbeddings, provider: string, model: string): void {
  const config = { embeddings: { provider, model, baseUrl: server.baseURL } };
  fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify(config));
}

describe('semantic search (CLI, scripted embeddings over HTTP)', () => {
  // "why is our database slow" shares no word with the entry ("Postgres datastore gets sluggish").
  const PARAPHRASE = 'why is our database slow';

  for (const provider of ['openai-compatible', 'openai', 'ollama'] as const) {
    it(`finds a paraphrase sharing no word with the entry only with embeddings on (${provider})`, async () => {
      const server = await embeddings.start();
      const { data, run } = setup();
      const ids = await addEntries(run);

      const off = await run(['memory', 'search', PARAPHRASE]);
      expect(off.code, off.stderr).toBe(0);
      expect(json(off.stdout).map((h: { id: string }) => h.id)).not.toContain(ids.db);

      turnOn(data, server, provider, provider === 'ollama' ? 'nomic-embed-text' : 'text-embedding-3-small');
      const env: Record<string, string> = provider === 'openai' ? { OPENAI_API_KEY: 'sk-test-secret-0123456789' } : {};
      const embed = await run(['memory', 'embed'], env);
      expect(embed.code, embed.stderr).toBe(0);
      const status = json(embed.stdout);
      expect(status).toMatchObject({ state: 'ready', embedded: 3, total: 3, error: null, dimensions: 64, backend: 'sqlite-vec' });
      expect(server.requests.every((r) => r.format === (provider === 'ollama' ? 'ollama' : 'openai'))).toBe(true);
      if (provider === 'ollama') {
        expect(server.requests[0].path).toBe('/api/embed');
        // nomic-embed-text is asked with its task prefixes.
        expect(server.texts()[0]).toMatch(/^search_document: /);
      }

      const on = await run(['memory', 'search', PARAPHRASE], env);
      expect(on.code, on.stderr).toBe(0);
      expect(json(on.stdout)[0].id).toBe(ids.db);

      const context = await run(['memory', 'context', '--query', PARAPHRASE, '--budget', '300'], env);
      expect(context.code, context.stderr).toBe(0);
      const block = json(context.stdout);
      expect(block.items.map((i: { id: string }) => i.id)).toContain(ids.db);
      expect(block.tokens).toBeLessThanOrEqual(300);
    });
  }

  it('with embeddings off, search and context are byte-identical to lexical search; nothing is asked of any server', async () => {
    const server = await embeddings.start();
    const { data, run } = setup();
    await addEntries(run);
    const queries = ['datastore sluggish', 'feature flag rollout', 'port'];
    const before = await Promise.all(queries.map((q) => run(['memory', 'search', q])));
    const ctxBefore = await run(['memory', 'context', '--query', 'rollout port', '--budget', '500']);
    // Vectors exist, then embeddings are turned off again: ranking must not use them.
    turnOn(data, server, 'openai-compatible', 'm');
    expect((await run(['memory', 'embed'])).code).toBe(0);
    fs.writeFileSync(path.join(data, 'config.json'), '{}');
    const asked = server.requests.length;
    const after = await Promise.all(queries.map((q) => run(['memory', 'search', q])));
    const ctxAfter = await run(['memory', 'context', '--query', 'rollout port', '--budget', '500']);
    for (let i = 0; i < queries.length; i++) expect(after[i].stdout).toBe(before[i].stdout);
    expect(ctxAfter.stdout).toBe(ctxBefore.stdout);
    expect(server.requests.length).toBe(asked);
    const status = await run(['memory', 'embed', '--status']);
    expect(json(status.stdout)).toMatchObject({ state: 'off', total: 3 });
  });

  it('server down: search answers lexically, `memory embed` fails with the cause, the key is never shown', async () => {
    const server = await embeddings.start();
    const { data, run } = setup();
    const ids = await addEntries(run);
    turnOn(data, server, 'openai', 'text-embedding-3-small');
    const key = 'sk-live-abcdefghijklmnop0123456789';
    const env = { OPENAI_API_KEY: key };
    expect((await run(['memory', 'embed'], env)).code).toBe(0);
    const lexical = await run(['memory', 'search', 'datastore sluggish'], { ...env, ENGRAM_EMBEDDING_PROVIDER: 'off' });
    await server.close();

    const down = await run(['memory', 'search', 'datastore sluggish'], env);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toBe(lexical.stdout);
    expect(json(down.stdout)[0].id).toBe(ids.db);
    expect(down.stderr).toMatch(/semantic search unavailable.*Nothing answered/i);

    await run(['memory', 'add', '--kind', 'knowledge', '--text', 'A new entry waits for its vector']);
    const failed = await run(['memory', 'embed'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/embedding failed: .*Nothing answered at http:\/\/127\.0\.0\.1:\d+\/v1/);
    for (const out of [down, failed]) expect(out.stdout + out.stderr).not.toContain(key.slice(8, 20));
    for (const f of fs.readdirSync(data)) {
      const p = path.join(data, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).includes(key), f).toBe(false);
    }
  });

  it('a refused key: the cause is told with the key hidden', async () => {
    const server = await embeddings.start();
    const { data, run } = setup();
    await addEntries(run);
    turnOn(data, server, 'openai', 'text-embedding-3-small');
    const key = 'sk-live-zyxwvutsrqponm9876543210';
    server.failWith(401, `Incorrect API key provided: ${key}`);
    const r = await run(['memory', 'embed'], { OPENAI_API_KEY: key });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused the API key/);
    expect(r.stderr).not.toContain(key.slice(8, 20));
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${key}`);
  });

  it('an edited entry is embedded again, a removed one loses its vector, an unchanged one is never sent twice', async () => {
    const server = await embeddings.start();
    const { project, data, run } = setup();
    const ids = await addEntries(run);
    turnOn(data, server, 'openai-compatible', 'm1');
    expect(json((await run(['memory', 'embed'])).stdout)).toMatchObject({ embedded: 3, total: 3 });
    const sent = server.texts().length;

    // Edited in an editor: the deploy entry now speaks of cars.
    const file = path.join(project, '.engram', 'MEMORY.md');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('Ship every rollout behind a feature flag', 'Every automobile needs a parking permit').replace(/^- The dev server.*\n/m, ''));
    const status = await run(['memory', 'embed', '--status']);
    expect(json(status.stdout)).toMatchObject({ state: 'embedding', embedded: 1, total: 2 });

    const again = await run(['memory', 'embed']);
    expect(json(again.stdout)).toMatchObject({ state: 'ready', embedded: 2, total: 2 });
    expect(server.texts().slice(sent)).toEqual(['Every automobile needs a parking permit']);
    const hits = json((await run(['memory', 'search', 'vehicle'])).stdout);
    expect(hits[0].id).toBe(ids.deploy);
    expect((await run(['memory', 'embed'])).code).toBe(0);
    // Only the edited entry was sent again (the query 'vehicle' was embedded to search).
    expect(server.texts().slice(sent)).toEqual(['Every automobile needs a parking permit', 'vehicle']);
  });

  it('switching the model drops the old vectors and embeds everything again in the new space', async () => {
    const server = await embeddings.start({ dims: { small: 32, large: 96 } });
    const { data, run } = setup();
    const ids = await addEntries(run);
    turnOn(data, server, 'openai-compatible', 'small');
    expect(json((await run(['memory', 'embed'])).stdout)).toMatchObject({ model: 'small', dimensions: 32, embedded: 3 });
    turnOn(data, server, 'openai-compatible', 'large');
    const before = json((await run(['memory', 'embed', '--status'])).stdout);
    expect(before).toMatchObject({ model: 'large', embedded: 0, total: 3, dimensions: null });
    // Before the new model has vectors, search stays lexical and asks nothing.
    const asked = server.requests.length;
    expect((await run(['memory', 'search', 'database slow'])).code).toBe(0);
    expect(server.requests.length).toBe(asked);
    const after = json((await run(['memory', 'embed'])).stdout);
    expect(after).toMatchObject({ model: 'large', dimensions: 96, embedded: 3, total: 3 });
    expect(server.requests.slice(asked).every((r) => r.model === 'large')).toBe(true);
    expect(json((await run(['memory', 'search', 'database slow'])).stdout)[0].id).toBe(ids.db);
  });

  it('a superseded entry is never ranked above its replacement, even when its vector is nearer', async () => {
    const server = await embeddings.start();
    const { project, data, run } = setup();
    fs.mkdirSync(path.join(project, '.engram'));
    fs.writeFileSync(
      path.join(project, '.engram', 'MEMORY.md'),
      [
        '# Project memory',
        '',
        '## Gotchas',
        '- Storage turns laggy after a rollout: warm the cache first <!-- id:m0000b2 at:2026-11-20 src:cli -->',
        '',
        '## Superseded',
        '- The db is sluggish whenever vacuum falls behind <!-- id:m0000a1 at:2026-11-01 src:cli superseded-by:m0000b2 -->',
        '',
      ].join('\n'),
    );
    turnOn(data, server, 'openai-compatible', 'm');
    expect(json((await run(['memory', 'embed'])).stdout)).toMatchObject({ embedded: 2, total: 2 });
    const hits = json((await run(['memory', 'search', 'why is our database slow'])).stdout);
    expect(hits.map((h: { id: string }) => h.id)).toEqual(['m0000b2', 'm0000a1']);
    const block = json((await run(['memory', 'context', '--query', 'why is our database slow', '--budget', '200'])).stdout);
    expect(block.items.map((i: { id: string }) => i.id)).toContain('m0000b2');
    expect(block.items.map((i: { id: string }) => i.id)).not.toContain('m0000a1');
  });

  it('a query whose vector is slower than queryTimeoutMs is answered lexically, without waiting on the model', async () => {
    const server = await embeddings.start();
    const { data, run } = setup();
    const ids = await addEntries(run);
    turnOn(data, server, 'openai-compatible', 'm');
    expect((await run(['memory', 'embed'])).code).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(data, 'config.json'), 'utf8'));
    fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify({ embeddings: { ...config.embeddings, queryTimeoutMs: 200 } }));
    server.delay(20_000);
    const started = Date.now();
    const r = await run(['memory', 'search', 'datastore sluggish']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout)[0].id).toBe(ids.db);
    // Far below the server's 20 s: the search did not wait for it.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('`config set embeddings` checks the value; `config list` says what is on', async () => {
    const { run } = setup();
    const bad = await run(['config', 'set', 'embeddings', '{"provider":"anthropic","model":"x"}']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^engram: embeddings\.provider must be one of openai, ollama, lmstudio, openai-compatible, not "anthropic" \(nothing saved\)$/m);
    expect(json((await run(['config', 'list'])).stdout).embeddings).toEqual({ choice: null, problem: null });
    const good = await run(['config', 'set', 'embeddings', '{"provider":"ollama","model":"nomic-embed-text"}']);
    expect(good.code, good.stderr).toBe(0);
    const listed = json((await run(['config', 'list'])).stdout).embeddings;
    expect(listed).toEqual({ choice: { provider: 'ollama', model: 'nomic-embed-text', baseUrl: 'http://127.0.0.1:11434/v1' }, problem: null });
    const openai = await run(['config', 'set', 'embeddings', '{"provider":"openai","model":"text-embedding-3-small"}'], { OPENAI_API_KEY: '' });
    expect(openai.code).toBe(0);
    const status = await run(['memory', 'embed', '--status'], { OPENAI_API_KEY: '' });
    expect(json(status.stdout)).toMatchObject({ state: 'failed', error: expect.stringContaining('need its API key') });
    expect((await run(['config', 'set', 'embeddings', 'null'])).code).toBe(0);
    expect(json((await run(['memory', 'embed', '--status'])).stdout)).toMatchObject({ state: 'off' });
  });
});
