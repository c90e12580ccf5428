import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

interface TaskJson {
  id: string;
  title: string;
  status: string;
  path: string;
  sessions: string[];
  log: { at: string; session: string | null; text: string }[];
}

async function engram(project: string, ...args: string[]) {
  const r = await runEngram(['--project', project, '--json', ...args]);
  if (r.code !== 0) throw new Error(`engram ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('engram task', () => {
  it('adds, lists, moves and logs tasks in progress.md files', async () => {
    const project = tempDir();
    const added: TaskJson = await engram(project, 'task', 'add', 'Add', 'dark', 'theme');
    expect(added).toMatchObject({ title: 'Add dark theme', status: 'todo', sessions: [] });
    expect(added.path).toBe(path.join(project, '.engram', 'tasks', added.id, 'progress.md'));

    const second: TaskJson = await engram(project, 'task', 'add', 'Fix login');
    const list: TaskJson[] = await engram(project, 'task', 'list');
    expect(list.map((t) => t.title)).toEqual(['Add dark theme', 'Fix login']);

    const moved: TaskJson = await engram(project, 'task', 'move', added.id, 'in progress');
    expect(moved.status).toBe('in_progress');
    const logged: TaskJson = await engram(project, 'task', 'log', added.id, 'tokens', 'moved', 'to', 'renderer/theme.ts');
    expect(logged.log.map((l) => l.text)).toEqual(['created', 'moved to in progress', 'tokens moved to renderer/theme.ts']);

    const text = fs.readFileSync(added.path, 'utf8');
    expect(text).toMatch(/^---\ntitle: Add dark theme\nstatus: in_progress\ncreated: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\nupdated: .*Z\nsessions: \[\]\n---\n/);
    expect(text).toMatch(/\n- \d{4}-\d\d-\d\dT\d\d:\d\dZ tokens moved to renderer\/theme\.ts\n$/);
    expect((await engram(project, 'task', 'list'))[1]).toMatchObject({ id: second.id, status: 'todo' });
  });

  it('accepts an unambiguous id prefix and explains an unknown id or status', async () => {
    const project = tempDir();
    const t: TaskJson = await engram(project, 'task', 'add', 'Only task');
    const byPrefix: TaskJson = await engram(project, 'task', 'move', t.id.slice(0, 5), 'done');
    expect(byPrefix).toMatchObject({ id: t.id, status: 'done' });

    const unknown = await runEngram(['--project', project, 'task', 'move', 'zz-nope', 'done']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No task zz-nope');
    const badStatus = await runEngram(['--project', project, 'task', 'move', t.id, 'finished']);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('unknown status "finished"');
    const noTitle = await runEngram(['--project', project, 'task', 'add']);
    expect(noTitle.code).toBe(2);
  });

  it("keeps a person's own fields, comments and notes when it updates a task", async () => {
    const project = tempDir();
    const t: TaskJson = await engram(project, 'task', 'add', 'Hand edited');
    const handWritten = [
      '---',
      'title: Hand edited',
      'status: todo        # todo | in_progress | review | blocked | done',
      'created: 2026-11-20T09:12:00Z',
      'updated: 2026-11-20T09:12:00Z',
      'sessions: [ses_01HX]',
      'owner: ana',
      '---',
      '- 2026-11-20T09:12Z created',
      '- 2026-11-21T10:40Z ses_01HX: tokens moved',
      '',
      'Free notes a person wrote below the log.',
      '',
    ].join('\n');
    fs.writeFileSync(t.path, handWritten);
    const moved: TaskJson = await engram(project, 'task', 'move', t.id, 'review');
    expect(moved.sessions).toEqual(['ses_01HX']);
    const after = fs.readFileSync(t.path, 'utf8');
    expect(after).toContain('status: review # todo | in_progress | review | blocked | done');
    expect(after).toContain('owner: ana');
    expect(after).toContain('created: 2026-11-20T09:12:00Z');
    expect(after.startsWith('---\ntitle: Hand edited\n')).toBe(true);
    // Everything below the frontmatter is kept byte for byte, and the new line is appended.
    const body = handWritten.slice(handWritten.indexOf('---\n- ') + 4);
    expect(after).toContain(body);
    expect(after.endsWith(' moved to review\n')).toBe(true);
  });

  it('keeps CRLF line endings of a file written on Windows', async () => {
    const project = tempDir();
    const t: TaskJson = await engram(project, 'task', 'add', 'Windows task');
    fs.writeFileSync(t.path, fs.readFileSync(t.path, 'utf8').replace(/\n/g, '\r\n'));
    await engram(project, 'task', 'log', t.id, 'from CI');
    const after = fs.readFileSync(t.path, 'utf8');
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(after.endsWith('from CI\r\n')).toBe(true);
  });

  it('reports a task with broken frontmatter and never writes over it', async () => {
    const project = tempDir();
    const good: TaskJson = await engram(project, 'task', 'add', 'Good task');
    const bad: TaskJson = await engram(project, 'task', 'add', 'Bad task');
    const broken = '---\ntitle: Bad task\nstatus: [unclosed\n---\n- 2026-11-25T09:12Z created\n';
    fs.writeFileSync(bad.path, broken);

    const list = await runEngram(['--project', project, '--json', 'task', 'list']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((t: TaskJson) => t.id)).toEqual([good.id]);
    expect(list.stderr).toContain(`task ${bad.id} cannot be read: broken frontmatter`);

    const move = await runEngram(['--project', project, 'task', 'move', bad.id, 'done']);
    expect(move.code).toBe(1);
    expect(move.stderr).toContain('cannot be read');
    const log = await runEngram(['--project', project, 'task', 'log', bad.id, 'more']);
    expect(log.code).toBe(1);
    expect(fs.readFileSync(bad.path, 'utf8')).toBe(broken);

    fs.writeFileSync(bad.path, broken.replace('[unclosed', 'finished'));
    const unknownStatus = await runEngram(['--project', project, 'task', 'log', bad.id, 'more']);
    expect(unknownStatus.stderr).toContain('unknown status "finished"');
  });

  it('loses no update when many processes change one task at once', async () => {
    const project = tempDir();
    const t: TaskJson = await engram(project, 'task', 'add', 'Busy task');
    const lines = Array.from({ length: 8 }, (_, i) => `step ${i}`);
    await Promise.all(lines.map((l) => engram(project, 'task', 'log', t.id, l)));
    const after: TaskJson[] = await engram(project, 'task', 'list');
    expect(after[0].log.map((l) => l.text).sort()).toEqual(['created', ...lines].sort());
    // Eight CLI processes at once on a 2-core machine: allow for a slow start, never for a lost line.
  }, 120_000);
});
