import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { AppNotice } from '../../../contract';
import { runEngram } from '../../helpers/cli';
import { newProject, runAgentCli, eventsOf } from '../../helpers/agentCli';
import { damageMemoryIndex, pagesOf, scribbleOverPageNumbers, scribbleOverPages } from '../../helpers/corruptDatabase';
import { ok, useHost } from '../../helpers/hostFixture';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import { tempDir } from '../../helpers/tempDir';

const ENTRIES = 3_000;
const scripted = useScriptedModel({ per: 'file' });
const hosts = useHost();

/**
 * A project written through the product: 3,000 imported memory entries (one timeline event
 * each) and three agent sessions from `engram run` against a scripted model (messages, a tool
 * call, usage). What the CLI shows of them before any damage is kept to compare with.
 */
let seeded: { root: string; dataDir: string; sessionIds: string[]; usage: unknown; timeline: Array<Record<string, unknown>> };

const cli = (dataDir: string, ...args: string[]) => runEngram(['--project', seeded.root, '--data-dir', dataDir, '--json', ...args], { timeoutMs: 120_000 });

beforeAll(async () => {
  const project = newProject({ 'src/app.ts': 'export const answer = 42;\n' });
  const lines = Array.from({ length: ENTRIES }, (_, i) => JSON.stringify({ text: `Fact ${i}: the okapi service ${i % 7 ? 'caches' : 'retries'} request ${i} for ${i % 60} seconds`, kind: 'knowledge' }));
  fs.writeFileSync(path.join(project.root, 'import.jsonl'), lines.join('\n') + '\n');
  const imported = await runEngram(['--project', project.root, '--data-dir', project.dataDir, 'memory', 'import', path.join(project.root, 'import.jsonl')], { timeoutMs: 120_000 });
  expect(imported.code, imported.stderr).toBe(0);
  const model = await scripted.start([
    { text: 'Reading it. ', toolCalls: [{ name: 'read', arguments: { file_path: 'src/app.ts' } }], usage: { prompt_tokens: 1200, completion_tokens: 30 } },
    { text: 'It exports 42.', usage: { prompt_tokens: 1300, completion_tokens: 12 } },
    { text: 'Second answer.', usage: { prompt_tokens: 900, completion_tokens: 20 } },
    { text: 'Third answer.', usage: { prompt_tokens: 700, completion_tokens: 9 } },
  ]);
  const sessionIds: string[] = [];
  for (const prompt of ['what does src/app.ts export?', 'second question', 'third question']) {
    const run = await runAgentCli(project, model, [prompt]);
    expect(run.code, run.stderr).toBe(0);
    sessionIds.push(eventsOf(run.events, 'session')[0].sessionId as string);
  }
  seeded = { ...project, sessionIds, usage: null, timeline: [] };
  const usage = await cli(project.dataDir, 'usage');
  expect(usage.code, usage.stderr).toBe(0);
  seeded.usage = JSON.parse(usage.stdout);
  expect(seeded.usage).toMatchObject({ requests: 4, inputTokens: 4100 });
  const timeline = await cli(project.dataDir, 'memory', 'timeline', '--limit', '10000');
  seeded.timeline = JSON.parse(timeline.stdout);
  expect(seeded.timeline.length).toBeGreaterThanOrEqual(ENTRIES);
  // Everything in the main file, so damage written over it is what every reader meets.
  expect(fs.existsSync(path.join(project.dataDir, 'engram.db-wal'))).toBe(false);
}, 240_000);

/** The seeded data folder, copied fresh for a case. */
function copyOfData(): string {
  const data = tempDir('engram-salvage-data-');
  for (const name of fs.readdirSync(seeded.dataDir)) {
    if (fs.statSync(path.join(seeded.dataDir, name)).isFile()) fs.copyFileSync(path.join(seeded.dataDir, name), path.join(data, name));
  }
  return data;
}

const asideFiles = (data: string) => fs.readdirSync(data).filter((n) => /^engram\.db\.corrupt-/.test(n) && !/-(wal|shm)$/.test(n));
const KEPT_ALL = new RegExp(`Kept from it: 3 agent sessions \\(\\d+ messages\\), ${ENTRIES.toLocaleString('en-US')} timeline events, 4 usage records[,.]`);

async function sessionIdsIn(host: ReturnType<typeof hosts.start>, projectId: string): Promise<string[]> {
  return (await ok<Array<{ id: string }>>(host, 'sessions.list', { projectId })).map((s) => s.id).sort();
}

