/**
 * The one owner of the `.engram/` layout (SPEC §3): every path under a project's `.engram/`
 * folder is computed here and nowhere else. Pure and free of runtime imports so the host, the CLI and
 * the renderer all import it: paths are relative to the project root with `/` separators
 * (`path.join(root, rel)` makes them native). It also says what kind each file is, whether it
 * is shared (meant to be committed) or personal to one checkout, and whether it is a memory
 * file whose entries merge by id, which team memory and worktrees build on.
 */

import type { ArtifactType } from './skills';

export const ENGRAM_DIR = '.engram';

/** Folders searched for skills, subagents and commands, first wins: Engram's own, then Claude Code's, then OpenCode's. */
export const ARTIFACT_DIRS = [ENGRAM_DIR, '.claude', '.opencode'] as const;
export type ArtifactDir = (typeof ARTIFACT_DIRS)[number];
/** Skill, subagent or command: the contract's list (a type-only import keeps this module free of zod). */
export type ArtifactKind = ArtifactType;

const under = (...parts: string[]) => [ENGRAM_DIR, ...parts].join('/');

/** The folders `engram init` creates (SPEC §3), relative to `.engram/`. */
export const ENGRAM_FOLDERS = ['sessions', 'tasks', 'skills', 'agents', 'commands', 'dreams'] as const;

/** File names fixed by SPEC §3. */
export const MEMORY_FILE_NAME = 'MEMORY.md';
export const CHECKPOINT_FILE_NAME = 'checkpoint.md';
export const NOTES_FILE_NAME = 'notes.md';
export const PROGRESS_FILE_NAME = 'progress.md';
export const SKILL_FILE_NAME = 'SKILL.md';
export const CONFIG_FILE_NAME = 'config.json';

export const engramLayout = {
  dir: ENGRAM_DIR,
  memoryFile: under(MEMORY_FILE_NAME),
  /** Where dreams move entries when MEMORY.md outgrows its budget (linked from MEMORY.md). */
  topicDir: under('memory'),
  /** A topic file, e.g. `topicFile('decisions')`; `slug` is already a safe file stem. */
  topicFile: (slug: string) => under('memory', `${slug}.md`),
  /** A topic file as MEMORY.md links it (relative to MEMORY.md's folder). */
  topicLink: (slug: string) => `memory/${slug}.md`,
  sessionsDir: under('sessions'),
  sessionDir: (sessionId: string) => under('sessions', sessionId),
  checkpointFile: (sessionId: string) => under('sessions', sessionId, CHECKPOINT_FILE_NAME),
  notesFile: (sessionId: string) => under('sessions', sessionId, NOTES_FILE_NAME),
  tasksDir: under('tasks'),
  taskDir: (taskId: string) => under('tasks', taskId),
  progressFile: (taskId: string) => under('tasks', taskId, PROGRESS_FILE_NAME),
  /** Archived tasks, whole folders moved off the board (a dot folder: no task, not indexed). */
  archivedTasksDir: under('tasks', '.archived'),
  archivedTaskDir: (folder: string) => under('tasks', '.archived', folder),
  dreamsDir: under('dreams'),
  dreamReport: (dreamId: string) => under('dreams', `${dreamId}.md`),
  /** MEMORY.md as it was before a dream, kept for `engram dream revert`. */
  dreamBefore: (dreamId: string) => under('dreams', `${dreamId}.before.md`),
  /** Where a revert sets aside a person's later version of `rel` (a path under `.engram/`). */
  dreamReplaced: (dreamId: string, rel: string) => under('dreams', `${dreamId}.replaced`, withinEngram(rel)),
  /** One dream per project at a time, across processes. */
  dreamLock: under('dreams', '.lock'),
  configFile: under(CONFIG_FILE_NAME),
  /** Folder holding one kind of artifact in one of the artifact folders. */
  artifactsDir: (kind: ArtifactKind, dir: ArtifactDir = ENGRAM_DIR) => `${dir}/${kind}s`,
  /** `skills/<name>/SKILL.md`, `agents/<name>.md`, `commands/<name>.md`. */
  artifactFile: (kind: ArtifactKind, name: string, dir: ArtifactDir = ENGRAM_DIR) =>
    kind === 'skill' ? `${dir}/skills/${name}/${SKILL_FILE_NAME}` : `${dir}/${kind}s/${name}.md`,
} as const;

/** `rel` (a project-relative path under `.engram/`) without the `.engram/` prefix. */
export function withinEngram(rel: string): string {
  const p = rel.split('\\').join('/');
  return p.startsWith(ENGRAM_DIR + '/') ? p.slice(ENGRAM_DIR.length + 1) : p;
}

export type EngramFileKind =
  | 'memory'
  | 'topic'
  | 'checkpoint'
  | 'notes'
  | 'task'
  | 'skill'
  | 'agent'
  | 'command'
  | 'dream-report'
  | 'dream-backup'
  | 'dream-lock'
  | 'config'
  | 'other';

