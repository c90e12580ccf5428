import path from 'node:path';
import type { Command, CliContext } from '../command';
import { changeTasks } from './cliTaskWrites';
import { engramLayout } from '../../../contract/engramLayout';
import { TaskStore } from '../../tasks/taskStore';
import { TASK_STATUSES, isTaskStatus, type Task, type TaskStatus } from '../../tasks/taskTypes';
import { checkProjectFolder } from '../../projects/folderCheck';
import { UsageError } from '../cliErrors';
import { describeRedactions } from '../../secrets/secretScanner';

const store = (ctx: CliContext) => new TaskStore(checkProjectFolder(ctx.projectDir));

const taskFile = (t: Task) => t.path;
/** Says on stderr what a write redacted (task files are shared through git). */
const tellRedacted = (t: Task) => {
  if (t.redacted?.length) process.stderr.write(`engram: ${describeRedactions(t.redacted.map((kind) => ({ kind })))} before writing task ${t.id}\n`);
};
const line = (t: Task) => `${t.id}  ${t.status.padEnd(11)}  ${t.title}`;
const MANY = { min: 1, max: Number.MAX_SAFE_INTEGER };

/** Accepts the file's spelling and the board's ("in progress", "in-progress"). */
export function parseStatus(word: string): TaskStatus {
  const s = word.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!isTaskStatus(s)) throw new UsageError(`unknown status "${word}": use ${TASK_STATUSES.join(', ')}`);
  return s;
}

export const taskAddCommand: Command = {
  words: ['task', 'add'],
  synopsis: 'TITLE',
  summary: 'add a task to the board (status todo)',
  positionals: { ...MANY, names: 'a TITLE' },
  async run(ctx, _values, words) {
    const task = await changeTasks(ctx, (tasks) => tasks.create({ title: words.join(' ') }), taskFile);
    tellRedacted(task);
    ctx.result(task, `Added ${line(task)}`);
  },
};

export const taskListCommand: Command = {
  words: ['task', 'list'],
  synopsis: '',
  summary: 'list the tasks, oldest first',
  run(ctx) {
    const { tasks, broken } = store(ctx).list();
    for (const b of broken) process.stderr.write(`engram: task ${b.id} cannot be read: ${b.error}\n`);
    ctx.result(tasks, tasks.length ? tasks.map(line).join('\n') : 'No tasks yet. Add one with: engram task add TITLE');
  },
};

export const taskMoveCommand: Command = {
  words: ['task', 'move'],
  synopsis: 'ID STATUS',
  summary: `move a task to ${TASK_STATUSES.join('|')}`,
  positionals: { min: 2, max: 2, names: 'ID STATUS' },
  async run(ctx, _values, [id, status]) {
    const to = parseStatus(status);
    const task = await changeTasks(ctx, (tasks) => tasks.update(id, { status: to }), taskFile);
    ctx.result(task, `Moved ${line(task)}`);
  },
};

export const taskLogCommand: Command = {
  words: ['task', 'log'],
  synopsis: 'ID TEXT',
  summary: "append a line to a task's progress log",
  positionals: { min: 2, max: Number.MAX_SAFE_INTEGER, names: 'ID TEXT' },
  async run(ctx, _values, [id, ...text]) {
    const task = await changeTasks(ctx, (tasks) => tasks.update(id, { progress: text.join(' ') }), taskFile);
    tellRedacted(task);
    ctx.result(task, `Logged on ${line(task)}`);
  },
};

export const taskRenameCommand: Command = {
  words: ['task', 'rename'],
  synopsis: 'ID TITLE',
  summary: "change a task's title",
  positionals: { min: 2, max: Number.MAX_SAFE_INTEGER, names: 'ID TITLE' },
  async run(ctx, _values, [id, ...title]) {
    const task = await changeTasks(ctx, (tasks) => tasks.update(id, { title: title.join(' ') }), taskFile);
    ctx.result(task, `Renamed ${line(task)}`);
  },
};

export const taskArchiveCommand: Command = {
  words: ['task', 'archive'],
  synopsis: 'ID',
  summary: `take a task off the board; its file moves to ${engramLayout.archivedTasksDir}/`,
  positionals: { min: 1, max: 1, names: 'ID' },
  async run(ctx, _values, [id]) {
    const result = await changeTasks(
      ctx,
      (tasks) => tasks.archive(id),
      (r, tasks) => path.join(tasks.projectRoot, engramLayout.progressFile(r.archived)),
    );
    ctx.result(result, `Archived ${result.archived}: ${result.path}`);
  },
};

export const taskCommands = [taskAddCommand, taskListCommand, taskMoveCommand, taskLogCommand, taskRenameCommand, taskArchiveCommand];
