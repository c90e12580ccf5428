import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { replaceGuarded, type GuardedOutcome, type PlanChange } from './guardedReplace';

/**
 * Replaces a file of a person's project (the agent's write and edit) the way memory files are
 * replaced: planned on the bytes there at the swap, a save landing meanwhile planned on again or
 * kept beside the file as a conflict copy. Nothing of Engram's is left beside their sources: the
 * writers' turn is taken in a lock under the OS temp folder (`Gemfile.lock` is not a lock), and
 * the replaced version is not kept.
 */
export function replaceProjectFile(file: string, plan: PlanChange, onConflictCopy: (copy: string) => void): GuardedOutcome {
  const key = crypto.createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 32);
  return replaceGuarded(file, plan, {
    keepPrevious: false,
    lockPath: path.join(os.tmpdir(), 'engram-file-locks', `${key}.lock`),
    onConflictCopy,
  });
}

/** What the agent (and so the person) is told about conflict copies a write left. */
export function conflictCopyNote(root: string, copies: string[]): string {
  if (!copies.length) return '';
  const rel = copies.map((c) => path.relative(root, c)).join(', ');
  return `\nA save by someone else landed while this was written; their version is kept beside the file: ${rel}. Compare and merge it.`;
}