export interface EngramFileInfo {
  kind: EngramFileKind;
  /** Session, task or dream id, artifact name, or topic file name; '' when none. */
  owner: string;
  /**
   * `shared`: part of the project, meant to be committed and merged (memory, tasks, skills,
   * dream reports, config). `personal`: one checkout's working state (sessions, a dream's
   * backups and lock), never shared.
   */
  sharing: 'shared' | 'personal';
  /** A memory markdown file: two versions merge entry by entry, by the entry's id. */
  mergesByEntryId: boolean;
  /** How git merges it with Engram's driver (see MERGEABLE_FILES); null: git's own merge. */
  mergeFormat: MergeFormat | null;
}

/**
 * What a path under `.engram/` is (project-relative, `/` or native separators); null when the
 * path is not under `.engram/`. Unknown files under `.engram/` are `other` and shared.
 */
export function classifyEngramPath(rel: string): EngramFileInfo | null {
  const p = rel.split('\\').join('/').replace(/^\.\//, '');
  if (!p.startsWith(ENGRAM_DIR + '/')) return null;
  const parts = p.slice(ENGRAM_DIR.length + 1).split('/');
  const info = (kind: EngramFileKind, owner = '', sharing: 'shared' | 'personal' = 'shared'): EngramFileInfo => ({
    kind,
    owner,
    sharing,
    mergesByEntryId: kind === 'memory' || kind === 'topic',
    mergeFormat: kind === 'memory' || kind === 'topic' ? 'memory' : kind === 'task' ? 'progress' : null,
  });
  const [top, second, third] = parts;
  if (parts.length === 1 && top === MEMORY_FILE_NAME) return info('memory');
  if (parts.length === 1 && top === CONFIG_FILE_NAME) return info('config');
  if (top === 'memory' && parts.length === 2 && second.endsWith('.md')) return info('topic', second);
  if (top === 'sessions') {
    const kind = parts.length === 3 && third === CHECKPOINT_FILE_NAME ? 'checkpoint' : parts.length === 3 && third === NOTES_FILE_NAME ? 'notes' : 'other';
    return info(kind, second ?? '', 'personal');
  }
  if (top === 'tasks' && parts.length === 3 && third === PROGRESS_FILE_NAME) return info('task', second);
  if (top === 'skills' && parts.length >= 2) return info('skill', second);
  if ((top === 'agents' || top === 'commands') && parts.length === 2 && second.endsWith('.md')) {
    return info(top === 'agents' ? 'agent' : 'command', second.slice(0, -3));
  }
  if (top === 'dreams' && parts.length >= 2) {
    if (second === '.lock') return info('dream-lock', '', 'personal');
    const backup = /^(.+?)\.(before\.md|replaced)$/.exec(second);
    if (backup) return info('dream-backup', backup[1], 'personal');
    if (parts.length === 2 && second.endsWith('.md')) return info('dream-report', second.slice(0, -3));
  }
  return info('other');
}

/**
 * The personal part of `.engram/` as gitignore patterns (relative to `.engram/`): what a
 * checkout keeps to itself (`init` writes them into `.engram/.gitignore`).
 */
export const PERSONAL_PATTERNS = [
  'sessions/',
  'dreams/.lock',
  'dreams/*.before.md',
  'dreams/*.replaced/',
  // Each machine's own write bookkeeping (main/fs/guardedReplace.ts, memory/files/writeJournal.ts).
  '.journal/',
  '.*.engram-prev-*',
  '.*.engram-swap',
  '*.lock',
  // The turn taken to break a stale lock (main/fs/exclusiveLock.ts): there for an instant, or
  // left by a process killed inside it until the next taker clears it.
  '*.lock.break',
] as const;

/** `.engram/.gitignore`, listing PERSONAL_PATTERNS. */
export const GITIGNORE_FILE = under('.gitignore');

/** How Engram's git merge driver merges a file: entry by id (memory) or task log (progress). */
export type MergeFormat = 'memory' | 'progress';

export interface MergeableFile {
  /** A .gitattributes pattern, relative to the repository root. */
  pattern: string;
  format: MergeFormat;
}

/** The shared files git merges with Engram's driver (team memory), as .gitattributes patterns. */
export const MERGEABLE_FILES: readonly MergeableFile[] = [
  { pattern: engramLayout.memoryFile, format: 'memory' },
  { pattern: engramLayout.topicFile('*'), format: 'memory' },
  { pattern: engramLayout.progressFile('*'), format: 'progress' },
];

/**
 * The format a repository path merges as, or null when it is none of Engram's mergeable files.
 * A project may live below the repository root: the `.engram/…` tail is what counts.
 */
export function mergeFormatOf(repoPath: string): MergeFormat | null {
  const p = repoPath.split('\\').join('/').replace(/^\.\//, '');
  const at = p.lastIndexOf(ENGRAM_DIR + '/');
  const info = classifyEngramPath(at < 0 ? p : p.slice(at));
  return info?.mergeFormat ?? null;
}

/** ".engram/agents, .claude/agents or .opencode/agents" (or the three roots when `kind` is null) for messages, each with `suffix`. */
export function artifactDirsText(kind: ArtifactKind | null, suffix = ''): string {
  const dirs = ARTIFACT_DIRS.map((d) => (kind ? engramLayout.artifactsDir(kind, d) : d) + suffix);
  return `${dirs.slice(0, -1).join(', ')} or ${dirs[dirs.length - 1]}`;
}
