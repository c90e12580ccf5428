import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { replaceProjectFile } from '../fs/projectFileWrite';
import { engramLayout, MERGEABLE_FILES } from '../../contract/engramLayout';
import type { TeamMemoryStatus } from '../../contract/memory';
import { InvalidInputError } from '../errors/domainErrors';

/**
 * Sharing `.engram/` through git: `.gitattributes` lines that send Engram's mergeable files to
 * the `engram` merge driver, the driver's registration in the repository's git config (git
 * never clones config, so each teammate registers it once). Personal folders are kept out of
 * commits by `personalFiles.ts`.
 */
export const DRIVER_NAME = 'engram';
const ATTRIBUTE = `merge=${DRIVER_NAME}`;
const ATTRIBUTES_HEADER = '# Engram memory merges by entry id: engram init --team';

/** Whether this clone merges memory by entry id (the contract's shape). */
export type TeamStatus = TeamMemoryStatus;

export function teamStatus(root: string): TeamStatus {
  if (!git(root, ['rev-parse', '--is-inside-work-tree']).ok) return { gitRepo: false, attributes: false, registered: false };
  const attr = git(root, ['check-attr', 'merge', '--', engramLayout.memoryFile]);
  return {
    gitRepo: true,
    attributes: attr.ok && attr.out.trim().endsWith(`: merge: ${DRIVER_NAME}`),
    registered: git(root, ['config', '--get', `merge.${DRIVER_NAME}.driver`]).out.trim() !== '',
  };
}

/** What to tell a teammate whose clone has the attributes but not the driver, or null. */
export function unregisteredDriverNotice(status: TeamStatus): string | null {
  if (!status.attributes || status.registered) return null;
  return (
    "This repository merges Engram's memory by entry id, but the merge driver is not registered in your git config " +
    '(git does not clone config). Register it with: engram init --team'
  );
}

export interface TeamSetupResult {
  /** `.gitattributes` lines added (none when all were there). */
  attributesAdded: string[];
  /** The driver command now registered. */
  driver: string;
  /** Whether the git config changed. */
  registered: boolean;
}

/** Idempotent: lines and settings already present are left as they are. */
export function setUpTeamMemory(root: string, driverCommand: string): TeamSetupResult {
  requireGitRepo(root);
  const attributesAdded = ensureAttributes(root);
  return { attributesAdded, driver: driverCommand, registered: registerMergeDriver(root, driverCommand) };
}

/**
 * Sets `merge.engram.name` and `merge.engram.driver` in the repository's own git config (what
 * a teammate's clone lacks); returns whether anything changed.
 */
export function registerMergeDriver(root: string, driverCommand: string): boolean {
  requireGitRepo(root);
  const before = git(root, ['config', '--local', '--get', `merge.${DRIVER_NAME}.driver`]).out.trim();
  const name = git(root, ['config', '--local', '--get', `merge.${DRIVER_NAME}.name`]).out.trim();
  if (!name) must(root, ['config', '--local', `merge.${DRIVER_NAME}.name`, 'Engram memory: merge by entry id']);
  if (before !== driverCommand) must(root, ['config', '--local', `merge.${DRIVER_NAME}.driver`, driverCommand]);
  return before !== driverCommand || !name;
}

function requireGitRepo(root: string): void {
  if (!git(root, ['rev-parse', '--is-inside-work-tree']).ok) {
    throw new InvalidInputError(`${root} is not inside a git repository: run "git init" first, then "engram init --team"`);
  }
}

/**
 * The driver command git runs: this CLI by absolute path, quoted for git's shell, with git's
 * placeholders for base, ours, theirs and the path. `runtime` is the Node (or Electron, with
 * `env` ELECTRON_RUN_AS_NODE=1) that runs it.
 */
export function driverCommandFor(runtime: string, cliPath: string, env: Record<string, string> = {}): string {
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
  return `${prefix}${shellQuote(runtime)} ${shellQuote(cliPath)} merge-driver %O %A %B %P`;
}

/**
 * This package's `bin/engram.js`: the script that was run when it is the CLI, else found by
 * walking up from this bundle (out/main/…, or the packaged app).
 */
export function engramCliScript(): string {
  const invoked = process.argv[1] ? path.resolve(process.argv[1]) : '';
  if (/(^|[\\/])engram(\.js)?$/.test(invoked)) return invoked;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'bin', 'engram.js');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return candidate;
  }
}

/**
 * `.gitattributes` is the person's file: the lines are added to what is there at the swap (a
 * save landing meanwhile is planned on again, see replaceGuarded), never written over it.
 */
function ensureAttributes(root: string): string[] {
  const file = path.join(root, '.gitattributes');
  let missing: string[] = [];
  replaceProjectFile(
    file,
    (current) => {
      const before = current?.toString('utf8') ?? '';
      const lines = before.split(/\r?\n/).map((l) => l.trim().split(/\s+/));
      missing = MERGEABLE_FILES.map((f) => `${f.pattern} ${ATTRIBUTE}`).filter(
        (line) => !lines.some((words) => words[0] === line.split(' ')[0] && words.includes(ATTRIBUTE)),
      );
      if (!missing.length) return null;
      const sep = before && !before.endsWith('\n') ? '\n' : '';
      const header = before.includes(ATTRIBUTES_HEADER) ? '' : `${before ? '\n' : ''}${ATTRIBUTES_HEADER}\n`;
      return `${before}${sep}${header}${missing.map((l) => l + '\n').join('')}`;
    },
    sayConflictCopy,
  );
  return missing;
}

function sayConflictCopy(copy: string): void {
  process.stderr.write(`engram: a save landed while Engram was writing ${path.basename(copy).replace(/\.conflict-[^.]*/, '')}; that version is kept at ${copy}\n`);
}

function shellQuote(s: string): string {
  return /^[\w./:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const res = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (res.error) throw new Error(`cannot run git: ${res.error.message}`);
  return { ok: res.status === 0, out: res.stdout, err: res.stderr };
}

function must(cwd: string, args: string[]): string {
  const r = git(cwd, args);
  if (!r.ok) throw new Error(`git ${args.join(' ')} failed: ${r.err.trim().split('\n')[0]}`);
  return r.out;
}
