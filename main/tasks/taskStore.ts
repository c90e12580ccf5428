import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { replaceGuarded } from '../fs/guardedReplace';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors/domainErrors';
import { appendLog, isoSeconds, newProgressText, parseProgress, serializeProgress, taskFromFile, TaskFileError } from './progressFile';
import { scanSecrets, type SecretFinding } from '../secrets/secretScanner';
import { isTaskStatus, TASK_STATUSES, type BrokenTask, type Task, type TaskStatus } from './taskTypes';
import { engramLayout, PROGRESS_FILE_NAME } from '../../contract/engramLayout';

export interface TaskUpdate {
  title?: string;
  status?: TaskStatus;
  /** Appended to the progress log. */
  progress?: string;
  /** The session making the change; recorded in `sessions` and on the log line. */
  session?: string;
  /** The task's worktree fields (SPEC §3): a value sets the key, null removes it. */
  link?: Partial<Record<TaskLinkField, string | null>>;
}

/** Frontmatter keys that tie a task to its agent's branch, worktree and session. */
export const TASK_LINK_FIELDS = ['branch', 'worktree', 'base', 'session'] as const;
export type TaskLinkField = (typeof TASK_LINK_FIELDS)[number];

const TITLE_MAX = 200;
const STATUS_WORDS: Record<TaskStatus, string> = {
  todo: 'todo',
  in_progress: 'in progress',
  review: 'review',
  blocked: 'blocked',
  done: 'done',
};

/**
 * The task board of one project: `.engram/tasks/<id>/progress.md` files are the truth. Every
 * write is atomic and based on what was read: if the file changed in between (a person
 * editing it), the change is re-applied to the new content, never written over it. A file that
 * cannot be parsed is reported as broken and left alone.
 */
export class TaskStore {
  readonly dir: string;

  constructor(
    readonly projectRoot: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.dir = path.join(projectRoot, engramLayout.tasksDir);
  }

  list(): { tasks: Task[]; broken: BrokenTask[] } {
    const tasks: Task[] = [];
    const broken: BrokenTask[] = [];
    for (const id of this.ids()) {
      const file = this.fileOf(id);
      try {
        tasks.push(taskFromFile(id, file, parseProgress(fs.readFileSync(file, 'utf8'))));
      } catch (err) {
        broken.push({ id, path: file, error: (err as Error).message });
      }
    }
    tasks.sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
    return { tasks, broken };
  }

  get(idOrPrefix: string): Task {
    const id = this.resolveId(idOrPrefix);
    const file = this.fileOf(id);
    return taskFromFile(id, file, this.parse(id, fs.readFileSync(file, 'utf8')));
  }

  create(input: { title: string; status?: TaskStatus; session?: string }): Task {
    const redacted: SecretFinding[] = [];
    const title = cleanTitle(redact(input.title, redacted));
    const now = this.now();
    const id = newTaskId(now);
    fs.mkdirSync(path.join(this.dir, id), { recursive: true });
    let text = newProgressText(title, input.status ?? 'todo', now);
    if (input.session) {
      const file = parseProgress(text);
      file.doc.set('sessions', [input.session]);
      text = serializeProgress(file);
    }
    // Created only where nothing is: a file that appeared at this id is never written over.
    replaceGuarded(this.fileOf(id), (current) => {
      if (current !== null) throw new ConflictError(`A task file already exists at ${this.fileOf(id)}; it was left as it is. Try again.`);
      return text;
    });
    return withRedactions(this.get(id), redacted);
  }

  /**
   * Takes a task off the board without losing it: its folder moves, whole, to
   * `engramLayout.archivedTaskDir(id)` (a rename: atomic; the board and index skip dot folders).
   */
  archive(idOrPrefix: string): { archived: string; path: string } {
    const id = this.resolveId(idOrPrefix);
    const root = path.dirname(path.dirname(this.dir));
    fs.mkdirSync(path.join(root, engramLayout.archivedTasksDir), { recursive: true });
    let target = path.join(root, engramLayout.archivedTaskDir(id));
    for (let n = 2; fs.existsSync(target); n++) target = path.join(root, engramLayout.archivedTaskDir(`${id}-${n}`));
    fs.renameSync(path.join(this.dir, id), target);
    return { archived: id, path: path.join(target, PROGRESS_FILE_NAME) };
  }

