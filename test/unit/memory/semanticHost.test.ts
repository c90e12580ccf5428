import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import type { EmbeddingStatus, MemorySearchHit, Project, SettingsState } from '../../../contract';
import { useScriptedEmbeddings } from '../../helpers/scriptedEmbeddings';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import { requestText } from '../../helpers/scriptedModel';
import { filesContaining } from '../../helpers/plainSecret';
import { damageOpenDatabase } from '../../helpers/corruptDatabase';
import { tempDir } from '../../helpers/tempDir';
import { runEngram } from '../../helpers/cli';

// Background embedding in the host, through the Host API (what the window and `serve` call).

const embeddings = useScriptedEmbeddings();
const scripted = useScriptedModel();
let host: Host | null = null;
afterEach(() => {
  host?.close();
  host = null;
});

async function ok<T>(h: Host, method: string, params: unknown): Promise<T> {
  const answer = await h.handle(method, params);
  if ('error' in answer) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

/** Resolves with the status once `check` holds, re-asking at every `memory.embeddingsChanged`. */
function statusWhen(h: Host, projectId: string, check: (s: EmbeddingStatus) => boolean, timeoutMs = 20_000): Promise<EmbeddingStatus> {
  return new Promise((resolve, reject) => {
    let last: EmbeddingStatus | null = null;
    const timer = setTimeout(() => reject(new Error(`status never reached; last: ${JSON.stringify(last)}`)), timeoutMs);
    const look = async () => {
      const s = (last = await ok<EmbeddingStatus>(h, 'memory.embeddings', { projectId }));
      if (check(s)) {
        clearTimeout(timer);
        off();
        resolve(s);
      }
    };
    const off = h.events.on('memory.embeddingsChanged', () => void look());
    void look();
  });
}

const KEY = 'sk-embed-4c1d8e2f9a7b3c5d';
const PARAPHRASE = 'why is our database slow';

function openHost(dataDir: string, logs: string[] = []): Host {
  return new Host({ dataDir, shell: 'browser', env: { ENGRAM_KEY_STORAGE: 'file' }, log: (l) => logs.push(l) });
}

/** A project folder with `.engram/` already there (the watcher then sees the first write). */
function projectDir(): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, '.engram'));
  return root;
}

