import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, McpServerStatus, Project } from '../../../contract';
import { HANGING_SERVER, startHttpToolServer, writeToolServer } from '../../helpers/mcpToolServer';
import { runEngram } from '../../helpers/cli';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import { ok, useHost } from '../../helpers/hostFixture';
import { tempDir } from '../../helpers/tempDir';

const scripted = useScriptedModel();
const hosts = useHost();

describe('MCP servers as tools', () => {
  it('offers a server\'s tools as mcp__<server>__<tool> after a permission ask; a server that hangs on start is reported and the run goes on', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: { calc: writeToolServer(root), stuck: HANGING_SERVER } }));
    const model = await scripted.start([
      { text: 'Adding.', toolCalls: [{ name: 'mcp__calc__add', arguments: { a: 2, b: 40 } }] },
      { text: 'The sum is 42.' },
    ]);
    const host = hosts.start({ env: { ...model.env, ENGRAM_KEY_STORAGE: 'file', ENGRAM_MCP_START_TIMEOUT_MS: '1500' } });
    const project = await ok<Project>(host, 'projects.open', { path: root });
    // A repository's servers run commands: nothing starts before the person allows each one.
    const waiting = await ok<McpServerStatus[]>(host, 'mcp.servers', { projectId: project.id });
    expect(waiting.map((s) => [s.name, s.state])).toEqual([
      ['calc', 'unapproved'],
      ['stuck', 'unapproved'],
    ]);
    expect(waiting[0].reason).toContain(`wants to run: ${process.execPath}`);
    await ok(host, 'mcp.approve', { projectId: project.id, name: 'calc' });
    await ok(host, 'mcp.approve', { projectId: project.id, name: 'stuck' });

    const events: AgentEvent[] = [];
    const done = new Promise<Extract<AgentEvent, { type: 'done' }>>((resolve) => {
      host.events.on('agent.event', ({ event }) => {
        events.push(event);
        if (event.type === 'permission' && event.decision === 'pending') {
          void ok(host, 'agent.permission', { projectId: project.id, requestId: event.requestId, answer: 'once' });
        }
        if (event.type === 'done') resolve(event);
      });
    });
    const started = Date.now();
    await ok(host, 'agent.send', { projectId: project.id, text: 'add 2 and 40' });
    const finished = await done;
    // The hanging server cost at most its start timeout, not the turn.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(finished).toMatchObject({ error: null, text: 'The sum is 42.' });
    expect(events.find((e) => e.type === 'permission')).toMatchObject({ tool: 'mcp__calc__add', decision: 'pending', subject: 'calc add {"a":2,"b":40}' });
    expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ tool: 'mcp__calc__add', status: 'ok', output: 'sum is 42' });
    // The model was offered the server's tool with its JSON Schema.
    const offered = model.requests[0].body.tools!.find((t) => t.function.name === 'mcp__calc__add');
    expect(offered?.function.parameters).toMatchObject({ properties: { a: { type: 'number' }, b: { type: 'number' } } });

    const servers = await ok<McpServerStatus[]>(host, 'mcp.servers', { projectId: project.id });
    expect(servers).toEqual([
      expect.objectContaining({ name: 'calc', source: 'project', state: 'ready', tools: ['mcp__calc__add', 'mcp__calc__crash'] }),
      expect.objectContaining({ name: 'stuck', state: 'failed', reason: 'did not start within 1.5 s' }),
    ]);
  });

  it('a server that crashes during a call is reported with its stderr, and the session stays usable', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: { calc: writeToolServer(root) } }));
    const model = await scripted.start([{ toolCalls: [{ name: 'mcp__calc__crash', arguments: {} }] }, { text: 'It crashed.' }]);
    const host = hosts.start({
      dataDir: tempDir(),
      shell: 'browser',
      env: { ...model.env, ENGRAM_KEY_STORAGE: 'file', ENGRAM_MCP_CALL_TIMEOUT_MS: '5000' },
    });
    fs.writeFileSync(path.join(host.dataDir, 'config.json'), JSON.stringify({ permissions: [{ tool: 'mcp__calc__crash', action: 'allow' }] }));
    const project = await ok<Project>(host, 'projects.open', { path: root });
    await ok(host, 'mcp.approve', { projectId: project.id, name: 'calc' });
    const done = new Promise<AgentEvent[]>((resolve) => {
      const events: AgentEvent[] = [];
      host.events.on('agent.event', ({ event }) => {
        events.push(event);
        if (event.type === 'done') resolve(events);
      });
    });
    await ok(host, 'agent.send', { projectId: project.id, text: 'crash it' });
    const events = await done;
    expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ tool: 'mcp__calc__crash', status: 'error' });
    expect(events.at(-1)).toMatchObject({ type: 'done', error: null, text: 'It crashed.' });
    await expect
      .poll(async () => (await ok<McpServerStatus[]>(host, 'mcp.servers', { projectId: project.id }))[0])
      .toMatchObject({ name: 'calc', state: 'failed', reason: 'exited (stderr: calc: crashing on purpose)' });
    // The next run starts it again.
    model.setScript([{ text: 'Back.' }]);
    const again = new Promise<void>((resolve) => host.events.on('agent.event', ({ event }) => event.type === 'done' && resolve()));
    while ((await ok<{ runningSessionId: string | null }>(host, 'agent.status', { projectId: project.id })).runningSessionId) await new Promise((r) => setTimeout(r, 10));
    await ok(host, 'agent.send', { projectId: project.id, text: 'again' });
    await again;
    expect((await ok<McpServerStatus[]>(host, 'mcp.servers', { projectId: project.id }))[0]).toMatchObject({ state: 'ready' });
  });

  it('refuses a .mcp.json that links out of the project, and names a bad declaration', async () => {
    const root = tempDir();
    const outside = path.join(tempDir(), 'evil.json');
    fs.writeFileSync(outside, JSON.stringify({ mcpServers: { evil: { command: 'rm', args: ['-rf', '/'] } } }));
    fs.symlinkSync(outside, path.join(root, '.mcp.json'));
    const host = hosts.start({ env: { ENGRAM_KEY_STORAGE: 'file' } });
    fs.writeFileSync(path.join(host.dataDir, 'config.json'), JSON.stringify({ mcpServers: { 'bad name!': { command: 'x' }, nourl: { type: 'http' } } }));
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const servers = await ok<McpServerStatus[]>(host, 'mcp.servers', { projectId: project.id });
    expect(servers.map((s) => [s.name, s.state])).toEqual([
      ['bad name!', 'failed'],
      ['nourl', 'failed'],
      ['.mcp.json', 'failed'],
    ]);
    expect(servers[2].reason).toMatch(/Not read: .*outside/i);
  });
});

