import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGRAM_BIN } from '../../helpers/cli';
import { newGitProject, jsonLines, type GitProject } from '../../helpers/gitProject';
import { requestText, type RecordedRequest, type ScriptedModel, type ScriptedReply } from '../../helpers/scriptedModel';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();
let model: ScriptedModel | null = null;

interface TaskJson {
  id: string;
  title: string;
  status: string;
  branch: string | null;
  worktree: string | null;
  base: string | null;
  session: string | null;
  sessions: string[];
  log: Array<{ text: string }>;
}
interface DiffJson {
  branch: string;
  base: string;
  files: Array<{ path: string; change: string; added: number; removed: number; before: string | null; after: string | null }>;
}

/** Which task a request is for: its first prompt names the task's title. */
function taskOf(request: RecordedRequest, titles: string[]): string {
  const first = request.body.messages.find((m) => m.role === 'user');
  const text = typeof first?.content === 'string' ? first.content : JSON.stringify(first?.content);
  const title = titles.find((t) => text.includes(`Task: ${t}`) || text.includes(`Continue the task: ${t}`));
  if (!title) throw new Error(`request for no known task: ${text.slice(0, 200)}`);
  return title;
}

const steps = (r: RecordedRequest) => r.body.messages.filter((m) => m.role === 'assistant').length;

/**
 * Each task's agent writes `<slug>.txt` and a memory entry, then holds its last answer until
 * `release` (so a test can look while every agent is still running).
 */
function agentsScript(titles: string[], release: Promise<void>, atLastStep?: (title: string) => void) {
  return (request: RecordedRequest): ScriptedReply => {
    const title = taskOf(request, titles);
    const slug = title.toLowerCase().replace(/[^a-z]+/g, '-');
    if (steps(request) === 0) {
      return {
        toolCalls: [
          { name: 'write', arguments: { file_path: `${slug}.txt`, content: `made by the ${title} agent\n` } },
          { name: 'memory_write', arguments: { kind: 'decisions', text: `The ${slug} module listens on port ${4000 + titles.indexOf(title)}.` } },
        ],
      };
    }
    atLastStep?.(title);
    return { text: `Done with ${title}.`, waitFor: release };
  };
}

