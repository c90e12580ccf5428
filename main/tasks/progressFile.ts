import { editFrontmatter, FrontmatterError, serializeFrontmatter, type EditableFrontmatter } from '../markdown/frontmatter';
import { isTaskStatus, type Task, type TaskLogLine, type TaskStatus } from './taskTypes';

/**
 * A task's progress.md (SPEC §3): YAML frontmatter, then a log of `- <time> [<session>:] text`
 * lines. Parsing keeps the original text so that an update rewrites only the frontmatter fields
 * it changes and appends to the log: a person's other fields, comments and notes survive.
 */
export type ProgressFile = EditableFrontmatter;

export class TaskFileError extends Error {}

const LOG_LINE = /^- (\d{4}-\d{2}-\d{2}T[\d:.]+Z?)\s+(?:(ses_[A-Za-z0-9_-]+):\s+)?(.*)$/;

export function parseProgress(text: string): ProgressFile {
  let file: ProgressFile;
  try {
    file = editFrontmatter(text);
  } catch (err) {
    if (err instanceof FrontmatterError) throw new TaskFileError(err.message);
    throw err;
  }
  const { doc } = file;
  const status = String(doc.get('status') ?? '');
  if (!isTaskStatus(status)) throw new TaskFileError(`unknown status "${status}" (todo, in_progress, review, blocked or done)`);
  if (!String(doc.get('title') ?? '').trim()) throw new TaskFileError('the task has no title');
  return file;
}

export function taskFromFile(id: string, path: string, file: ProgressFile): Task {
  const data = file.doc.toJS() as Record<string, unknown>;
  return {
    id,
    path,
    title: String(data.title).trim(),
    status: String(data.status) as TaskStatus,
    created: dateText(data.created),
    updated: dateText(data.updated),
    sessions: Array.isArray(data.sessions) ? data.sessions.map(String) : [],
    log: parseLog(file.body),
    branch: optionalText(data.branch),
    worktree: optionalText(data.worktree),
    base: optionalText(data.base),
    session: optionalText(data.session),
  };
}

function optionalText(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

export function serializeProgress(file: ProgressFile): string {
  return serializeFrontmatter(file);
}

export function newProgressText(title: string, status: TaskStatus, now: Date): string {
  const iso = isoSeconds(now);
  const file = parseProgress(`---\ntitle: x\nstatus: ${status}\n---\n`);
  file.doc.set('title', title);
  file.doc.set('created', iso);
  file.doc.set('updated', iso);
  file.doc.set('sessions', []);
  file.body = `- ${logTime(now)} created\n`;
  return serializeProgress(file);
}

/** Appends one log line, keeping the file's line endings and a final newline. */
export function appendLog(file: ProgressFile, now: Date, text: string, session?: string): void {
  const oneLine = text.replace(/\s*\r?\n\s*/g, ' ').trim();
  const line = `- ${logTime(now)} ${session ? `${session}: ` : ''}${oneLine}`;
  const nl = file.newline;
  const body = file.body;
  file.body = body === '' || body.endsWith('\n') ? `${body}${line}${nl}` : `${body}${nl}${line}${nl}`;
}

function parseLog(body: string): TaskLogLine[] {
  const lines: TaskLogLine[] = [];
  for (const raw of body.split(/\r?\n/)) {
    const m = LOG_LINE.exec(raw);
    if (m) lines.push({ at: m[1], session: m[2] ?? null, text: m[3] });
    else if (raw.startsWith('  ') && lines.length) lines[lines.length - 1].text += '\n' + raw.trim();
  }
  return lines;
}

export const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
export const logTime = (d: Date) => d.toISOString().slice(0, 16) + 'Z';

function dateText(v: unknown): string {
  if (v instanceof Date) return isoSeconds(v);
  return v === undefined || v === null ? '' : String(v);
}
