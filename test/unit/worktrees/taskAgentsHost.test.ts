import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentSessionSummary, ApiEvents, Project, TaskWorktreeBoard, TerminalInfo } from '../../../contract';
import { ENGRAM_BIN, REPO_ROOT } from '../../helpers/cli';
import { forkPtyHost } from '../../../main/pty/core/ptyHostProcess';
import { newGitProject } from '../../helpers/gitProject';
import type { ScriptedModel } from '../../helpers/scriptedModel';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import { ok, useHost } from '../../helpers/hostFixture';
import { tempDir } from '../../helpers/tempDir';

const scripted = useScriptedModel();
let model: ScriptedModel | null = null;
const hosts = useHost();

async function until<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (check(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}


describe('task agents through the Host API', () => {
  it('says why agents cannot start in a folder that is not a git repository', async () => {
    const host = hosts.start({ env: {} });
    const project = await ok<Project>(host, 'projects.open', { path: tempDir() });
    const task = await ok<{ id: string }>(host, 'tasks.create', { projectId: project.id, title: 'Anything' });
    const board = await ok<TaskWorktreeBoard>(host, 'worktrees.list', { projectId: project.id });
    expect(board).toMatchObject({ available: false, worktrees: [] });
    expect(board.reason).toMatch(/is not a git repository: run `git init` and commit once/);
    expect(await host.handle('worktrees.start', { projectId: project.id, taskId: task.id })).toMatchObject({
      error: { code: 'unsupported', message: expect.stringMatching(/not a git repository/) },
    });
  });

  it('runs a task agent in its worktree: waits on the card for a permission, streams events with its task, belongs to the main project, opens a terminal there', async () => {
    const repo = newGitProject();
    model = await scripted.start((request) => {
      const last = request.body.messages.at(-1)!;
      if (last.role !== 'user') return { text: 'Recorded where I am.' };
      return String(last.content).includes('second file')
        ? { toolCalls: [{ name: 'write', arguments: { file_path: 'second.txt', content: 'two\n' } }] }
        : { toolCalls: [{ name: 'bash', arguments: { command: 'pwd > where.txt' } }] };
    });
    // The built PTY host (npm test builds first): "Open terminal here" starts a real shell.
    const host = hosts.start({ dataDir: repo.dataDir, env: model.env, spawnPtyHost: forkPtyHost(path.join(REPO_ROOT, 'out', 'main', 'ptyHost.js')) });
    const events: Array<ApiEvents['agent.event']> = [];
    host.events.on('agent.event', (e) => events.push(e));
    const project = await ok<Project>(host, 'projects.open', { path: repo.root });
    const task = await ok<{ id: string }>(host, 'tasks.create', { projectId: project.id, title: 'Say where you are' });
    const started = await ok<{ sessionId: string; path: string; branch: string }>(host, 'worktrees.start', { projectId: project.id, taskId: task.id });
    expect(started.branch).toBe(`engram/${task.id}`);

    const list = () => ok<TaskWorktreeBoard>(host, 'worktrees.list', { projectId: project.id });
    const waiting = await until(list, (b) => b.worktrees[0]?.state === 'waiting', 'the permission ask');
    expect(waiting).toMatchObject({ available: true, currentBranch: 'main' });
    expect(waiting.worktrees[0]).toMatchObject({ taskId: task.id, session: started.sessionId, path: started.path, permission: { tool: 'bash', subject: 'pwd > where.txt' } });
    expect(await ok(host, 'projects.status', {})).toEqual({ [project.id]: expect.objectContaining({ agent: 'waiting' }) });
    // A session of a running task cannot be deleted from the Agent tab.
    expect(await host.handle('sessions.delete', { id: started.sessionId })).toMatchObject({ error: { code: 'unsupported' } });

    expect(await ok(host, 'agent.permission', { projectId: project.id, requestId: waiting.worktrees[0].permission!.requestId, answer: 'once' })).toEqual({ answered: true });
    const done = await until(list, (b) => b.worktrees[0]?.state === 'done', 'the run to end');
    expect(done.worktrees[0]).toMatchObject({ files: [expect.objectContaining({ path: 'where.txt', change: 'added' })], added: 1, removed: 0, uncommitted: true, permission: null });
    // The command ran in the worktree.
    expect(fs.readFileSync(path.join(started.path, 'where.txt'), 'utf8').trim()).toBe(fs.realpathSync(started.path));

    // Its events carry the task; the session is the main project's, listed in its Agent tab.
    expect(events.every((e) => e.taskId === task.id && e.projectId === project.id)).toBe(true);
    expect(events.map((e) => e.event.type)).toEqual(expect.arrayContaining(['session', 'permission', 'tool_call', 'tool_result', 'done']));
    const sessions = await ok<AgentSessionSummary[]>(host, 'sessions.list', { projectId: project.id });
    expect(sessions.map((s) => s.id)).toContain(started.sessionId);

    // Continuing the task's session from the Agent tab runs in the task's worktree, not the main checkout.
    const again = await ok<{ sessionId: string }>(host, 'agent.send', { projectId: project.id, text: 'Write the second file', sessionId: started.sessionId });
    expect(again.sessionId).toBe(started.sessionId);
    await until(list, (b) => b.worktrees[0]?.state === 'done' && b.worktrees[0].files.length === 2, 'the continued run');
    expect(fs.readFileSync(path.join(started.path, 'second.txt'), 'utf8')).toBe('two\n');
    expect(fs.existsSync(path.join(repo.root, 'second.txt'))).toBe(false);

    const terminal = await ok<TerminalInfo>(host, 'terminal.create', { projectId: project.id, taskId: task.id });
    expect(terminal.cwd).toBe(started.path);
    await until(() => ok<TerminalInfo[]>(host, 'terminal.list', { projectId: project.id }), (ts) => ts[0]?.status === 'running', 'the shell to start');
    expect(await host.handle('terminal.create', { projectId: project.id, taskId: 't-nope' })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('stops a running task agent from its card, and finds a run cut off by a killed process as interrupted, then resumes it', async () => {
    const repo = newGitProject();
    model = await scripted.start(() => ({ text: 'thinking…', waitFor: new Promise(() => {}) }));
    const host = hosts.start({ dataDir: repo.dataDir, env: model.env });
    const project = await ok<Project>(host, 'projects.open', { path: repo.root });
    const a = await ok<{ id: string }>(host, 'tasks.create', { projectId: project.id, title: 'Stopped by hand' });
    const b = await ok<{ id: string }>(host, 'tasks.create', { projectId: project.id, title: 'Cut off' });
    const list = () => ok<TaskWorktreeBoard>(host, 'worktrees.list', { projectId: project.id });
    const stateOf = (board: TaskWorktreeBoard, id: string) => board.worktrees.find((w) => w.taskId === id)?.state;

    await ok(host, 'worktrees.start', { projectId: project.id, taskId: a.id });
    expect(stateOf(await list(), a.id)).toBe('running');
    expect(await host.handle('worktrees.merge', { projectId: project.id, taskId: a.id })).toMatchObject({ error: { code: 'busy', message: expect.stringMatching(/stop it before merging/) } });
    expect(await ok(host, 'worktrees.stop', { projectId: project.id, taskId: a.id })).toEqual({ stopped: true });
    await until(list, (bd) => stateOf(bd, a.id) === 'stopped', 'the stop');
    // The Agent tab's Stop, on a task's open session, stops that task's run.
    const again = await ok<{ sessionId: string }>(host, 'worktrees.start', { projectId: project.id, taskId: a.id });
    await until(list, (bd) => stateOf(bd, a.id) === 'running', 'the continued run');
    expect(await ok(host, 'agent.stop', { projectId: project.id, sessionId: again.sessionId })).toEqual({ stopped: true });
    await until(list, (bd) => stateOf(bd, a.id) === 'stopped', 'the stop from the Agent tab');

    // Another Engram process runs task b and is killed mid-run.
    const child = spawn(process.execPath, [ENGRAM_BIN, '--project', repo.root, '--data-dir', repo.dataDir, 'task', 'start', b.id, '--yes'], {
      env: { ...process.env, ENGRAM_DATA_DIR: undefined, ...model.env },
      stdio: 'ignore',
    });
    await until(list, (bd) => stateOf(bd, b.id) === 'running' && Boolean(bd.worktrees.find((w) => w.taskId === b.id)?.session), 'the other process to run task b');
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    const cut = await until(list, (bd) => stateOf(bd, b.id) === 'interrupted', 'the run to read as interrupted');
    const session = cut.worktrees.find((w) => w.taskId === b.id)!.session;

    // Resume continues the same session in the same worktree.
    model.setScript(() => ({ text: 'Resumed.' }));
    const resumed = await ok<{ sessionId: string }>(host, 'worktrees.start', { projectId: project.id, taskId: b.id, prompt: 'Carry on' });
    expect(resumed.sessionId).toBe(session);
    await until(list, (bd) => stateOf(bd, b.id) === 'done', 'the resumed run to finish');
  });
});