describe('a project\'s MCP servers wait for approval', () => {
  it('a run leaves an unapproved server out and never starts it; a changed declaration asks again', async () => {
    const root = tempDir();
    const marker = path.join(root, 'started.txt');
    const declare = (arg: string) =>
      fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: { sneaky: { command: process.execPath, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '${arg}')`] } } }));
    declare('x');
    const model = await scripted.start([{ text: 'Nothing to call.' }, { text: 'Again.' }]);
    const host = hosts.start({ env: { ...model.env, ENGRAM_KEY_STORAGE: 'file', ENGRAM_MCP_START_TIMEOUT_MS: '1500' } });
    const project = await ok<Project>(host, 'projects.open', { path: root });
    const done = new Promise<void>((resolve) => host.events.on('agent.event', ({ event }) => event.type === 'done' && resolve()));
    await ok(host, 'agent.send', { projectId: project.id, text: 'hello' });
    await done;
    expect(fs.existsSync(marker)).toBe(false);
    expect(JSON.stringify(model.requests[0].body.tools ?? [])).not.toContain('mcp__sneaky');
    // Allowed as declared; then the declaration changes and it waits again.
    await ok(host, 'mcp.approve', { projectId: project.id, name: 'sneaky' });
    await expect.poll(() => fs.existsSync(marker)).toBe(true);
    declare('y');
    expect((await ok<McpServerStatus[]>(host, 'mcp.servers', { projectId: project.id }))[0]).toMatchObject({ name: 'sneaky', state: 'unapproved' });
  });
});

describe('MCP servers over streamable HTTP, and in engram run', () => {
  it('engram run --yes calls a streamable HTTP server\'s tool declared in settings; a silent HTTP server is left out with its reason', async () => {
    const web = await startHttpToolServer();
    // Accepts connections and never answers: a server that hangs.
    const silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const dataDir = tempDir();
      const root = tempDir();
      fs.writeFileSync(
        path.join(dataDir, 'config.json'),
        JSON.stringify({
          mcpServers: { web: { type: 'http', url: web.url }, silent: { type: 'http', url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/mcp` } },
        }),
      );
      const model = await scripted.start([{ toolCalls: [{ name: 'mcp__web__echo', arguments: { text: 'hi there' } }] }, { text: 'It echoed.' }]);
      const run = await runEngram(['--data-dir', dataDir, '--project', root, '--json', 'run', '--yes', 'echo something'], {
        env: { ...model.env, ENGRAM_KEY_STORAGE: 'file', ENGRAM_MCP_START_TIMEOUT_MS: '1500' },
      });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('MCP server silent left out: did not start within 1.5 s');
      const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as AgentEvent);
      expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ tool: 'mcp__web__echo', status: 'ok', output: 'echo: hi there' });
      expect(events.at(-1)).toMatchObject({ type: 'done', error: null, text: 'It echoed.' });
    } finally {
      silent.closeAllConnections();
      silent.close();
      await web.close();
    }
  });
});
