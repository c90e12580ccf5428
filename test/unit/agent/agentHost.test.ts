import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, AgentSessionSummary, AgentStatus, Project } from '../../../contract';
import { ok, useHost } from '../../helpers/hostFixture';
import { tempDir } from '../../helpers/tempDir';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();
const hosts = useHost();

describe('the agent through the Host API', () => {
  it('explains how to configure a provider when none is, and the rest keeps working', async () => {
    const host = hosts.start({ env: {} });
    const project = await ok<Project>(host, 'projects.open', { path: tempDir() });
    const status = await ok<AgentStatus>(host, 'agent.status', { projectId: project.id });
    expect(status).toMatchObject({ configured: false, problem: 'No model provider is configured.' });
    expect(status.howTo).toContain('ENGRAM_PROVIDER');
    expect(await host.handle('agent.send', { projectId: project.id, text: 'hi' })).toMatchObject({
      error: { code: 'unsupported', message: expect.stringContaining('No model provider') },
    });
    expect(await ok(host, 'sessions.list', { projectId: project.id })).toEqual([]);
  });

  it('layers settings: data-dir config, then the project config, then the environment; keys never from a repo', async () => {
    const dataDir = tempDir();
    const root = tempDir();
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'from-data-dir' }));
    fs.mkdirSync(path.join(root, '.engram'));
    fs.writeFileSync(path.join(root, '.engram', 'config.json'), JSON.stringify({ model: 'from-project', apiKey: 'sk-leaked', contextWindow: 64000 }));
    const statusWith = async (env: NodeJS.ProcessEnv) => {
      const h = hosts.start({ dataDir, env });
      try {
        const p = await ok<Project>(h, 'projects.open', { path: root });
        return await ok<AgentStatus>(h, 'agent.status', { projectId: p.id });
      } finally {
        h.close();
      }
    };
    // A key in the repository's config is refused with a reason that names the field, never the key.
    const refused = await statusWith({});
    expect(refused).toMatchObject({ configured: false, problem: expect.stringContaining('holds "apiKey"') });
    expect(JSON.stringify(refused)).not.toContain('sk-leaked');
    fs.writeFileSync(path.join(root, '.engram', 'config.json'), JSON.stringify({ model: 'from-project', contextWindow: 64000 }));
    const fromFiles = await statusWith({});
    expect(fromFiles).toMatchObject({ configured: true, model: 'from-project', baseUrl: 'http://127.0.0.1:9/v1', contextWindow: 64000 });
    expect(await statusWith({ ENGRAM_MODEL: 'from-env', ENGRAM_CONTEXT_WINDOW: '8000' })).toMatchObject({ model: 'from-env', contextWindow: 8000 });
    expect(await statusWith({ ENGRAM_PROVIDER: 'anthropic' })).toMatchObject({ configured: false, problem: expect.stringContaining('ANTHROPIC_API_KEY') });
    expect(await statusWith({ ENGRAM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'k' })).toMatchObject({ configured: true, provider: 'anthropic' });

    // A broken data-dir file is reported and skipped, never half-applied.
    fs.writeFileSync(path.join(dataDir, 'config.json'), '{ not json');
    const broken = await statusWith({});
    expect(broken).toMatchObject({ configured: false, model: 'from-project' });
    expect(broken.warnings.join(' ')).toContain('not valid JSON');
  });

  it('streams a run as events, asks permission through the API, and manages sessions', async () => {
    const model = await scripted.start([
      { text: 'Let me check.', toolCalls: [{ name: 'bash', arguments: { command: 'echo from-bash > out.txt' } }] },
      { text: 'All done.' },
    ]);
    const root = tempDir();
    const host = hosts.start({ env: model.env });
    const project = await ok<Project>(host, 'projects.open', { path: root });
    expect(await ok<AgentStatus>(host, 'agent.status', { projectId: project.id })).toMatchObject({ configured: true, model: 'scripted' });

    const events: AgentEvent[] = [];
    const finished = new Promise<void>((resolve) => {
      host.events.on('agent.event', ({ event }) => {
        events.push(event);
        if (event.type === 'permission' && event.decision === 'pending') {
          void ok(host, 'agent.permission', { projectId: project.id, requestId: event.requestId, answer: 'once' });
        }
        if (event.type === 'done') resolve();
      });
    });
    const { sessionId } = await ok<{ sessionId: string }>(host, 'agent.send', { projectId: project.id, text: 'write out.txt', mode: 'build' });
    await finished;
    expect(fs.readFileSync(path.join(root, 'out.txt'), 'utf8')).toBe('from-bash\n');
    expect(events.map((e) => (e.type === 'permission' ? `permission:${e.decision}` : e.type))).toEqual([
      'session', 'text', 'tool_call', 'permission:pending', 'permission:allow', 'tool_result', 'text', 'done',
    ]);
    expect(events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join('')).toBe('Let me check.All done.');

    const [listed] = await ok<AgentSessionSummary[]>(host, 'sessions.list', { projectId: project.id });
    expect(listed).toMatchObject({ id: sessionId, title: 'write out.txt', inputTokens: 200, outputTokens: 20 });
    const opened = await ok<{ items: Array<{ kind: string; status?: string; output?: string }> }>(host, 'sessions.open', { id: sessionId });
    expect(opened.items.map((i) => i.kind)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(opened.items[2]).toMatchObject({ status: 'ok', output: expect.stringContaining('exit code 0') });
    await ok(host, 'sessions.rename', { id: sessionId, title: 'Bash demo' });
    expect((await ok<AgentSessionSummary[]>(host, 'sessions.list', { projectId: project.id }))[0].title).toBe('Bash demo');
    expect(await ok(host, 'sessions.delete', { id: sessionId })).toEqual({ deleted: true });
    expect(await host.handle('sessions.open', { id: sessionId })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('"Allow for session" lasts the session: not asked again next turn, asked again in a new session', async () => {
    const bash = { name: 'bash', arguments: { command: 'echo turn >> turns.txt' } };
    const model = await scripted.start([{ toolCalls: [bash] }, { text: 'one' }, { toolCalls: [bash] }, { text: 'two' }, { toolCalls: [bash] }, { text: 'three' }]);
    const root = tempDir();
    const host = hosts.start({ env: model.env });
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const turn = async (sessionId: string | null, answer: 'once' | 'session' | 'deny') => {
      const events: AgentEvent[] = [];
      const done = new Promise<void>((resolve) => {
        const off = host.events.on('agent.event', ({ event }) => {
          events.push(event);
          if (event.type === 'permission' && event.decision === 'pending') {
            void ok(host, 'agent.permission', { projectId: project.id, requestId: event.requestId, answer });
          }
          if (event.type === 'done') {
            off();
            resolve();
          }
        });
      });
      const sent = await ok<{ sessionId: string }>(host, 'agent.send', { projectId: project.id, text: 'append a line', sessionId });
      await done;
      // The pane may send again once the project's run is over (agent.changed says so).
      for (;;) {
        let off = () => {};
        const changed = new Promise<void>((resolve) => (off = host.events.on('agent.changed', () => resolve())));
        const running = (await ok<AgentStatus>(host, 'agent.status', { projectId: project.id })).runningSessionId;
        if (running) await changed;
        off();
        if (!running) break;
      }
      const asked = events.filter((e) => e.type === 'permission').map((e) => (e as { decision: string }).decision);
      return { sessionId: sent.sessionId, asked };
    };

    const first = await turn(null, 'session');
    expect(first.asked).toEqual(['pending', 'allow']);
    const second = await turn(first.sessionId, 'deny');
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.asked).toEqual([]);
    const other = await turn(null, 'deny');
    expect(other.sessionId).not.toBe(first.sessionId);
    expect(other.asked).toEqual(['pending', 'deny']);
    expect(fs.readFileSync(path.join(root, 'turns.txt'), 'utf8')).toBe('turn\nturn\n');
  });
});