describe('semantic search in the host', () => {
  it('Settings turns it on with a kept key; entries are embedded in the background; search and the agent fuse both rankings', async () => {
    const server = await embeddings.start();
    const dataDir = tempDir();
    const root = projectDir();
    const logs: string[] = [];
    host = openHost(dataDir, logs);
    const events: unknown[] = [];
    for (const name of ['memory.embeddingsChanged', 'settings.changed', 'memory.changed'] as const) host.events.on(name, (p) => events.push(p));
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const engine = host.memories.engine(project.id);
    const db = engine.add({ kind: 'gotchas', text: 'The Postgres datastore gets sluggish when the vacuum job falls behind' }).id;
    engine.add({ kind: 'knowledge', text: 'The dev server listens on port 5173' });

    expect(await ok<EmbeddingStatus>(host, 'memory.embeddings', { projectId: project.id })).toMatchObject({ state: 'off', total: 2, embedded: 0 });
    const lexical = await ok<{ hits: MemorySearchHit[] }>(host, 'memory.search', { projectId: project.id, query: PARAPHRASE });
    expect(lexical.hits.map((h) => h.id)).not.toContain(db);

    const saved = await ok<SettingsState>(host, 'settings.saveEmbeddings', {
      projectId: project.id,
      provider: 'openai',
      model: 'text-embedding-3-small',
      baseUrl: server.baseURL,
      apiKey: KEY,
    });
    expect(saved.embeddings).toMatchObject({ choice: { provider: 'openai', model: 'text-embedding-3-small', baseUrl: server.baseURL }, problem: null });
    expect(saved.embeddings.presets.find((p) => p.provider === 'ollama')?.models.map((m) => m.id)).toContain('nomic-embed-text');
    const ready = await statusWhen(host, project.id, (s) => s.state === 'ready');
    expect(ready).toMatchObject({ provider: 'openai', model: 'text-embedding-3-small', dimensions: 64, embedded: 2, total: 2, error: null });
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);

    const fused = await ok<{ hits: MemorySearchHit[] }>(host, 'memory.search', { projectId: project.id, query: PARAPHRASE });
    expect(fused.hits[0].id).toBe(db);

    // The agent's memory_search tool answers the same ranking.
    const model = await scripted.start([{ toolCalls: [{ name: 'memory_search', arguments: { query: PARAPHRASE } }] }, { text: 'Vacuum.' }]);
    await ok(host, 'settings.save', { projectId: project.id, provider: 'openai-compatible', model: 'scripted', baseUrl: model.baseURL });
    const done = new Promise<void>((resolve) => host!.events.on('agent.event', ({ event }) => event.type === 'done' && resolve()));
    await ok(host, 'agent.send', { projectId: project.id, text: 'Look into the slowness.' });
    await done;
    expect(requestText(model.requests[1])).toContain(db);

    // A new entry written meanwhile is embedded after it settles.
    engine.add({ kind: 'decisions', text: 'Every automobile needs a parking permit' });
    await statusWhen(host, project.id, (s) => s.state === 'ready' && s.total === 3 && s.embedded === 3);

    host.close();
    host = null;
    expect(filesContaining(KEY, dataDir, root)).toEqual([]);
    expect(JSON.stringify(events) + logs.join('\n')).not.toContain(KEY);
  });

  it('server down: status says unreachable and why, search stays lexical; back up, embedding resumes', async () => {
    const server = await embeddings.start();
    const dataDir = tempDir();
    const root = projectDir();
    host = openHost(dataDir);
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const engine = host.memories.engine(project.id);
    const db = engine.add({ kind: 'gotchas', text: 'The Postgres datastore gets sluggish when the vacuum job falls behind' }).id;
    await ok(host, 'settings.saveEmbeddings', { projectId: project.id, provider: 'openai-compatible', model: 'm', baseUrl: server.baseURL });
    await statusWhen(host, project.id, (s) => s.state === 'ready');

    server.failWith(503, 'model is loading');
    engine.add({ kind: 'knowledge', text: 'The dev server listens on port 5173' });
    const failing = await statusWhen(host, project.id, (s) => s.state === 'failed');
    // The sentence leads; the server's own words stay in the detail.
    expect(failing.error).toMatch(/^The provider at http:\/\/127\.0\.0\.1:\d+ is overloaded \(503\)/);
    expect(failing.errorDetail).toMatch(/HTTP 503 .*model is loading/);
    expect(Date.parse(failing.retryAt!)).toBeGreaterThan(Date.now());
    // Known to fail: search does not wait on it and answers lexically.
    const started = Date.now();
    const hits = await ok<{ hits: MemorySearchHit[] }>(host, 'memory.search', { projectId: project.id, query: 'datastore vacuum' });
    expect(hits.hits[0].id).toBe(db);
    expect(server.requests.at(-1)!.inputs).not.toContain('datastore vacuum');
    expect(Date.now() - started).toBeLessThan(5_000);

    server.failWith(null);
    await ok(host, 'memory.embedNow', { projectId: project.id });
    expect(await statusWhen(host, project.id, (s) => s.state === 'ready')).toMatchObject({ embedded: 2, total: 2, error: null, retryAt: null });
  });

  it('nothing listening: unreachable with the cause', async () => {
    const server = await embeddings.start();
    const dataDir = tempDir();
    host = openHost(dataDir);
    const project = await ok<Project>(host, 'projects.open', { path: tempDir() });
    host.memories.engine(project.id).add({ kind: 'knowledge', text: 'The dev server listens on port 5173' });
    const baseUrl = server.baseURL;
    await server.close();
    await ok(host, 'settings.saveEmbeddings', { projectId: project.id, provider: 'ollama', model: 'nomic-embed-text', baseUrl });
    const down = await statusWhen(host, project.id, (s) => s.state === 'unreachable');
    expect(down).toMatchObject({ provider: 'ollama', model: 'nomic-embed-text', embedded: 0, total: 1 });
    expect(down.error).toMatch(/Nothing answered at http:\/\/127\.0\.0\.1:\d+\/v1/);
  });

  it('resumes after a restart without sending stored entries again; turning it off stops asking', async () => {
    const server = await embeddings.start();
    server.delay(400);
    const dataDir = tempDir();
    const root = projectDir();
    host = openHost(dataDir);
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const engine = host.memories.engine(project.id);
    engine.addMany(Array.from({ length: 150 }, (_, i) => ({ kind: 'knowledge', text: `Fact number ${i} about module m${i}` })));
    await ok(host, 'settings.saveEmbeddings', { projectId: project.id, provider: 'openai-compatible', model: 'm', baseUrl: server.baseURL });
    const partly = await statusWhen(host, project.id, (s) => s.embedded >= 32 && s.embedded < 150);
    host.close(); // stops mid-way: the batch in flight is dropped, what was stored stays
    host = null;
    const sentBefore = new Set(server.texts());

    host = openHost(dataDir);
    const again = await ok<Project>(host, 'projects.open', { path: root });
    const resumed = await statusWhen(host, again.id, (s) => s.state === 'ready');
    expect(resumed).toMatchObject({ embedded: 150, total: 150 });
    const sentAfter = server.texts().slice(sentBefore.size);
    // What the first host stored is not sent again; at most the batches in flight at close are.
    expect(sentAfter.length).toBeLessThanOrEqual(150 - partly.embedded + 2 * 32);
    expect(sentAfter.length).toBeGreaterThanOrEqual(150 - partly.embedded - 2 * 32);

    await ok(host, 'settings.saveEmbeddings', { projectId: again.id, provider: null });
    const asked = server.requests.length;
    expect(await ok<EmbeddingStatus>(host, 'memory.embeddings', { projectId: again.id })).toMatchObject({ state: 'off' });
    host.memories.engine(again.id).add({ kind: 'knowledge', text: 'One more fact' });
    await ok(host, 'memory.search', { projectId: again.id, query: 'fact' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(server.requests.length).toBe(asked);
  });

  it('a damaged engram.db rebuilt while the host runs: entries are embedded again on the new connection and fused search works', async () => {
    const server = await embeddings.start();
    const dataDir = tempDir();
    const root = projectDir();
    host = openHost(dataDir);
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const db = host.memories.engine(project.id).add({ kind: 'gotchas', text: 'The Postgres datastore gets sluggish when the vacuum job falls behind' }).id;
    await ok(host, 'settings.saveEmbeddings', { projectId: project.id, provider: 'openai-compatible', model: 'm', baseUrl: server.baseURL });
    await statusWhen(host, project.id, (s) => s.state === 'ready');
    damageOpenDatabase(dataDir);
    await host.handle('memory.search', { projectId: project.id, query: 'vacuum' });
    const again = await statusWhen(host, project.id, (s) => s.state === 'ready' && s.embedded === 1);
    expect(again).toMatchObject({ backend: 'sqlite-vec', total: 1 });
    const hits = await ok<{ hits: MemorySearchHit[] }>(host, 'memory.search', { projectId: project.id, query: PARAPHRASE });
    expect(hits.hits[0].id).toBe(db);
  });
});

describe('an embedding failure the app meets, seen from another process', () => {
  it('`engram memory embed --status` in a terminal says why the app cannot embed, when, and when it tries again; cleared once it works', async () => {
    const server = await embeddings.start();
    const dataDir = tempDir();
    const root = projectDir();
    host = openHost(dataDir);
    const project = await ok<Project>(host, 'projects.open', { path: root });
    host.memories.engine(project.id).add({ kind: 'knowledge', text: 'The dev server listens on port 5173' });
    server.failWith(401, 'Incorrect API key provided');
    await ok(host, 'settings.saveEmbeddings', { projectId: project.id, provider: 'openai', model: 'text-embedding-3-small', baseUrl: server.baseURL, apiKey: KEY });
    const refused = await statusWhen(host, project.id, (s) => s.state === 'failed');
    expect(refused.error).toMatch(/answered 401: it refused the API key/);
    expect(refused.errorDetail).toMatch(/401.*Incorrect API key provided/);

    const status = (...extra: string[]) =>
      runEngram(['--project', root, '--data-dir', dataDir, ...extra, 'memory', 'embed', '--status'], { env: { ENGRAM_KEY_STORAGE: 'file' } });
    const asked = server.requests.length;
    const json = await status('--json');
    expect(json.code, json.stderr).toBe(0);
    const seen = JSON.parse(json.stdout) as EmbeddingStatus;
    expect(seen).toMatchObject({ state: 'failed', error: refused.error, retryAt: refused.retryAt, failedAt: refused.failedAt, embedded: 0, total: 1 });
    expect(Date.parse(seen.failedAt!)).toBeLessThanOrEqual(Date.parse(seen.retryAt!));
    const human = await status();
    expect(human.stdout).toMatch(/embedded 0 of 1 entries; failed: .*401.*Incorrect API key provided.* \(at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, next try \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/);
    expect(human.stdout + human.stderr + json.stdout).not.toContain(KEY);
    // --status only reads: it never asks the model.
    expect(server.requests.length).toBe(asked);

    // The key works again: the app's next pass embeds, and every process's status is clear.
    server.failWith(null);
    await ok(host, 'memory.embedNow', { projectId: project.id });
    await statusWhen(host, project.id, (s) => s.state === 'ready');
    const after = JSON.parse((await status('--json')).stdout) as EmbeddingStatus;
    expect(after).toMatchObject({ state: 'ready', error: null, retryAt: null, failedAt: null, embedded: 1 });
  });
});
