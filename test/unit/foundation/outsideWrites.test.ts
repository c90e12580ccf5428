import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import { openDatabase, type Database } from '../../../main/db/database';
import { SessionStore } from '../../../main/agent/sessions/sessionStore';
import { DreamStore } from '../../../main/dream/dreamStore';
import type { AgentSessionSummary, ApiEventName, Project } from '../../../contract';
import { tempDir } from '../../helpers/tempDir';

let host: Host | null = null;
let other: Database | null = null;
afterEach(() => {
  host?.close();
  other?.close();
  host = other = null;
});

async function ok<T>(h: Host, method: string, params: unknown): Promise<T> {
  const answer = await h.handle(method, params);
  if ('error' in answer) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

/** The host, a project open in it, and every event it emits from now on. */
async function hostWithProject() {
  const dataDir = tempDir();
  host = new Host({ dataDir, shell: 'browser', env: {} });
  const a = await ok<Project>(host, 'projects.open', { path: tempDir() });
  const b = await ok<Project>(host, 'projects.open', { path: tempDir() });
  const events: Array<{ event: ApiEventName; projectId?: string }> = [];
  host.events.onAny((event, payload) => events.push({ event, projectId: (payload as { projectId?: string }).projectId }));
  // A second connection to the same engram.db: what another process (the CLI) is to the host.
  other = openDatabase(dataDir);
  return { host, a, b, events, other };
}

describe("the host notices other processes' writes to engram.db", () => {
  it('tells only the project and the views a write concerns', async () => {
    const { a, b, events, other } = await hostWithProject();
    new SessionStore(other).create({ projectPath: a.path, title: 'Written by the CLI', mode: 'build', system: '', model: null });
    await expect.poll(() => events.filter((e) => e.event === 'agent.changed'), { timeout: 10_000 }).toEqual([{ event: 'agent.changed', projectId: a.id }]);
    expect((await ok<AgentSessionSummary[]>(host!, 'sessions.list', { projectId: a.id })).map((s) => s.title)).toEqual(['Written by the CLI']);
    expect(events.some((e) => e.event === 'dreams.changed' || e.event === 'memory.changed' || e.event === 'usage.changed')).toBe(false);

    events.length = 0;
    const at = new Date().toISOString();
    new DreamStore(other).insert(
      { id: 'd-outside', project: b.path, startedAt: at, finishedAt: at, status: 'done', llm: false, merged: 1, pathsFixed: 0, pathsFlagged: 0, promoted: 0, superseded: 0, bytesBefore: 10, bytesAfter: 9, report: '' } as never,
      [],
    );
    await expect.poll(() => events.filter((e) => e.event === 'dreams.changed'), { timeout: 10_000 }).toEqual([{ event: 'dreams.changed', projectId: b.id }]);
    expect(events.some((e) => e.event === 'agent.changed' || e.event === 'memory.changed')).toBe(false);
  });

  it("is not woken by the host's own writes (they send their own events)", async () => {
    const { a, events, other } = await hostWithProject();
    const session = new SessionStore(other).create({ projectPath: a.path, title: 'First', mode: 'build', system: '', model: null });
    await expect.poll(() => events.some((e) => e.event === 'agent.changed'), { timeout: 10_000 }).toBe(true);
    events.length = 0;
    // PRAGMA data_version moves only for other connections' commits: the host's own rename,
    // which answers its caller, sends nothing more over the next polls.
    await ok(host!, 'sessions.rename', { id: session.id, title: 'Renamed here' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(events).toEqual([]);
  });
});
