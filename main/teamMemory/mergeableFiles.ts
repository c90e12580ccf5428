/**
 * Which files under `.engram/` git merges with Engram's driver, and how. Kept in this one small
 * place (patterns in git's attribute syntax plus a matcher) so it can move into the module that
 * owns the `.engram/` layout without touching the driver.
 *
 * Shared through git: MEMORY.md, topic files, tasks, skills, agents, commands, dream reports.
 * Personal (gitignored by `init`): sessions/ (checkpoints and notes are per person and bulky).
 */
export type MergeFormat = 'memory' | 'progress';

export interface MergeableFile {
  /** A .gitattributes pattern, relative to the repository root. */
  pattern: string;
  format: MergeFormat;
  /** The same pattern as a regular expression over a `/`-separated path. */
  matches: RegExp;
}

export const MERGEABLE_FILES: MergeableFile[] = [
  { pattern: '.engram/MEMORY.md', format: 'memory', matches: /^\.engram\/MEMORY\.md$/ },
  { pattern: '.engram/memory/*.md', format: 'memory', matches: /^\.engram\/memory\/[^/]+\.md$/ },
  { pattern: '.engram/tasks/*/progress.md', format: 'progress', matches: /^\.engram\/tasks\/[^/]+\/progress\.md$/ },
];

/** Folders under `.engram/` that stay on each person's machine. */
export const PERSONAL_FOLDERS = ['sessions/'];

/** The format a path merges as, or null when it is none of Engram's mergeable files. */
export function mergeFormatOf(relPath: string): MergeFormat | null {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  // A project may live below the repository root: match the `.engram/…` tail.
  const at = p.lastIndexOf('.engram/');
  const tail = at < 0 ? p : p.slice(at);
  return MERGEABLE_FILES.find((f) => f.matches.test(tail))?.format ?? null;
}