async function addTasks(project: GitProject, titles: string[]): Promise<TaskJson[]> {
  const tasks: TaskJson[] = [];
  for (const t of titles) tasks.push(await project.engramJson<TaskJson>(['task', 'add', t]));
  return tasks;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function task(project: GitProject, id: string): Promise<TaskJson> {
  return project.engramJson<TaskJson[]>(['task', 'list']).then((all) => all.find((t) => t.id === id)!);
}

describe('engram task start: agents in worktrees, one memory', () => {
  it('runs two tasks at once, shares their memory while they run, then merges one and discards the other', async () => {
    const project = newGitProject();
    const titles = ['Alpha feature', 'Beta feature'];
    const [alpha, beta] = await addTasks(project, titles);
    // The memory folder is committed, so each worktree has its own copy of .engram/.
    const base = project.commit('Tasks');
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    const waiting = new Set<string>();
    model = await scripted.start(agentsScript(titles, released, (t) => waiting.add(t)));

    const runs = [alpha, beta].map((t) => project.engram(['task', 'start', t.id, '--yes'], model!));
    await until(() => waiting.size === 2, 'both agents to reach their last step');

    // Both agents are still running; both memory entries are already in the main project.
    for (const slug of ['alpha-feature', 'beta-feature']) {
      const hits = await project.engramJson<Array<{ text: string }>>(['memory', 'search', `${slug} module port`]);
      expect(hits.map((h) => h.text).join('\n')).toContain(`The ${slug} module listens on port`);
    }
    const memory = project.read('.engram/MEMORY.md');
    expect(memory).toContain('alpha-feature module listens on port 4000');
    expect(memory).toContain('beta-feature module listens on port 4001');

    release();
    const [a, b] = await Promise.all(runs);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const aLines = jsonLines(a.stdout);
    expect(aLines[0]).toMatchObject({ type: 'worktree', taskId: alpha.id, branch: `engram/${alpha.id}`, base, created: true });
    expect(aLines.at(-1)).toMatchObject({ type: 'done', error: null });

    // The task records its branch, worktree, start commit and session; the worktree is in the data dir.
    const alphaTask = await task(project, alpha.id);
    const worktree = String(aLines[0].path);
    // The run is over: the task waits for a person's review (then Merge makes it done).
    expect(alphaTask).toMatchObject({ branch: `engram/${alpha.id}`, worktree, base, status: 'review' });
    expect(alphaTask.session).toMatch(/^ses_/);
    expect(alphaTask.sessions).toContain(alphaTask.session);
    expect(worktree.startsWith(path.join(project.dataDir, 'worktrees'))).toBe(true);
    expect(fs.readFileSync(path.join(worktree, 'alpha-feature.txt'), 'utf8')).toBe('made by the Alpha feature agent\n');
    // The agent's file is in its worktree, not in the main checkout.
    expect(fs.existsSync(path.join(project.root, 'alpha-feature.txt'))).toBe(false);
    // The worktree's own .engram/ copy was never written; notes and checkpoints live in the main checkout.
    expect(project.git('-C', worktree, 'status', '--porcelain', '--', '.engram')).toBe('');
    expect(fs.existsSync(path.join(worktree, '.engram', 'sessions'))).toBe(false);
    expect(alphaTask.log.map((l) => l.text).join('\n')).toMatch(/agent finished; 1 file changed \(\+1 −0\)/);

    // Each diff lists its own file, with +/- and both sides.
    const aDiff = await project.engramJson<DiffJson>(['task', 'diff', alpha.id]);
    expect(aDiff.files).toEqual([expect.objectContaining({ path: 'alpha-feature.txt', change: 'added', added: 1, removed: 0, before: '', after: 'made by the Alpha feature agent\n' })]);
    const bDiff = await project.engramJson<DiffJson>(['task', 'diff', beta.id]);
    expect(bDiff.files.map((f) => f.path)).toEqual(['beta-feature.txt']);

    // Merge one: its uncommitted file is committed with the task's title, then fast-forwarded onto main.
    const merged = await project.engramJson<{ merged: string; kind: string; into: string; commit: string; committedWork: string }>(['task', 'merge', alpha.id]);
    expect(merged).toMatchObject({ merged: `engram/${alpha.id}`, kind: 'fast-forward', into: 'main' });
    expect(project.git('rev-parse', 'main').trim()).toBe(merged.commit);
    expect(project.git('log', '-1', '--format=%s', 'main').trim()).toBe('Alpha feature');
    expect(project.git('show', 'main:alpha-feature.txt')).toBe('made by the Alpha feature agent\n');
    expect(project.read('alpha-feature.txt')).toBe('made by the Alpha feature agent\n');
    expect((await task(project, alpha.id)).status).toBe('done');

    // Discard the other: no worktree, no branch left.
    const bWorktree = String(jsonLines(b.stdout)[0].path);
    const discarded = await project.engramJson(['task', 'discard', beta.id]);
    expect(discarded).toMatchObject({ discarded: `engram/${beta.id}`, removedWorktree: true, removedBranch: true });
    expect(fs.existsSync(bWorktree)).toBe(false);
    expect(project.git('branch', '--list', 'engram/*').trim()).toBe('');
    expect(project.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(project.git('log', '--all', '--format=%s')).not.toContain('Beta feature');
    const betaTask = await task(project, beta.id);
    expect(betaTask).toMatchObject({ branch: null, worktree: null });
    expect(betaTask.log.at(-1)!.text).toMatch(/discarded the agent's work/);

    // On the memory timeline, the merge and the discard were the CLI's doing, not a person's.
    const timeline = await project.engramJson<Array<{ type: string; id: string; text: string; actor: string }>>(['memory', 'timeline', '--limit', '500']);
    const taskRows = timeline.filter((r) => r.type === 'task');
    expect(taskRows.find((r) => r.id === alpha.id && r.text.includes('merged engram/'))).toMatchObject({ actor: 'cli' });
    expect(taskRows.find((r) => r.id === beta.id && r.text.includes('discarded'))).toMatchObject({ actor: 'cli' });
    expect(taskRows.filter((r) => r.actor === 'person')).toEqual([]);
  });

  it('runs four agents at once, each on its own branch, all writing one memory', async () => {
    const project = newGitProject();
    const titles = ['One', 'Two', 'Three', 'Four'];
    const tasks = await addTasks(project, titles);
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    const waiting = new Set<string>();
    model = await scripted.start(agentsScript(titles, released, (t) => waiting.add(t)));
    const runs = tasks.map((t) => project.engram(['task', 'start', t.id, '--yes'], model!));
    // All four are running at the same moment (each holds its last answer).
    await until(() => waiting.size === 4, 'all four agents to run at once');
    release();
    const results = await Promise.all(runs);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const memory = project.read('.engram/MEMORY.md');
    for (const [i, t] of tasks.entries()) {
      const diff = await project.engramJson<DiffJson>(['task', 'diff', t.id]);
      expect(diff.branch).toBe(`engram/${t.id}`);
      expect(diff.files.map((f) => f.path)).toEqual([`${titles[i].toLowerCase()}.txt`]);
      expect(memory).toContain(`The ${titles[i].toLowerCase()} module listens on port ${4000 + i}.`);
    }
    expect(project.git('branch', '--list', 'engram/*').trim().split('\n')).toHaveLength(4);
  });
});

describe('engram task merge / start: what can go wrong, and nothing is lost', () => {
  /** One task whose agent writes `files` and finishes. */
  async function finishedTask(project: GitProject, files: Record<string, string>, title = 'Change things'): Promise<TaskJson> {
    const [t] = await addTasks(project, [title]);
    model = await scripted.start((request) =>
      steps(request) === 0
        ? { toolCalls: Object.entries(files).map(([file_path, content]) => ({ name: 'write', arguments: { file_path, content } })) }
        : { text: 'Done.' },
    );
    const run = await project.engram(['task', 'start', t.id, '--yes'], model);
    expect(run.code, run.stderr).toBe(0);
    return t;
  }

  it('refuses a merge that conflicts, names the files, and leaves both branches as they were', async () => {
    const project = newGitProject({ 'shared.txt': 'one\n' });
    const t = await finishedTask(project, { 'shared.txt': 'agent version\n' });
    project.write('shared.txt', 'main version\n');
    const mainHead = project.commit('Main changes shared.txt');
    const r = await project.engram(['task', 'merge', t.id]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/conflicts with main in shared\.txt/);
    expect(r.stderr).toMatch(/Nothing was changed/);
    expect(project.git('rev-parse', 'HEAD').trim()).toBe(mainHead);
    expect(project.git('status', '--porcelain', '--', 'shared.txt')).toBe('');
    expect(project.read('shared.txt')).toBe('main version\n');
    // The agent's work was committed on its branch first, and is still there.
    expect(project.git('show', `engram/${t.id}:shared.txt`)).toBe('agent version\n');
    const diff = await project.engramJson<DiffJson>(['task', 'diff', t.id]);
    expect(diff.files.map((f) => f.path)).toEqual(['shared.txt']);
  });

  it('refuses a merge onto uncommitted changes in the same files, naming them; other local edits do not block and survive', async () => {
    const project = newGitProject({ 'notes.txt': 'mine\n' });
    const t = await finishedTask(project, { 'README.md': '# Demo\n\nEdited by the agent.\n' });
    project.write('README.md', '# Demo\n\nMy unsaved edit.\n');
    const refused = await project.engram(['task', 'merge', t.id]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/uncommitted changes in README\.md/);
    expect(project.read('README.md')).toBe('# Demo\n\nMy unsaved edit.\n');

    // Put the edit back as it was in git; a local edit elsewhere does not stop the merge and is kept.
    project.git('checkout', '--', 'README.md');
    project.write('notes.txt', 'mine, edited\n');
    const merged = await project.engramJson<{ kind: string }>(['task', 'merge', t.id]);
    expect(merged.kind).toBe('fast-forward');
    expect(project.read('README.md')).toBe('# Demo\n\nEdited by the agent.\n');
    expect(project.read('notes.txt')).toBe('mine, edited\n');
  });

  it('makes a merge commit when main moved on without touching the same files', async () => {
    const project = newGitProject();
    const t = await finishedTask(project, { 'feature.txt': 'new\n' });
    project.write('other.txt', 'main work\n');
    project.commit('Main work');
    const merged = await project.engramJson<{ kind: string; commit: string }>(['task', 'merge', t.id]);
    expect(merged.kind).toBe('merge-commit');
    expect(project.git('log', '-1', '--format=%P', 'main').trim().split(' ')).toHaveLength(2);
    expect(project.git('log', '-1', '--format=%s', 'main').trim()).toBe(`Merge engram/${t.id}: Change things`);
    expect(project.read('feature.txt')).toBe('new\n');
  });

  it('prunes a worktree folder deleted by hand, says so on the task, keeps the branch and starts again from it', async () => {
    const project = newGitProject();
    const t = await finishedTask(project, { 'kept.txt': 'committed\n' });
    const first = await task(project, t.id);
    // Commit the agent's work on its branch (as a person might), then delete the folder.
    project.git('-C', first.worktree!, 'add', '-A');
    project.git('-C', first.worktree!, 'commit', '-q', '-m', 'agent work');
    fs.rmSync(first.worktree!, { recursive: true, force: true });

    const diff = await project.engramJson<DiffJson>(['task', 'diff', t.id]);
    expect(diff.files.map((f) => f.path)).toEqual(['kept.txt']);
    const after = await task(project, t.id);
    expect(after.worktree).toBeNull();
    expect(after.branch).toBe(`engram/${t.id}`);
    expect(after.log.map((l) => l.text).join('\n')).toMatch(/was deleted by hand: pruned/);
    expect(project.git('worktree', 'list').trim().split('\n')).toHaveLength(1);

    // Starting again re-creates the folder from the branch: the committed work is there.
    model!.setScript(() => ({ text: 'Back.' }));
    const again = await project.engram(['task', 'start', t.id, '--yes'], model!);
    expect(again.code, again.stderr).toBe(0);
    const line = jsonLines(again.stdout)[0];
    expect(line).toMatchObject({ type: 'worktree', created: true, base: first.base });
    expect(fs.readFileSync(path.join(String(line.path), 'kept.txt'), 'utf8')).toBe('committed\n');
  });

  it('refuses a branch name already taken, a second start of a running task, and a folder that is not a repository', async () => {
    const project = newGitProject();
    const [taken, busy] = await addTasks(project, ['Taken', 'Busy']);
    project.git('branch', `engram/${taken.id}`);
    const r = await project.engram(['task', 'start', taken.id, '--yes'], (model = await scripted.start(() => ({ text: 'x' }))));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`branch engram/${taken.id} already exists`));
    expect((await task(project, taken.id)).worktree).toBeNull();
    expect(project.git('worktree', 'list').trim().split('\n')).toHaveLength(1);

    let release: () => void = () => {};
    const released = new Promise<void>((res) => (release = res));
    let asked = false;
    model.setScript(() => ((asked = true), { text: 'working', waitFor: released }));
    const first = project.engram(['task', 'start', busy.id, '--yes'], model);
    await until(() => asked, 'the first run to reach the model');
    const second = await project.engram(['task', 'start', busy.id, '--yes'], model);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/already running/);
    // Merge and discard wait for it too.
    expect((await project.engram(['task', 'discard', busy.id])).stderr).toMatch(/still running: stop it before discarding/);
    release();
    expect((await first).code).toBe(0);

    // No model configured: refused before any worktree or branch is made.
    const [fresh] = await addTasks(project, ['No model']);
    const unconfigured = await project.engram(['task', 'start', fresh.id]);
    expect(unconfigured.code).not.toBe(0);
    expect(unconfigured.stderr).toMatch(/No model provider is configured/);
    expect(project.git('for-each-ref', '--format=%(refname:short)', `refs/heads/engram/${fresh.id}`)).toBe('');
    expect((await task(project, fresh.id)).worktree).toBeNull();

    const plain = newGitProject();
    fs.rmSync(path.join(plain.root, '.git'), { recursive: true, force: true });
    const [t] = await addTasks(plain, ['No git']);
    const refused = await plain.engram(['task', 'start', t.id, '--yes'], model);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/is not a git repository/);
  });

  it('keeps a run going when its task is deleted meanwhile; the branch stays listed and can be discarded', async () => {
    const project = newGitProject();
    const [t] = await addTasks(project, ['Doomed']);
    let release: () => void = () => {};
    const released = new Promise<void>((res) => (release = res));
    let asked = false;
    model = await scripted.start((request) =>
      steps(request) === 0
        ? { toolCalls: [{ name: 'write', arguments: { file_path: 'orphan.txt', content: 'still here\n' } }] }
        : ((asked = true), { text: 'done', waitFor: released }),
    );
    const run = project.engram(['task', 'start', t.id, '--yes'], model);
    await until(() => asked, 'the agent to write its file');
    fs.rmSync(path.join(project.root, '.engram', 'tasks', t.id), { recursive: true, force: true });
    release();
    const done = await run;
    expect(done.code, done.stderr).toBe(0);
    const diff = await project.engramJson<DiffJson>(['task', 'diff', t.id]);
    expect(diff.files.map((f) => f.path)).toEqual(['orphan.txt']);
    await project.engramJson(['task', 'discard', t.id]);
    expect(project.git('branch', '--list', 'engram/*').trim()).toBe('');
  });

  it('finds a run again after Engram was killed mid-run, and resumes its session in the same worktree', async () => {
    const project = newGitProject();
    const [t] = await addTasks(project, ['Survive a crash']);
    let asked = 0;
    model = await scripted.start((request) => {
      asked++;
      if (steps(request) === 0 && !requestText(request).includes('Carry on')) {
        return { toolCalls: [{ name: 'write', arguments: { file_path: 'half.txt', content: 'half done\n' } }] };
      }
      // The first run hangs here until it is killed; the resumed one answers.
      return requestText(request).includes('Carry on') ? { text: 'Resumed and finished.' } : { text: 'never sent', waitFor: new Promise(() => {}) };
    });
    const child = spawn(process.execPath, [ENGRAM_BIN, '--json', '--project', project.root, '--data-dir', project.dataDir, 'task', 'start', t.id, '--yes'], {
      env: { ...process.env, ENGRAM_DATA_DIR: undefined, ...model.env },
      stdio: 'ignore',
    });
    await until(() => asked >= 2, 'the first run to write its file and wait');
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;

    const before = await task(project, t.id);
    expect(before.session).toMatch(/^ses_/);
    const again = await project.engram(['task', 'start', t.id, '--yes', '--prompt', 'Carry on'], model);
    expect(again.code, again.stderr).toBe(0);
    const lines = jsonLines(again.stdout);
    expect(lines[0]).toMatchObject({ type: 'worktree', created: false, path: before.worktree });
    expect(lines.find((l) => l.type === 'session')).toMatchObject({ sessionId: before.session });
    // The resumed request carries the first run's history (its write) in the same session.
    expect(requestText(model.requests.at(-1)!)).toContain('half.txt');
    expect(fs.readFileSync(path.join(before.worktree!, 'half.txt'), 'utf8')).toBe('half done\n');
  });
});
