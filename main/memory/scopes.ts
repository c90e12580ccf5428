import { engramLayout } from '../../contract/engramLayout';
import { memoryTemplate } from './engramFolder';

/**
 * Where indexed files live. A project's scope key is its real path; the user-wide memory in
 * the data folder has the fixed key `@user`. Relative paths in the index are relative to
 * `root`.
 */
export interface MemoryScope {
  key: string;
  root: string;
  /** The MEMORY.md of this scope, relative to root. */
  memoryFile: string;
  /** Whether checkpoints, notes and tasks live here (only in projects). */
  hasSessions: boolean;
}

export const USER_SCOPE_KEY = '@user';

export function projectScope(realRoot: string): MemoryScope {
  return { key: realRoot, root: realRoot, memoryFile: engramLayout.memoryFile, hasSessions: true };
}

export function userScope(dataDir: string): MemoryScope {
  return { key: USER_SCOPE_KEY, root: dataDir, memoryFile: 'MEMORY.md', hasSessions: false };
}

export const USER_MEMORY_TEMPLATE = memoryTemplate('User memory');