describe('a rebuilt engram.db keeps what only the damaged one held', () => {
  it('at open (memory reindex): sessions, the timeline and usage come back; the line says what was kept', async () => {
    const data = copyOfData();
    expect(damageMemoryIndex(data)).toBeGreaterThan(10);
    const r = await cli(data, 'memory', 'reindex');
    expect(r.code, r.stderr).toBe(0);
    const said = r.stderr.split('\n').filter((l) => l.includes('engram.db'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/moved it to .*engram\.db\.corrupt-\S+ and started a fresh one/);
    expect(said[0]).toMatch(KEPT_ALL);
    expect(said[0]).not.toMatch(/could not be read/);
    expect(asideFiles(data)).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ entries: ENTRIES });

    expect(JSON.parse((await cli(data, 'usage')).stdout)).toEqual(seeded.usage);
    expect(JSON.parse((await cli(data, 'memory', 'timeline', '--limit', '10000')).stdout)).toEqual(seeded.timeline);
    // A kept session goes on with its whole history: the model is sent the earlier turns.
    const model = await scripted.start([{ text: 'Still 42.' }]);
    const again = await runAgentCli({ root: seeded.root, dataDir: data }, model, ['--session', seeded.sessionIds[0], 'and now?']);
    expect(again.code, again.stderr).toBe(0);
    const sent = model.requests[0].body.messages;
    expect(sent.filter((m) => m.role === 'tool')).toHaveLength(1);
    expect(JSON.stringify(sent)).toContain('what does src/app.ts export?');
  });

  it('in a one-shot command that meets the damage while it runs (memory search): the same is kept', async () => {
    const data = copyOfData();
    damageMemoryIndex(data);
    const r = await cli(data, 'memory', 'search', 'okapi retries request 1234');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/database disk image is malformed.*moved it to .*engram\.db\.corrupt-/);
    expect(r.stderr).toMatch(KEPT_ALL);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
    expect(JSON.parse((await cli(data, 'usage')).stdout)).toEqual(seeded.usage);
    expect(JSON.parse((await cli(data, 'memory', 'timeline', '--limit', '10000')).stdout)).toEqual(seeded.timeline);
  });

  it('at the start of the app: the sessions are listed and the window is told what was kept', async () => {
    const data = copyOfData();
    damageMemoryIndex(data);
    const host = hosts.start({ dataDir: data });
    const { notices } = await ok<{ notices: AppNotice[] }>(host, 'app.notices', {});
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'database-rebuilt' });
    expect(notices[0].message).toMatch(/^Engram's database was damaged; it was moved to .*engram\.db\.corrupt-\S+ and rebuilt from your projects' files/);
    expect(notices[0].message).toMatch(KEPT_ALL);
    const project = await ok<{ id: string }>(host, 'projects.open', { path: seeded.root });
    expect(await sessionIdsIn(host, project.id)).toEqual([...seeded.sessionIds].sort());
    const timeline = await ok<{ total: number }>(host, 'memory.timeline', { projectId: project.id, limit: 10 });
    expect(timeline.total).toBe(seeded.timeline.length);
    expect(await ok(host, 'usage.report', {})).toMatchObject({ totals: { requests: 4, inputTokens: 4100 } });
  });

  it('in a running host: the rebuild keeps the sessions, timeline and usage the window shows', async () => {
    const data = copyOfData();
    const host = hosts.start({ dataDir: data });
    const notices: AppNotice[] = [];
    host.events.on('app.notice', (n) => notices.push(n));
    const project = await ok<{ id: string }>(host, 'projects.open', { path: seeded.root });
    const usageBefore = await ok(host, 'usage.report', {});
    expect(await sessionIdsIn(host, project.id)).toEqual([...seeded.sessionIds].sort());
    expect((await ok<{ hits: unknown[] }>(host, 'memory.search', { projectId: project.id, query: 'okapi retries' })).hits.length).toBeGreaterThan(0);

    damageMemoryIndex(data);
    const after = await ok<{ hits: Array<{ text: string }> }>(host, 'memory.search', { projectId: project.id, query: 'request 1234' });
    expect(after.hits[0].text).toContain('request 1234 ');
    expect(notices).toHaveLength(1);
    expect(notices[0].message).toMatch(KEPT_ALL);
    expect((await ok<{ notices: AppNotice[] }>(host, 'app.notices', {})).notices).toEqual(notices);
    expect(asideFiles(data)).toHaveLength(1);
    expect(await sessionIdsIn(host, project.id)).toEqual([...seeded.sessionIds].sort());
    const opened = await ok<{ items: unknown[] }>(host, 'sessions.open', { id: seeded.sessionIds[0] });
    expect(JSON.stringify(opened.items)).toContain('what does src/app.ts export?');
    expect(await ok(host, 'usage.report', {})).toEqual(usageBefore);
    expect((await ok<{ total: number }>(host, 'memory.timeline', { projectId: project.id, limit: 10 })).total).toBe(seeded.timeline.length);
  });

  it('a table whose pages are garbage loses only the rows on those pages', async () => {
    const data = copyOfData();
    const file = path.join(data, 'engram.db');
    const leaves = pagesOf(file, ['memory_events']).filter((p) => p.pagetype === 'leaf');
    expect(leaves.length).toBeGreaterThan(20);
    // Three leaves in the middle, two of them side by side: the rows before, between and after them stay readable.
    const damaged = [leaves[5], leaves[6], leaves[12]];
    const lost = damaged.reduce((sum, p) => sum + p.ncell, 0);
    scribbleOverPageNumbers(file, damaged.map((p) => p.pageno));

    const r = await cli(data, 'memory', 'reindex');
    expect(r.code, r.stderr).toBe(0);
    const total = seeded.timeline.length;
    const kept = total - lost;
    expect(r.stderr).toContain(`${kept.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} timeline events`);
    expect(r.stderr).toMatch(/3 agent sessions \(\d+ messages\)/);
    expect(r.stderr).toContain('What could not be read stays in the moved file.');

    const timeline = JSON.parse((await cli(data, 'memory', 'timeline', '--limit', '10000')).stdout) as Array<Record<string, unknown>>;
    expect(timeline).toHaveLength(kept);
    // Every event kept is one there was, in the same order; the oldest and the newest are there.
    const before = seeded.timeline.map((e) => JSON.stringify(e));
    const positions = timeline.map((e) => before.indexOf(JSON.stringify(e)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(timeline[0]).toEqual(seeded.timeline[0]);
    expect(timeline.at(-1)).toEqual(seeded.timeline.at(-1));
    expect(JSON.parse((await cli(data, 'usage')).stdout)).toEqual(seeded.usage);
  });

  it('sessions whose table is garbage: their messages cannot be kept, their usage is (without the session)', async () => {
    const data = copyOfData();
    const file = path.join(data, 'engram.db');
    scribbleOverPageNumbers(file, pagesOf(file, ['agent_sessions']).map((p) => p.pageno));
    const r = await cli(data, 'memory', 'reindex');
    expect(r.code, r.stderr).toBe(0);
    // The sessions' index still counts them; their messages point at sessions that are gone.
    expect(r.stderr).toMatch(/Kept from it: 0 of 3 agent sessions \(0 of \d+ messages\), 3,000 timeline events, 4 usage records/);
    expect(r.stderr).toContain('What could not be read stays in the moved file.');
    const usage = JSON.parse((await cli(data, 'usage')).stdout);
    expect(usage).toEqual(seeded.usage);
  });

  it('a damaged file of another schema version: the columns both have are copied', async () => {
    const data = copyOfData();
    const file = path.join(data, 'engram.db');
    const other = new Database(file);
    // Older in one table (no cache token counts per session), newer in another (a column this Engram does not know).
    other.exec(`ALTER TABLE agent_sessions DROP COLUMN cache_read_tokens; ALTER TABLE memory_events ADD COLUMN origin TEXT NOT NULL DEFAULT 'elsewhere'`);
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    damageMemoryIndex(data);
    const host = hosts.start({ dataDir: data });
    const { notices } = await ok<{ notices: AppNotice[] }>(host, 'app.notices', {});
    expect(notices[0].message).toMatch(KEPT_ALL);
    const project = await ok<{ id: string }>(host, 'projects.open', { path: seeded.root });
    const sessions = await ok<Array<{ id: string; cacheReadTokens: number; inputTokens: number }>>(host, 'sessions.list', { projectId: project.id });
    expect(sessions.map((s) => s.id).sort()).toEqual([...seeded.sessionIds].sort());
    expect(sessions.every((s) => s.cacheReadTokens === 0 && s.inputTokens > 0)).toBe(true);
    expect((await ok<{ total: number }>(host, 'memory.timeline', { projectId: project.id, limit: 10 })).total).toBe(seeded.timeline.length);
  });

  it('a moved-aside file that cannot be opened at all: the app starts with the plain notice and the memory rebuilt', async () => {
    const data = copyOfData();
    scribbleOverPages(path.join(data, 'engram.db'), { from: 0, to: 0.02, seed: 5 });
    const host = hosts.start({ dataDir: data });
    const { notices } = await ok<{ notices: AppNotice[] }>(host, 'app.notices', {});
    expect(notices).toHaveLength(1);
    expect(notices[0].message).toMatch(/rebuilt from your projects' files .*Nothing could be read back from it \(.+\): agent sessions, timeline history and usage from before stay in the moved file\.$/);
    expect(asideFiles(data)).toHaveLength(1);
    const project = await ok<{ id: string }>(host, 'projects.open', { path: seeded.root });
    expect(await sessionIdsIn(host, project.id)).toEqual([]);
    expect((await ok<{ hits: Array<{ text: string }> }>(host, 'memory.search', { projectId: project.id, query: 'request 2345' })).hits[0].text).toContain('request 2345 ');
  });
});