  update(idOrPrefix: string, change: TaskUpdate): Task {
    if (change.status !== undefined && !isTaskStatus(change.status)) {
      throw new InvalidInputError(`Unknown status "${change.status}": use ${TASK_STATUSES.join(', ')}.`);
    }
    const redacted: SecretFinding[] = [];
    const title = change.title === undefined ? undefined : cleanTitle(redact(change.title, redacted));
    const progress = change.progress === undefined ? undefined : redact(change.progress, redacted);
    const id = this.resolveId(idOrPrefix);
    const file = this.fileOf(id);
    // Engram writers take turns and a person's save meanwhile is planned on again, never
    // written over (see replaceGuarded). A file that does not parse is never rewritten.
    replaceGuarded(file, (current) => {
      if (current === null) throw new NotFoundError(`Task ${id} is gone from disk.`);
      const parsed = this.parse(id, current.toString('utf8'));
      const now = this.now();
      const task = taskFromFile(id, file, parsed);
      if (title !== undefined && title !== task.title) parsed.doc.set('title', title);
      if (change.status !== undefined && change.status !== task.status) {
        parsed.doc.set('status', change.status);
        appendLog(parsed, now, `moved to ${STATUS_WORDS[change.status]}`, change.session);
      }
      if (change.session && !task.sessions.includes(change.session)) {
        parsed.doc.set('sessions', [...task.sessions, change.session]);
      }
      for (const key of TASK_LINK_FIELDS) {
        const value = change.link?.[key];
        if (value === undefined || value === task[key]) continue;
        if (value === null) parsed.doc.delete(key);
        else parsed.doc.set(key, value);
      }
      if (progress?.trim()) appendLog(parsed, now, progress, change.session);
      parsed.doc.set('updated', isoSeconds(now));
      return serializeProgress(parsed);
    });
    return withRedactions(this.get(id), redacted);
  }

  /** Accepts a full id or an unambiguous prefix, as git does for commits. */
  resolveId(idOrPrefix: string): string {
    const wanted = idOrPrefix.trim();
    if (!/^[A-Za-z0-9_.-]+$/.test(wanted)) throw new InvalidInputError(`"${idOrPrefix}" is not a task id.`);
    const ids = this.ids();
    if (ids.includes(wanted)) return wanted;
    const matches = ids.filter((id) => id.startsWith(wanted));
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) throw new InvalidInputError(`"${wanted}" matches several tasks: ${matches.join(', ')}.`);
    throw new NotFoundError(`No task ${wanted} in ${this.dir}.`);
  }

  private parse(id: string, text: string) {
    try {
      return parseProgress(text);
    } catch (err) {
      if (err instanceof TaskFileError) {
        throw new InvalidInputError(`Task ${id} cannot be read (${err.message}); fix ${this.fileOf(id)} by hand. It was not changed.`);
      }
      throw err;
    }
  }

  private ids(): string[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.dir, { withFileTypes: true });
    } catch {
      return [];
    }
    return entries
      .filter((e) => e.isDirectory() && fs.existsSync(this.fileOf(e.name)))
      .map((e) => e.name)
      .sort();
  }

  private fileOf(id: string): string {
    return path.join(this.projectRoot, engramLayout.progressFile(id));
  }
}


/** Task files are shared through git: secrets are replaced before they are written. */
function redact(text: string, into: SecretFinding[]): string {
  const scanned = scanSecrets(text);
  into.push(...scanned.findings);
  return scanned.text;
}

/** The task, telling the caller what was redacted (only when something was). */
function withRedactions(task: Task, redacted: SecretFinding[]): Task {
  return redacted.length ? { ...task, redacted: redacted.map((f) => f.kind) } : task;
}

function cleanTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (!t) throw new InvalidInputError('A task needs a title.');
  if (t.length > TITLE_MAX) throw new InvalidInputError(`A task title is at most ${TITLE_MAX} characters.`);
  return t;
}

/** Sortable by creation time, short enough to type: t-<base36 ms><3 random chars>. */
function newTaskId(now: Date): string {
  return `t-${now.getTime().toString(36)}${crypto.randomBytes(2).toString('hex').slice(0, 3)}`;
}
